package io.tablewave.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** Serves {@code GET /metrics} for Prometheus on its own port. */
public final class MetricsEndpoint implements AutoCloseable {
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer http;

  private MetricsEndpoint(HttpServer http) {
    this.http = http;
  }

  /** Starts serving {@code metrics} on {@code host:port} (port 0: a free one). */
  public static MetricsEndpoint start(String host, int port, ServerMetrics metrics) {
    requireNonNull(metrics, "metrics is null");
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
      http.createContext("/metrics", exchange -> answer(exchange, metrics));
      http.setExecutor(
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "tablewave-metrics");
                thread.setDaemon(true);
                return thread;
              }));
      http.start();
      return new MetricsEndpoint(http);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on "
              + host
              + ":"
              + port
              + " (is the port in use? choose"
              + " another with --metrics-port): "
              + e.getMessage(),
          e);
    }
  }

  private static void answer(HttpExchange exchange, ServerMetrics metrics) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
