package io.tablewave.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** Checks the self-contained jar users drop into DBeaver, after {@code package}. */
class ShadedJarIT {
  private static final Path JAR =
      Path.of(System.getProperty("tablewave.shadedJar", "target/tablewave-driver.jar"));

  @Test
  void announcesOnlyTheTablewaveDriver() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      ZipEntry services = jar.getEntry("META-INF/services/java.sql.Driver");
      String text = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);

      assertThat(
              text.lines()
                  .map(String::trim)
                  .filter(line -> !line.isEmpty() && !line.startsWith("#")))
          .containsExactly("io.tablewave.jdbc.Driver");
    }
  }

  @Test
  void relocatesThirdPartyPackagesAndKeepsAvatica() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> classes =
          jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();

      assertThat(classes)
          .noneMatch(
              name ->
                  name.startsWith("com/google/protobuf/")
                      || name.startsWith("org/apache/hc/")
                      || name.startsWith("com/fasterxml/")
                      || name.startsWith("org/slf4j/")
                      || name.startsWith("META-INF/versions/"));
      assertThat(classes)
          .contains(
              "io/tablewave/jdbc/Driver.class",
              "org/apache/calcite/avatica/remote/Driver.class",
              "io/tablewave/shaded/com/google/protobuf/Message.class",
              "io/tablewave/shaded/org/apache/hc/client5/http/classic/HttpClient.class",
              "io/tablewave/shaded/com/fasterxml/jackson/databind/ObjectMapper.class");
      assertThat(classes)
          .allMatch(
              name ->
                  name.startsWith("io/tablewave/")
                      || name.startsWith("org/apache/calcite/avatica/"));
      assertThat(jar.getEntry("io/tablewave/jdbc/tablewave-driver.properties")).isNotNull();
    }
  }

  @Test
  void worksAloneOnAClassPath() throws Exception {
    assertThat(Files.isRegularFile(JAR)).isTrue();
    try (H2AvaticaServer server = H2AvaticaServer.start();
        URLClassLoader alone =
            new URLClassLoader(
                new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      java.sql.Driver driver =
          (java.sql.Driver)
              Class.forName("io.tablewave.jdbc.Driver", true, alone).getConstructor().newInstance();
      assertThat(driver.getClass().getClassLoader()).isSameAs(alone);

      try (Connection connection = driver.connect(server.jdbcUrl(), new Properties());
          Statement statement = connection.createStatement()) {
        assertThat(connection.getMetaData().getDriverName()).isEqualTo("Tablewave JDBC Driver");
        assertThat(connection.getMetaData().supportsTransactions()).isTrue();
        try (ResultSet rows = statement.executeQuery("SELECT 41 + 1")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(42);
        }
        statement.execute("CREATE TABLE S (ID INT PRIMARY KEY)");
        statement.addBatch("INSERT INTO S VALUES (1)");
        statement.addBatch("INSERT INTO S VALUES (1)");
        BatchUpdateException failure =
            catchThrowableOfType(BatchUpdateException.class, statement::executeBatch);
        assertThat(failure.getUpdateCounts()).containsExactly(1, Statement.EXECUTE_FAILED);
        SQLException missing =
            catchThrowableOfType(
                SQLException.class, () -> statement.executeQuery("SELECT * FROM NOPE"));
        assertThat(missing.getSQLState()).isEqualTo("42S02");
      }
    }
  }
}
