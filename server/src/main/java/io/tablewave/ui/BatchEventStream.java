package io.tablewave.ui;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One client's Server-Sent Events of one batch: a {@code snapshot} event with the whole batch, then
 * a {@code change} event whenever something a page shows changed, a {@code : keep-alive} comment
 * after each quiet interval, and an {@code end} event once the batch is finished, after which the
 * stream closes. Runs on the request's thread until then, the client leaves or the server stops.
 */
final class BatchEventStream {
  private final BatchViews views;
  private final ObjectMapper json;
  private final EventStreamSettings settings;
  private final BooleanSupplier stopping;

  BatchEventStream(
      BatchViews views, ObjectMapper json, EventStreamSettings settings, BooleanSupplier stopping) {
    this.views = requireNonNull(views, "views is null");
    this.json = requireNonNull(json, "json is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.stopping = requireNonNull(stopping, "stopping is null");
  }

  /**
   * Streams the batch, whose first snapshot is given, until it ends.
   *
   * @throws IOException when the client went away
   */
  void stream(BatchSnapshot first, OutputStream out) throws IOException, InterruptedException {
    write(out, "retry: 2000\n");
    event(out, "snapshot", first);
    BatchSnapshot last = first;
    long quietSince = System.nanoTime();
    while (!stopping.getAsBoolean() && !isFinished(last)) {
      Thread.sleep(settings.poll().toMillis());
      Optional<BatchSnapshot> now = views.batch(first.batch().id());
      if (now.isEmpty()) {
        break;
      }
      Optional<BatchChange> change = BatchChange.between(last, now.get());
      last = now.get();
      if (change.isPresent()) {
        event(out, "change", change.get());
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= settings.keepAlive().toNanos()) {
        write(out, ": keep-alive\n\n");
        quietSince = System.nanoTime();
      }
    }
    if (!stopping.getAsBoolean()) {
      write(
          out,
          "event: end\ndata: {\"batch\":"
              + last.batch().id()
              + ",\"status\":\""
              + last.batch().status()
              + "\"}\n\n");
    }
  }

  private static boolean isFinished(BatchSnapshot snapshot) {
    String status = snapshot.batch().status();
    return !status.equals("planned") && !status.equals("running");
  }

  private void event(OutputStream out, String name, Object data) throws IOException {
    // JSON written by Jackson holds no raw line break, so one data line carries it
    write(out, "event: " + name + "\ndata: " + json.writeValueAsString(data) + "\n\n");
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
