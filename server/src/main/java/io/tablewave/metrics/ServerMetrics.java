package io.tablewave.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tablewave.execute.LoadScheduler;
import io.tablewave.registry.BatchTableStatus;
import io.tablewave.registry.Registry;
import io.tablewave.registry.TableStatus;
import java.time.Duration;
import java.util.Locale;

/**
 * The server's metrics in Prometheus form: batches and table loads by outcome, rows loaded, load
 * durations, tables by status, workers in use and the Kafka records running loads still have to
 * read. Gauges read the registry and the scheduler when scraped.
 */
public final class ServerMetrics implements LoadMetrics {
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter rowsLoaded;

  public ServerMetrics(Registry registry, LoadScheduler scheduler) {
    requireNonNull(registry, "registry is null");
    requireNonNull(scheduler, "scheduler is null");
    rowsLoaded =
        Counter.builder("tablewave.rows.loaded")
            .description("rows written into loaded tables")
            .register(meters);
    for (TableStatus status : TableStatus.values()) {
      Gauge.builder(
              "tablewave.tables",
              registry,
              r -> r.tables().stream().filter(t -> t.status() == status).count())
          .description("tables in PUBLIC by status")
          .tag("status", status.name())
          .register(meters);
    }
    Gauge.builder("tablewave.workers", scheduler, LoadScheduler::workers)
        .description("load workers of the server")
        .register(meters);
    Gauge.builder("tablewave.workers.busy", scheduler, LoadScheduler::busyWorkers)
        .description("load workers loading a table now")
        .register(meters);
    Gauge.builder(
            "tablewave.kafka.lag.records",
            registry,
            r ->
                r.liveProgress().stream()
                    .filter(p -> p.rowsExpected() != null)
                    .mapToLong(p -> Math.max(0, p.rowsExpected() - p.rowsLoaded()))
                    .sum())
        .description("Kafka records running loads have still to read")
        .register(meters);
  }

  @Override
  public void tableFinished(BatchTableStatus status, long rows, Duration took) {
    Counter.builder("tablewave.table.loads")
        .description("table loads by outcome")
        .tag("status", status.name())
        .register(meters)
        .increment();
    if (status == BatchTableStatus.SUCCEEDED) {
      rowsLoaded.increment(rows);
      Timer.builder("tablewave.table.load.duration")
          .description("time to load one table")
          .publishPercentileHistogram()
          .register(meters)
          .record(took);
    }
  }

  @Override
  public void batchFinished(String status, Duration took) {
    Counter.builder("tablewave.batches")
        .description("batches by outcome")
        .tag("status", status.toUpperCase(Locale.ROOT))
        .register(meters)
        .increment();
    Timer.builder("tablewave.batch.duration")
        .description("time from submission to the end of a batch")
        .publishPercentileHistogram()
        .register(meters)
        .record(took);
  }

  /** The text exposition Prometheus scrapes. */
  public String scrape() {
    return meters.scrape();
  }
}
