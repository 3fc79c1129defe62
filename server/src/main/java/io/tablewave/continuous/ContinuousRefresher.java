package io.tablewave.continuous;

import static java.util.Objects.requireNonNull;

import io.tablewave.dispatch.BatchService;
import io.tablewave.dispatch.Session;
import io.tablewave.error.TablewaveException;
import io.tablewave.registry.BatchTableStatus;
import io.tablewave.registry.ContinuousRefreshEntry;
import io.tablewave.registry.RefreshEntry;
import io.tablewave.registry.Registry;
import io.tablewave.registry.RegistryHistory;
import io.tablewave.registry.TableEntry;
import io.tablewave.registry.TableStatus;
import io.tablewave.security.Role;
import io.tablewave.sql.RefreshSchedule;
import io.tablewave.sql.RefreshTables;
import io.tablewave.sql.TableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps continuous and scheduled tables fresh: when a table's interval has passed, it submits
 * {@code REFRESH TABLE name} as a background batch, which refreshes the table and every table
 * downstream of it in dependency order, so that a downstream table never shows rows its upstream
 * does not have. The schedules are read from the registry at the first tick after its tables
 * changed: ALTER TABLE SET takes effect at once, DROP TABLE ends a schedule (and cancels its
 * running refresh), and a restart resumes them all.
 *
 * <p>At most {@code concurrency} refreshes run at once, and two refreshes that share a table never
 * do. A refresh that fails is tried again after a pause that doubles with each failure in a row
 * ({@link Backoff}); its error is the table's last error until one succeeds.
 */
public final class ContinuousRefresher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContinuousRefresher.class);
  private static final Duration TICK = Duration.ofMillis(100);
  private static final String USER = "tablewave";

  private final Registry registry;
  private final BatchService batches;
  private final RegistryHistory<ContinuousRefreshEntry> history;
  private final Clock clock;
  private final int concurrency;
  private final int parallelism;
  private final RegisteredProperties properties = new RegisteredProperties();
  private final Map<String, ScheduleState> states = new HashMap<>();
  private final Map<String, RefreshSchedule> known = new HashMap<>();
  private final Set<String> busyTables = new HashSet<>();
  private final Map<String, Instant> lastRefreshAt = new ConcurrentHashMap<>();
  private final AtomicLong sessions = new AtomicLong();
  private final ScheduledExecutorService timer;
  private final ExecutorService runners;
  private int running;
  private Scheduled lastScheduled = new Scheduled(-1, Map.of(), Map.of());

  /**
   * @param concurrency the most refreshes running at once
   * @param parallelism the most tables one refresh loads at once
   */
  public ContinuousRefresher(
      Registry registry,
      BatchService batches,
      RegistryHistory<ContinuousRefreshEntry> history,
      Clock clock,
      int concurrency,
      int parallelism) {
    this.registry = requireNonNull(registry, "registry is null");
    this.batches = requireNonNull(batches, "batches is null");
    this.history = requireNonNull(history, "history is null");
    this.clock = requireNonNull(clock, "clock is null");
    if (concurrency < 1 || parallelism < 1) {
      throw new IllegalArgumentException(
          "concurrency and parallelism must be positive: " + concurrency + ", " + parallelism);
    }
    this.concurrency = concurrency;
    this.parallelism = parallelism;
    AtomicInteger threads = new AtomicInteger();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tablewave-continuous-timer"));
    this.runners =
        Executors.newFixedThreadPool(
            concurrency, r -> daemon(r, "tablewave-continuous-" + threads.incrementAndGet()));
  }

  /** Reads the history kept from earlier runs and starts the schedules. */
  public void start() {
    for (ContinuousRefreshEntry entry : history.rows()) {
      registry.batchIdsAbove(entry.batchId());
      if (succeeded(entry.status())) {
        lastRefreshAt.merge(key(entry.tableName()), entry.finishedAt(), ContinuousRefresher::later);
      }
    }
    timer.scheduleWithFixedDelay(this::tickSafely, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * When the table was last refreshed by the server, the check that found it up to date included.
   */
  public Optional<Instant> lastRefreshAt(String table) {
    return Optional.ofNullable(lastRefreshAt.get(key(table)));
  }

  /** When the server refreshes the table next; empty when it does not by itself. */
  public synchronized Optional<Instant> nextRefreshAt(String table) {
    ScheduleState state = states.get(key(table));
    return state == null ? Optional.empty() : Optional.of(state.nextAt());
  }

  /** The error of the table's last scheduled refresh, if it failed. */
  public synchronized Optional<String> lastError(String table) {
    ScheduleState state = states.get(key(table));
    return state == null ? Optional.empty() : Optional.ofNullable(state.lastError());
  }

  /** The refreshes running now. */
  public synchronized int running() {
    return running;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.error("continuous refresh scheduling failed; trying again: {}", e.toString(), e);
    }
  }

  private synchronized void tick() {
    Instant now = clock.instant();
    Scheduled scheduled = scheduled();
    Map<String, TableEntry> active = scheduled.tables();
    Map<String, RefreshSchedule> wanted = scheduled.schedules();
    for (ScheduleState state : List.copyOf(states.values())) {
      String key = key(state.table());
      if (wanted.containsKey(key)) {
        continue;
      }
      if (state.running() && registry.table(state.table()).isEmpty()) {
        batches.cancelSession(state.runningSession(), "table " + state.table() + " was dropped");
      }
      if (!state.running()) {
        states.remove(key);
        known.remove(key);
        LOG.info("table {}: no longer refreshed by the server", state.table());
      }
    }
    for (Map.Entry<String, RefreshSchedule> entry : wanted.entrySet()) {
      String key = entry.getKey();
      Duration interval = entry.getValue().interval().orElseThrow();
      ScheduleState state = states.get(key);
      if (state == null) {
        states.put(key, new ScheduleState(active.get(key).name(), now, null, 0, null));
        LOG.info(
            "table {}: refreshed by the server every {}",
            active.get(key).name(),
            entry.getValue().intervalText().orElse(""));
      } else if (!entry.getValue().equals(known.get(key)) && state.failures() == 0) {
        // a new interval counts from now at the latest
        Instant sooner = now.plus(interval);
        if (sooner.isBefore(state.nextAt())) {
          states.put(key, state.dueAt(sooner));
        }
      }
      known.put(key, entry.getValue());
    }
    List<ScheduleState> due =
        states.values().stream()
            .filter(s -> !s.running() && !s.nextAt().isAfter(now))
            .sorted(Comparator.comparing(ScheduleState::nextAt))
            .toList();
    for (ScheduleState state : due) {
      if (running >= concurrency) {
        return;
      }
      Set<String> pipeline = pipeline(state.table());
      if (pipeline.stream().anyMatch(busyTables::contains)) {
        continue;
      }
      String session = "continuous-" + sessions.incrementAndGet();
      busyTables.addAll(pipeline);
      running++;
      states.put(key(state.table()), state.started(session));
      Duration interval = known.get(key(state.table())).interval().orElseThrow();
      runners.execute(() -> refresh(state.table(), interval, pipeline, session));
    }
  }

  /**
   * The active tables with a schedule, by key. Found again only when the registry's tables changed
   * since the last tick: a server of ten thousand tables would otherwise read every table's
   * properties ten times a second.
   */
  private Scheduled scheduled() {
    long version = registry.tablesVersion();
    if (version == lastScheduled.tablesVersion()) {
      return lastScheduled;
    }
    Map<String, TableEntry> active = new HashMap<>();
    Map<String, RefreshSchedule> wanted = new HashMap<>();
    for (TableEntry table : registry.tables()) {
      if (table.status() != TableStatus.ACTIVE) {
        continue;
      }
      RefreshSchedule schedule = properties.schedule(table);
      if (schedule.active()) {
        active.put(key(table.name()), table);
        wanted.put(key(table.name()), schedule);
      }
    }
    // The version was read before the tables: a change in between is found again next tick.
    lastScheduled = new Scheduled(version, Map.copyOf(active), Map.copyOf(wanted));
    return lastScheduled;
  }

  /** The scheduled tables found at one version of the registry's tables. */
  private record Scheduled(
      long tablesVersion, Map<String, TableEntry> tables, Map<String, RefreshSchedule> schedules) {}

  /** The table and every table downstream of it, as keys. */
  private Set<String> pipeline(String table) {
    Set<String> seen = new HashSet<>();
    Deque<String> work = new ArrayDeque<>(List.of(table));
    while (!work.isEmpty()) {
      String next = work.pop();
      if (seen.add(key(next))) {
        work.addAll(registry.dependentsOf(next));
      }
    }
    return seen;
  }

  private void refresh(String table, Duration interval, Set<String> pipeline, String sessionId) {
    Instant started = clock.instant();
    List<RefreshEntry> records = new ArrayList<>();
    String error = null;
    try {
      batches.runBackground(
          List.of(
              new RefreshTables(
                  List.of(new TableName(table)), false, false, "REFRESH TABLE " + table)),
          new Session(sessionId, USER, Role.LOADER, parallelism),
          record -> {
            synchronized (records) {
              records.add(record);
            }
          });
    } catch (TablewaveException e) {
      error = e.getMessage();
    } catch (RuntimeException e) {
      error = e.toString();
      LOG.error("table {}: the scheduled refresh failed unexpectedly: {}", table, error, e);
    }
    Instant finished = clock.instant();
    List<RefreshEntry> done;
    synchronized (records) {
      done = List.copyOf(records);
    }
    if (error != null && done.isEmpty() && registry.table(table).isPresent()) {
      // the refresh could not even be planned (its topics cannot be read, say)
      registry.refreshFailed(table, error);
    }
    record(table, done, error, started, finished);
    synchronized (this) {
      busyTables.removeAll(pipeline);
      running--;
      ScheduleState state = states.get(key(table));
      if (state != null) {
        if (error == null) {
          Instant next = started.plus(interval);
          states.put(key(table), state.succeeded(next.isBefore(finished) ? finished : next));
        } else {
          Duration wait = new Backoff(interval).after(state.failures() + 1);
          states.put(key(table), state.failed(error, finished.plus(wait)));
          LOG.warn(
              "table {}: scheduled refresh failed ({} in a row), next try in {} ms: {}",
              table,
              state.failures() + 1,
              wait.toMillis(),
              error);
        }
      }
    }
  }

  private void record(
      String table, List<RefreshEntry> done, String error, Instant started, Instant finished) {
    List<ContinuousRefreshEntry> entries = new ArrayList<>();
    for (RefreshEntry r : done) {
      entries.add(
          new ContinuousRefreshEntry(
              0,
              r.batchId(),
              r.tableName(),
              table,
              r.mode(),
              r.status(),
              r.startedAt(),
              r.finishedAt(),
              r.rowsAppended(),
              r.errorMessage()));
      if (succeeded(r.status())) {
        lastRefreshAt.merge(key(r.tableName()), r.finishedAt(), ContinuousRefresher::later);
      }
    }
    if (done.isEmpty() && error != null) {
      entries.add(
          new ContinuousRefreshEntry(
              0, 0, table, table, null, "FAILED", started, finished, 0, error));
    }
    try {
      history.add(entries);
    } catch (RuntimeException e) {
      LOG.warn("table {}: the scheduled refresh could not be recorded: {}", table, e.getMessage());
    }
  }

  private static boolean succeeded(String status) {
    return status.equals(BatchTableStatus.SUCCEEDED.name())
        || status.equals(BatchTableStatus.UP_TO_DATE.name());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static String key(String table) {
    return table.toUpperCase(Locale.ROOT);
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /** Stops scheduling; refreshes running now are cancelled with the server's workers. */
  @Override
  public void close() {
    timer.shutdownNow();
    runners.shutdownNow();
    try {
      if (!runners.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("scheduled refreshes did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
