package io.tablewave.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tablewave.continuous.Freshness;
import io.tablewave.execute.LoadScheduler;
import io.tablewave.registry.BatchTableStatus;
import io.tablewave.registry.Registry;
import io.tablewave.registry.TableStatus;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The server's metrics in Prometheus form: batches and table loads by outcome, rows loaded, load
 * durations, tables by status, workers in use, the Kafka records running loads still have to read,
 * and each table's freshness (as {@code SYS.FRESHNESS}). Gauges read the registry and the scheduler
 * when scraped.
 */
public final class ServerMetrics implements LoadMetrics {
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter rowsLoaded;

  private final Supplier<List<Freshness>> freshness;
  private final MultiGauge recordsBehind;
  private final MultiGauge lagMillis;
  private final MultiGauge lastRefresh;
  private final MultiGauge refreshFailing;

  /**
   * @param freshness how fresh each table is ({@code SYS.FRESHNESS}), read at each scrape
   */
  public ServerMetrics(
      Registry registry, LoadScheduler scheduler, Supplier<List<Freshness>> freshness) {
    requireNonNull(registry, "registry is null");
    requireNonNull(scheduler, "scheduler is null");
    this.freshness = requireNonNull(freshness, "freshness is null");
    recordsBehind =
        MultiGauge.builder("tablewave.table.records.behind")
            .description("committed records of the topics upstream not in the table yet")
            .register(meters);
    lagMillis =
        MultiGauge.builder("tablewave.table.lag.millis")
            .description("age of the oldest record not in the table yet, 0 when none")
            .register(meters);
    lastRefresh =
        MultiGauge.builder("tablewave.table.last.refresh.timestamp.seconds")
            .description("when the table was last loaded or found up to date (epoch seconds)")
            .register(meters);
    refreshFailing =
        MultiGauge.builder("tablewave.table.refresh.failing")
            .description("1 when the table's last refresh failed (see SYS.FRESHNESS.LAST_ERROR)")
            .register(meters);
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
  public synchronized String scrape() {
    List<Freshness> tables = freshness.get();
    recordsBehind.register(
        rows(tables.stream().filter(f -> f.recordsBehind() != null), Freshness::recordsBehind),
        true);
    lagMillis.register(
        rows(tables.stream().filter(f -> f.lagMillis() != null), Freshness::lagMillis), true);
    lastRefresh.register(
        rows(
            tables.stream().filter(f -> f.lastRefreshAt() != null),
            f -> f.lastRefreshAt().toEpochMilli() / 1000.0),
        true);
    refreshFailing.register(rows(tables.stream(), f -> f.lastError() == null ? 0 : 1), true);
    return meters.scrape();
  }

  private static List<MultiGauge.Row<?>> rows(
      Stream<Freshness> tables, Function<Freshness, Number> value) {
    return tables
        .map(f -> MultiGauge.Row.of(Tags.of("table", f.tableName()), value.apply(f)))
        .collect(Collectors.toList());
  }
}
