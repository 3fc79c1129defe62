package io.tablewave.ui;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the live page and its API under {@code /ui/} and hands every other request to the handler
 * it wraps (Avatica's, which answers anything but POST with 400, so this one has to come first).
 * Placed there it is also ahead of Avatica's authentication: with a users file it checks the
 * request's user itself.
 *
 * <ul>
 *   <li>{@code GET /ui/}: the page; {@code /ui/?batch=ID} opens one batch
 *   <li>{@code GET /ui/api/batches[?limit=N]}: the batches, newest first
 *   <li>{@code GET /ui/api/batches/ID}: one batch's nodes, edges and wave totals
 *   <li>{@code GET /ui/api/batches/ID/events}: the same as Server-Sent Events
 *   <li>{@code GET /ui/api/graph}: every registered table and the topics they read
 * </ul>
 */
public final class UiHandler extends HandlerWrapper {
  private static final Logger LOG = LoggerFactory.getLogger(UiHandler.class);
  private static final String ROOT = "/ui";
  private static final Pattern BATCH = Pattern.compile("/ui/api/batches/([^/]+)(/events)?");
  private static final int DEFAULT_LIST_LIMIT = 200;

  private final BatchViews batches;
  private final GraphViews graph;
  private final Optional<UiAuthentication> authentication;
  private final EventStreamSettings streams;
  private final UiResources resources = UiResources.load();
  private final ObjectMapper json =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private final Semaphore openStreams;
  private volatile boolean stopping;

  public UiHandler(
      PipelineReads reads,
      Clock clock,
      Optional<UiAuthentication> authentication,
      EventStreamSettings streams) {
    requireNonNull(reads, "reads is null");
    this.batches = new BatchViews(reads, requireNonNull(clock, "clock is null"));
    this.graph = new GraphViews(reads);
    this.authentication = requireNonNull(authentication, "authentication is null");
    this.streams = requireNonNull(streams, "streams is null");
    this.openStreams = new Semaphore(streams.maxStreams());
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, javax.servlet.ServletException {
    if (!target.equals(ROOT) && !target.startsWith(ROOT + "/")) {
      super.handle(target, baseRequest, request, response);
      return;
    }
    baseRequest.setHandled(true);
    if (authentication.isPresent() && authentication.get().user(request).isEmpty()) {
      response.setHeader(
          "WWW-Authenticate", "Basic realm=\"" + UiAuthentication.REALM + "\", charset=\"UTF-8\"");
      error(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          "the live page needs a user of the server's --users-file (role reader or loader)");
      return;
    }
    if (!"GET".equals(request.getMethod())) {
      response.setHeader("Allow", "GET");
      error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "the live page answers GET only");
      return;
    }
    if (target.equals(ROOT)) {
      String query = request.getQueryString();
      response.sendRedirect(ROOT + "/" + (query == null ? "" : "?" + query));
      return;
    }
    String path = target.substring(ROOT.length() + 1);
    if (path.startsWith("api/")) {
      api(target, request, response);
      return;
    }
    Optional<UiResources.Resource> resource = resources.get(path);
    if (resource.isEmpty()) {
      error(
          response,
          HttpServletResponse.SC_NOT_FOUND,
          "no such page: " + target + "; the live page is at /ui/");
      return;
    }
    response.setContentType(resource.get().contentType());
    response.setHeader(
        "Cache-Control", resource.get().immutable() ? "public, max-age=86400" : "no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.getOutputStream().write(resource.get().bytes());
  }

  private void api(String target, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (target.equals("/ui/api/batches")) {
      Optional<Integer> limit = number(request.getParameter("limit")).map(Long::intValue);
      if (request.getParameter("limit") != null && (limit.isEmpty() || limit.get() < 1)) {
        error(
            response,
            HttpServletResponse.SC_BAD_REQUEST,
            "limit must be a positive integer, got '" + request.getParameter("limit") + "'");
        return;
      }
      send(response, Map.of("batches", batches.batches(limit.orElse(DEFAULT_LIST_LIMIT))));
      return;
    }
    if (target.equals("/ui/api/graph")) {
      send(response, graph.graph());
      return;
    }
    Matcher matcher = BATCH.matcher(target);
    if (!matcher.matches()) {
      error(
          response,
          HttpServletResponse.SC_NOT_FOUND,
          "no such endpoint: "
              + target
              + "; the API has"
              + " /ui/api/batches, /ui/api/batches/ID, /ui/api/batches/ID/events and /ui/api/graph");
      return;
    }
    Optional<Long> id = number(matcher.group(1));
    if (id.isEmpty()) {
      error(
          response,
          HttpServletResponse.SC_BAD_REQUEST,
          "'"
              + matcher.group(1)
              + "' is not a batch id;"
              + " batch ids are numbers (see GET /ui/api/batches or SYS.BATCHES)");
      return;
    }
    Optional<BatchSnapshot> snapshot = batches.batch(id.get());
    if (snapshot.isEmpty()) {
      error(
          response,
          HttpServletResponse.SC_NOT_FOUND,
          "batch " + id.get() + " does not exist" + " (see GET /ui/api/batches or SYS.BATCHES)");
      return;
    }
    if (matcher.group(2) == null) {
      send(response, snapshot.get());
    } else {
      events(snapshot.get(), response);
    }
  }

  private void events(BatchSnapshot first, HttpServletResponse response) throws IOException {
    if (!openStreams.tryAcquire()) {
      error(
          response,
          HttpServletResponse.SC_SERVICE_UNAVAILABLE,
          "too many open event streams ("
              + streams.maxStreams()
              + "); poll GET /ui/api/batches/"
              + first.batch().id()
              + " instead");
      return;
    }
    try {
      response.setStatus(HttpServletResponse.SC_OK);
      response.setContentType("text/event-stream;charset=utf-8");
      response.setHeader("Cache-Control", "no-cache");
      response.setHeader("X-Accel-Buffering", "no");
      new BatchEventStream(batches, json, streams, () -> stopping)
          .stream(first, response.getOutputStream());
    } catch (EofException e) {
      LOG.debug("a client of batch {}'s events went away", first.batch().id(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      openStreams.release();
    }
  }

  private void send(HttpServletResponse response, Object body) throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json;charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    response.getOutputStream().write(json.writeValueAsBytes(body));
  }

  private void error(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=utf-8");
    response
        .getOutputStream()
        .write(json.writeValueAsString(Map.of("error", message)).getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<Long> number(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  protected void doStop() throws Exception {
    stopping = true;
    authentication.ifPresent(UiAuthentication::close);
    super.doStop();
  }
}
