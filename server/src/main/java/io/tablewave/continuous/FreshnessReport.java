package io.tablewave.continuous;

import static java.util.Objects.requireNonNull;

import io.tablewave.refresh.RefreshReasons;
import io.tablewave.refresh.TableVersion;
import io.tablewave.refresh.TableVersions;
import io.tablewave.registry.DependencyEdge;
import io.tablewave.registry.DependencyKind;
import io.tablewave.registry.Registry;
import io.tablewave.registry.TableEntry;
import io.tablewave.registry.TableStatus;
import io.tablewave.sql.RefreshSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How fresh every table is ({@link Freshness}): from the registry, the refresher's schedules and
 * the topics' backlogs. The backlogs are computed at most once per {@link #MAX_AGE} and a reader
 * waits at most {@link #MAX_WAIT} for a new computation, so a query stays fast while a broker is
 * slow or down (the figures are then those last known, or null).
 */
public final class FreshnessReport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FreshnessReport.class);
  static final Duration MAX_AGE = Duration.ofSeconds(1);
  static final Duration MAX_WAIT = Duration.ofSeconds(2);

  private final Registry registry;
  private final TableVersions versions;
  private final ContinuousRefresher refresher;
  private final TopicBacklogs backlogs;
  private final Clock clock;
  private final RegisteredProperties properties = new RegisteredProperties();
  private final ExecutorService computer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "tablewave-freshness");
            thread.setDaemon(true);
            return thread;
          });
  private Snapshot last = new Snapshot(Instant.EPOCH, Map.of());
  private CompletableFuture<Snapshot> computing;

  private record Snapshot(Instant at, Map<String, Backlog> backlogs) {}

  FreshnessReport(
      Registry registry,
      TableVersions versions,
      ContinuousRefresher refresher,
      TopicBacklogs backlogs,
      Clock clock) {
    this.registry = requireNonNull(registry, "registry is null");
    this.versions = requireNonNull(versions, "versions is null");
    this.refresher = requireNonNull(refresher, "refresher is null");
    this.backlogs = requireNonNull(backlogs, "backlogs is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public FreshnessReport(
      Registry registry,
      TableVersions versions,
      ContinuousRefresher refresher,
      io.tablewave.source.kafka.KafkaCatalog kafka,
      io.tablewave.source.kafka.RecordTimestamps timestamps,
      Clock clock) {
    this(registry, versions, refresher, new TopicBacklogs(registry, kafka, timestamps), clock);
  }

  /** One row per table in {@code PUBLIC}, by name. */
  public List<Freshness> rows() {
    Map<String, Backlog> own = backlogs();
    Map<String, List<String>> upstream = new HashMap<>();
    for (DependencyEdge edge : registry.dependencies()) {
      if (edge.kind() == DependencyKind.TABLE) {
        upstream
            .computeIfAbsent(TopicBacklogs.key(edge.tableName()), k -> new ArrayList<>())
            .add(edge.dependsOn());
      }
    }
    long now = clock.millis();
    List<Freshness> rows = new ArrayList<>();
    for (TableEntry table : registry.tables()) {
      if (table.status() != TableStatus.ACTIVE) {
        continue;
      }
      RefreshSchedule schedule = properties.schedule(table);
      Optional<Backlog> backlog = backlog(table.name(), own, upstream, new HashSet<>());
      rows.add(
          new Freshness(
              table.name(),
              mode(table, schedule),
              schedule.intervalText().orElse(null),
              refresher.lastRefreshAt(table.name()).orElse(table.updatedAt()),
              backlog.map(Backlog::records).orElse(null),
              backlog.map(b -> b.lagMillis(now)).orElse(null),
              schedule.active() ? refresher.nextRefreshAt(table.name()).orElse(null) : null,
              refresher.lastError(table.name()).orElse(table.lastError())));
    }
    rows.sort(Comparator.comparing(Freshness::tableName));
    return rows;
  }

  private String mode(TableEntry table, RefreshSchedule schedule) {
    return switch (schedule.kind()) {
      case CONTINUOUS, SCHEDULED -> schedule.kind().name();
      default ->
          versions.version(table.name()).map(TableVersion::refreshMode).orElse(RefreshReasons.FULL);
    };
  }

  /**
   * A table's own backlog and the largest of the tables it reads (refreshed in the same batch
   * before it); empty when it reads no topic, directly or not, or a topic cannot be read now.
   */
  private static Optional<Backlog> backlog(
      String table,
      Map<String, Backlog> own,
      Map<String, List<String>> upstream,
      Set<String> seen) {
    String key = TopicBacklogs.key(table);
    if (!seen.add(key)) {
      return Optional.empty();
    }
    Optional<Backlog> result = Optional.ofNullable(own.get(key));
    for (String input : upstream.getOrDefault(key, List.of())) {
      Optional<Backlog> theirs = backlog(input, own, upstream, seen);
      if (theirs.isPresent()) {
        result = Optional.of(result.map(b -> b.max(theirs.get())).orElse(theirs.get()));
      }
    }
    return result;
  }

  private Map<String, Backlog> backlogs() {
    CompletableFuture<Snapshot> pending;
    synchronized (this) {
      if (Duration.between(last.at(), clock.instant()).compareTo(MAX_AGE) < 0) {
        return last.backlogs();
      }
      if (computing == null) {
        CompletableFuture<Snapshot> started =
            CompletableFuture.supplyAsync(
                () -> new Snapshot(clock.instant(), backlogs.compute()), computer);
        computing = started;
        // taken before the callback, which runs here at once when the computation is done already
        pending = started;
        started.whenComplete((snapshot, failure) -> computed(started, snapshot, failure));
      } else {
        pending = computing;
      }
    }
    try {
      return pending.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS).backlogs();
    } catch (TimeoutException | ExecutionException e) {
      synchronized (this) {
        return last.backlogs();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (this) {
        return last.backlogs();
      }
    }
  }

  private synchronized void computed(
      CompletableFuture<Snapshot> done, Snapshot snapshot, Throwable failure) {
    if (computing == done) {
      computing = null;
    }
    if (failure != null) {
      LOG.warn("the tables' backlogs could not be computed: {}", failure.toString());
      return;
    }
    last = snapshot;
  }

  @Override
  public void close() {
    computer.shutdownNow();
  }
}
