package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.scalar;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * SPEC 11 in a real browser: Debian's headless Chromium, driven through {@code
 * /usr/bin/chromedriver} (nothing is downloaded), watches a batch with slow tables, a failing table
 * and its skipped dependents change in the page while it runs, then reads colours, row counts and
 * details from the page, and saves screenshots under {@code target/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePageBrowserTest {
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final String INSTALL = "apt-get install -y chromium chromium-driver";
  private static final Path SCREENSHOTS = Path.of("target", "live-page");

  private TestServer server;
  private Connection connection;
  private ChromeDriver browser;
  private Path profile;

  @BeforeAll
  void start() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!CHROMEDRIVER.canExecute()) {
      if (ci) {
        throw new AssertionError(
            CHROMEDRIVER
                + " is missing: the browser test must run in CI; install it with '"
                + INSTALL
                + "' (.ci/run does)");
      }
      assumeTrue(
          false,
          CHROMEDRIVER
              + " is missing, so the browser test is skipped; install it with '"
              + INSTALL
              + "' (as root)");
    }
    server = TestServer.start(TestStore.DUCKDB);
    connection = server.connect();
    profile = Files.createTempDirectory("tablewave-chromium-");
    ChromeOptions options = new ChromeOptions();
    if (new File("/usr/bin/chromium").canExecute()) {
      options.setBinary("/usr/bin/chromium");
    }
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=1600,1000",
        "--force-device-scale-factor=1");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER)
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1600, 1000));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private String status(String node) {
    return (String)
        js(
            "var n = window.tablewave && window.tablewave.cy() && window.tablewave.cy().getElementById("
                + "arguments[0]); return n && n.nonempty() ? n.data('status') : null;",
            node);
  }

  /**
   * The batch's status word as the page shows it; the element is redrawn on each change, so read it
   * at once.
   */
  private String batchStatus() {
    return (String)
        js("var b = document.getElementById('batch-status'); return b ? b.textContent : null;");
  }

  @SuppressWarnings("unchecked")
  private List<String> seen(String node) {
    return (List<String>) js("return (window.seen || {})[arguments[0]] || [];", node);
  }

  private static String rgb(String colour) {
    return colour.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  private long newestBatch() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.pageUrl() + "api/batches?limit=1"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    var batches = new ObjectMapper().readTree(response.body()).get("batches");
    return batches.isEmpty() ? 0 : batches.get(0).get("id").asLong();
  }

  @Test
  void aRunningBatchChangesColourInThePageAndShowsRowsErrorsAndWhatWasSkipped() throws Exception {
    execute(
        connection,
        "CREATE TABLE br_d AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))"
            + " AS t(x)");
    execute(
        connection,
        "CREATE TABLE br_src AS SELECT a.x * 100 + b.x * 10 + c.x AS x FROM br_d a, br_d b, br_d c");
    // the batch's page is opened before the batch is planned, as a bookmark of the next batch: it
    // waits for it
    long batch = newestBatch() + 1;
    browser.get(server.pageUrl() + "?batch=" + batch);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(50));
    wait.until(
        d ->
            String.valueOf(js("return document.getElementById('summary').textContent;"))
                .contains("does not exist yet"));
    // record every status each node shows, from the page's first drawing of the batch on
    js(
        "window.seen = {}; var watched = null;"
            + "function note(n) { var l = window.seen[n.id()] || (window.seen[n.id()] = []);"
            + "  if (l[l.length - 1] !== n.data('status')) { l.push(n.data('status')); } }"
            + "setInterval(function () { var cy = window.tablewave.cy(); if (!cy) { return; }"
            + "  if (watched !== cy) { watched = cy; cy.on('data', 'node', function (e) { note(e.target); }); }"
            + "  cy.nodes().forEach(note); }, 10);");
    String slow =
        " AS SELECT a.x * 1000000 + b.x * 1000 + c.x AS v FROM br_src a, br_src b, br_src c WHERE c.x < ";
    // br_slow_a goes first (its path is the longest) and takes long enough on a fast, quiet machine
    // too for the page to show br_slow_b waiting behind it (60 million rows: about 2 s on a machine
    // where DuckDB writes 30 million rows a second, against the page's look for its batch every
    // 250 ms); br_slow_b, 30 million rows, loads for several of the event stream's 250 ms looks
    CompletableFuture<Void> loading =
        CompletableFuture.runAsync(
            () -> {
              // one table at a time: the others wait, pending, where the page can see them
              try (Connection own = server.connectWithParallelism(1);
                  Statement statement = own.createStatement()) {
                statement.addBatch("CREATE TABLE br_slow_a" + slow + 60);
                statement.addBatch("CREATE TABLE br_slow_b" + slow + 30);
                statement.addBatch(
                    "CREATE TABLE br_base WITH ('depends_on' = 'br_slow_a') AS"
                        + " SELECT * FROM (VALUES (1, '1'), (2, 'abc')) AS t(id, code)");
                statement.addBatch(
                    "CREATE TABLE br_bad AS SELECT CAST(code AS INTEGER) AS n FROM br_base");
                statement.addBatch("CREATE TABLE br_dep AS SELECT n FROM br_bad");
                statement.addBatch("CREATE TABLE br_dep_2 AS SELECT COUNT(*) AS n FROM br_dep");
                statement.addBatch("CREATE TABLE br_count AS SELECT COUNT(*) AS n FROM br_slow_b");
                statement.executeBatch();
              } catch (java.sql.BatchUpdateException expected) {
                // br_bad fails and its dependents are skipped
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    wait.withTimeout(Duration.ofSeconds(180)).until(d -> "partial".equals(batchStatus()));
    loading.get(60, TimeUnit.SECONDS);
    assertThat(newestBatch()).as("the page waited for this batch").isEqualTo(batch);

    assertThat(batchStatus()).isEqualTo("partial");
    assertThat(browser.findElement(By.id("connection")).getText())
        .isIn("finished", "live (server-sent events)");
    Map<String, String> expected =
        Map.of(
            "BR_SLOW_A",
            "succeeded",
            "BR_SLOW_B",
            "succeeded",
            "BR_BASE",
            "succeeded",
            "BR_BAD",
            "failed",
            "BR_DEP",
            "skipped",
            "BR_DEP_2",
            "skipped",
            "BR_COUNT",
            "succeeded");
    expected.forEach((node, end) -> assertThat(status(node)).as(node).isEqualTo(end));
    // the page was open before these started: it showed each one waiting, then loading, then its
    // end
    assertThat(seen("BR_SLOW_B"))
        .as("BR_SLOW_B")
        .containsSubsequence("pending", "loading", "succeeded");
    assertThat(seen("BR_BAD")).as("BR_BAD").startsWith("pending").endsWith("failed");
    assertThat(seen("BR_DEP")).as("BR_DEP").containsExactly("pending", "skipped");
    assertThat(seen("BR_COUNT")).as("BR_COUNT").startsWith("pending").endsWith("succeeded");

    // colours: each node is drawn in its status's colour of the legend
    for (Map.Entry<String, String> node : expected.entrySet()) {
      String drawn =
          (String)
              js(
                  "return window.tablewave.cy().getElementById(arguments[0]).style('background-color');",
                  node.getKey());
      String legend =
          (String)
              js(
                  "return getComputedStyle(document.querySelector("
                      + "'#legend i[data-status=\"' + arguments[0] + '\"]')).backgroundColor;",
                  node.getValue());
      assertThat(rgb(drawn)).as("%s is %s", node.getKey(), node.getValue()).isEqualTo(rgb(legend));
    }
    assertThat(
            rgb(
                (String)
                    js(
                        "return window.tablewave.cy().getElementById('BR_BAD').style('background-color');")))
        .isNotEqualTo(
            rgb(
                (String)
                    js(
                        "return window.tablewave.cy().getElementById('BR_SLOW_A')"
                            + ".style('background-color');")));
    // row counts as the page shows them on the nodes
    long slowRows = scalarLong(connection, "SELECT COUNT(*) FROM br_slow_b");
    assertThat(
            (String) js("return window.tablewave.cy().getElementById('BR_SLOW_B').data('label');"))
        .isEqualTo("BR_SLOW_B\n" + String.format(Locale.ROOT, "%,d", slowRows) + " rows");
    assertThat(
            (String) js("return window.tablewave.cy().getElementById('BR_COUNT').data('label');"))
        .isEqualTo("BR_COUNT\n1 rows");
    List<WebElement> waves = browser.findElements(By.cssSelector("#waves .wave"));
    assertThat(waves).hasSize(5);
    assertThat(waves.get(0).getText()).contains("Wave 1", "2 tables", "2 succeeded");
    // all seven statuses are in the legend
    assertThat(browser.findElements(By.cssSelector("#legend span[data-status]")))
        .extracting(e -> e.getAttribute("data-status"))
        .containsExactly(
            "pending", "loading", "succeeded", "failed", "skipped", "cancelled", "up_to_date");

    // a click on the failed table shows its error and SQL; on a skipped one, why it was skipped
    click("BR_DEP");
    wait.until(d -> d.findElement(By.id("detail-body")).getText().contains("skipped because"));
    assertThat(browser.findElement(By.id("detail-body")).getText())
        .contains("it depends on BR_BAD, which failed");
    click("BR_BAD");
    wait.until(d -> d.findElement(By.id("detail-body")).getText().contains("BR_BAD"));
    String error =
        (String)
            scalar(
                connection,
                "SELECT ERROR_MESSAGE FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " AND TABLE_NAME = 'BR_BAD'");
    assertThat(browser.findElement(By.id("detail-body")).getText())
        .contains(
            "failed", error.lines().findFirst().orElseThrow().strip(), "CAST(code AS INTEGER)");
    screenshot("batch.png");
  }

  @Test
  void theGraphOfAllTablesCanBeSearchedAndFocused() throws Exception {
    execute(connection, "CREATE TABLE gr_root AS SELECT * FROM (VALUES (1), (2)) AS t(x)");
    try (Statement statement = connection.createStatement()) {
      statement.addBatch("CREATE TABLE gr_left AS SELECT x FROM gr_root");
      statement.addBatch("CREATE TABLE gr_right AS SELECT x * 2 AS x FROM gr_root");
      statement.addBatch("CREATE TABLE gr_leaf AS SELECT COUNT(*) AS n FROM gr_left");
      statement.executeBatch();
    }
    browser.get(server.pageUrl() + "?graph");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(50));
    wait.until(d -> status("GR_LEAF") != null);
    assertThat(status("GR_LEAF")).isEqualTo("succeeded");

    WebElement search = browser.findElement(By.id("search"));
    search.sendKeys("gr_l");
    wait.until(
        d -> ((Number) js("return window.tablewave.cy().nodes('.match').length;")).intValue() == 2);
    assertThat(
            (Boolean)
                js("return window.tablewave.cy().getElementById('GR_RIGHT').hasClass('faded');"))
        .isTrue();
    search.clear();
    search.sendKeys(" ");
    search.clear();
    js("document.getElementById('search').dispatchEvent(new Event('input'));");

    click("GR_LEFT");
    browser.findElement(By.cssSelector("#focus button[data-focus=downstream]")).click();
    assertThat(
            (Boolean)
                js("return window.tablewave.cy().getElementById('GR_LEAF').hasClass('faded');"))
        .isFalse();
    assertThat(
            (Boolean)
                js("return window.tablewave.cy().getElementById('GR_ROOT').hasClass('faded');"))
        .isTrue();
    browser.findElement(By.cssSelector("#focus button[data-focus=upstream]")).click();
    assertThat(
            (Boolean)
                js("return window.tablewave.cy().getElementById('GR_ROOT').hasClass('faded');"))
        .isFalse();
    assertThat(
            (Boolean)
                js("return window.tablewave.cy().getElementById('GR_RIGHT').hasClass('faded');"))
        .isTrue();
    screenshot("graph.png");
    browser.findElement(By.cssSelector("#focus button[data-focus=none]")).click();
    assertThat(
            (Boolean)
                js("return window.tablewave.cy().getElementById('GR_RIGHT').hasClass('faded');"))
        .isFalse();
  }

  /** Clicks the node where the page drew it, as a user would. */
  @SuppressWarnings("unchecked")
  private void click(String node) {
    Map<String, Number> at =
        (Map<String, Number>)
            js(
                "var cy = window.tablewave.cy(); var n = cy.getElementById("
                    + "arguments[0]); cy.center(n); var p = n.renderedPosition(); var c = cy.container();"
                    + "return {x: p.x - c.clientWidth / 2, y: p.y - c.clientHeight / 2};",
                node);
    new Actions(browser)
        .moveToElement(
            browser.findElement(By.id("cy")), at.get("x").intValue(), at.get("y").intValue())
        .click()
        .perform();
  }

  private void screenshot(String name) throws Exception {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Path target = SCREENSHOTS.resolve(name);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(target)).isPositive();
    System.out.println("screenshot of the live page: " + target.toAbsolutePath());
  }
}
