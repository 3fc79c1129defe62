package io.tablewave.server;

import static java.util.Objects.requireNonNull;

import io.tablewave.avatica.BatchReports;
import io.tablewave.avatica.FramePrefetch;
import io.tablewave.avatica.ProtobufHttpHandler;
import io.tablewave.avatica.RequestSizeLimit;
import io.tablewave.avatica.ServerIdentity;
import io.tablewave.avatica.TablewaveMeta;
import io.tablewave.avatica.UsersAuthentication;
import io.tablewave.continuous.ContinuousRefresher;
import io.tablewave.continuous.Freshness;
import io.tablewave.continuous.FreshnessReport;
import io.tablewave.dispatch.BatchService;
import io.tablewave.dispatch.BatchShape;
import io.tablewave.dispatch.Sessions;
import io.tablewave.dispatch.StatementDispatcher;
import io.tablewave.dispatch.TopicChecker;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.execute.LoadScheduler;
import io.tablewave.execute.RetiredTables;
import io.tablewave.execute.TableMaterializer;
import io.tablewave.execute.Warmup;
import io.tablewave.metrics.LoadMetrics;
import io.tablewave.metrics.MetricsEndpoint;
import io.tablewave.metrics.ServerMetrics;
import io.tablewave.query.QueryEngine;
import io.tablewave.refresh.TableVersions;
import io.tablewave.registry.BatchEntry;
import io.tablewave.registry.BatchTableEntry;
import io.tablewave.registry.ContinuousRefreshEntry;
import io.tablewave.registry.DependencyEdge;
import io.tablewave.registry.RefreshEntry;
import io.tablewave.registry.Registry;
import io.tablewave.registry.RegistryHistory;
import io.tablewave.registry.RegistryRepository;
import io.tablewave.registry.RegistryTables;
import io.tablewave.registry.TableEntry;
import io.tablewave.security.RequestUser;
import io.tablewave.security.UsersFile;
import io.tablewave.source.kafka.KafkaCatalog;
import io.tablewave.source.kafka.KafkaSchema;
import io.tablewave.source.kafka.KafkaSourceSettings;
import io.tablewave.source.kafka.RecordTimestamps;
import io.tablewave.sql.SqlScriptParser;
import io.tablewave.store.PhysicalNames;
import io.tablewave.store.Store;
import io.tablewave.store.StoreFactory;
import io.tablewave.store.StoreKind;
import io.tablewave.store.StoreSettings;
import io.tablewave.system.InformationSchema;
import io.tablewave.system.ServerFacts;
import io.tablewave.system.SystemSchema;
import io.tablewave.ui.EventStreamSettings;
import io.tablewave.ui.PipelineReads;
import io.tablewave.ui.UiAuthentication;
import io.tablewave.ui.UiHandler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.apache.calcite.schema.Schema;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the components together and serves them over HTTP. */
public final class TablewaveServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TablewaveServer.class);
  private static final long HTTP_IDLE_TIMEOUT_MILLIS = 24L * 60 * 60 * 1000;
  private static final Duration RETIRED_TABLE_GRACE = Duration.ofSeconds(30);
  private static final String KAFKA_SCHEMA = "KAFKA";

  /** Rows of SYS.REFRESHES kept: the oldest beyond this are removed. */
  /** The refreshes of users' batches kept in SYS.REFRESHES, whatever their age. */
  private static final RegistryHistory.Retention REFRESH_HISTORY =
      new RegistryHistory.Retention(10_000, Duration.ofDays(36_500));

  /** The largest HTTP request served: a batch of tens of thousands of statements fits easily. */
  /** The file of the registry inside the data directory when the store cannot hold it. */
  static final String REGISTRY_DUCKDB_FILE = "registry.duckdb";

  static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;

  private final ServerConfig config;
  private final MetricsEndpoint metricsEndpoint;
  private final Store store;
  private final Store registryStore;
  private final LoadScheduler scheduler;
  private final RetiredTables retired;
  private final KafkaCatalog kafka;
  private final DemoBroker demoBroker;
  private final HttpServer http;
  private final Registry registry;
  private final Warmup warmup;
  private final ContinuousRefresher continuous;
  private final FreshnessReport freshness;
  private final RecordTimestamps timestamps;
  private final FramePrefetch framePrefetch;

  private TablewaveServer(
      ServerConfig config,
      Store store,
      Store registryStore,
      Registry registry,
      LoadScheduler scheduler,
      RetiredTables retired,
      KafkaCatalog kafka,
      DemoBroker demoBroker,
      HttpServer http,
      MetricsEndpoint metricsEndpoint,
      Warmup warmup,
      ContinuousRefresher continuous,
      FreshnessReport freshness,
      RecordTimestamps timestamps,
      FramePrefetch framePrefetch) {
    this.warmup = warmup;
    this.framePrefetch = framePrefetch;
    this.continuous = continuous;
    this.freshness = freshness;
    this.timestamps = timestamps;
    this.config = config;
    this.registry = registry;
    this.metricsEndpoint = metricsEndpoint;
    this.store = store;
    this.registryStore = registryStore;
    this.scheduler = scheduler;
    this.retired = retired;
    this.kafka = kafka;
    this.demoBroker = demoBroker;
    this.http = http;
  }

  public static TablewaveServer start(ServerConfig config) {
    requireNonNull(config, "config is null");
    refuseUnsafeBind(config);
    // Files the user gives are checked before anything starts, so a typo costs no store or broker
    // start.
    Optional<UsersFile> users =
        Optional.ofNullable(config.get(ServerOption.USERS_FILE)).map(TablewaveServer::usersFile);
    TlsKeystore.check(config);
    String version = version();
    DemoBroker demoBroker =
        config.demo()
            ? listen(
                () -> DemoBroker.start(config.demoKafkaPort()),
                "--demo-kafka-port",
                config.demoKafkaPort(),
                null)
            : null;
    String bootstrap =
        demoBroker != null
            ? demoBroker.bootstrapServers()
            : config.get(ServerOption.KAFKA_BOOTSTRAP);
    KafkaCatalog kafka = new KafkaCatalog(bootstrap);
    Store store;
    Store registryStore;
    try {
      store = openStore(config);
      try {
        registryStore = openRegistryStore(config, store);
      } catch (RuntimeException e) {
        store.close();
        throw e;
      }
    } catch (RuntimeException e) {
      kafka.close();
      if (demoBroker != null) {
        demoBroker.close();
      }
      throw e;
    }
    LoadScheduler scheduler = null;
    RetiredTables retired = null;
    ContinuousRefresher continuous = null;
    RecordTimestamps timestamps = null;
    FramePrefetch framePrefetch = null;
    try {
      Clock clock = Clock.systemUTC();
      Registry registry =
          new Registry(
              new RegistryRepository(registryStore.dataSource(), registryStore.registrySchema()),
              clock);
      Registry.Recovery recovery = registry.open();
      TableVersions versions =
          new TableVersions(registryStore.dataSource(), registryStore.registrySchema());
      versions.open();
      RegistryHistory<RefreshEntry> refreshes =
          new RegistryHistory<>(
              RegistryTables.REFRESHES,
              registryStore.dataSource(),
              registryStore.registrySchema(),
              REFRESH_HISTORY,
              clock,
              RefreshEntry::refreshId,
              RefreshEntry::finishedAt,
              RefreshEntry::withId);
      refreshes.open();
      if (!recovery.interruptedBatches().isEmpty() || !recovery.forgottenTables().isEmpty()) {
        LOG.warn(
            "recovered from an interrupted run: batches {} marked FAILED, unfinished first loads {} removed",
            recovery.interruptedBatches(),
            recovery.forgottenTables());
      }
      removeOrphanedTables(store, registry);
      RegistryHistory<ContinuousRefreshEntry> continuousHistory =
          new RegistryHistory<>(
              RegistryTables.CONTINUOUS_REFRESHES,
              registryStore.dataSource(),
              registryStore.registrySchema(),
              new RegistryHistory.Retention(
                  config.continuousHistoryRows(), config.continuousHistoryAge()),
              clock,
              ContinuousRefreshEntry::refreshId,
              ContinuousRefreshEntry::finishedAt,
              ContinuousRefreshEntry::withId);
      continuousHistory.open();
      scheduler = new LoadScheduler(config.workers());
      ServerFacts facts = facts(config, version, store, registryStore, registry, scheduler, kafka);
      Map<String, Schema> schemas = new LinkedHashMap<>();
      // SYS.FRESHNESS and the gauges read the report, which needs the batches built from the
      // schemas
      AtomicReference<FreshnessReport> freshness = new AtomicReference<>();
      Supplier<List<Freshness>> freshnessRows =
          () -> freshness.get() == null ? List.of() : freshness.get().rows();
      SystemSchema systemSchema =
          new SystemSchema(
              registry, facts, versions, refreshes::rows, freshnessRows, continuousHistory::rows);
      schemas.put(SystemSchema.NAME, systemSchema);
      schemas.put(InformationSchema.NAME, new InformationSchema());
      kafka
          .defaultBootstrapServers()
          .ifPresent(
              servers ->
                  schemas.put(
                      KAFKA_SCHEMA,
                      new KafkaSchema(kafka.topics(KafkaSourceSettings.of(servers)))));
      QueryEngine engine =
          new QueryEngine(
              store, registry, schemas, Set.of(SystemSchema.NAME, InformationSchema.NAME));
      TableMaterializer materializer = new TableMaterializer(store, engine, kafka);
      retired = new RetiredTables(store, RETIRED_TABLE_GRACE);
      Optional<ServerMetrics> metrics =
          config.metricsPort().isPresent()
              ? Optional.of(new ServerMetrics(registry, scheduler, freshnessRows))
              : Optional.empty();
      TopicChecker topics = new KafkaTopicChecker(kafka);
      BatchService batches =
          new BatchService(
              registry,
              versions,
              refreshes,
              scheduler,
              materializer,
              store,
              retired,
              topics,
              engine,
              config.maxTables(),
              clock,
              metrics.<LoadMetrics>map(m -> m).orElse(LoadMetrics.NONE));
      continuous =
          new ContinuousRefresher(
              registry,
              batches,
              continuousHistory,
              clock,
              Math.max(2, scheduler.backgroundWorkers()),
              scheduler.backgroundWorkers());
      timestamps = new RecordTimestamps();
      freshness.set(new FreshnessReport(registry, versions, continuous, kafka, timestamps, clock));
      Sessions sessions = new Sessions();
      SqlScriptParser parser = new SqlScriptParser();
      // Started once the server listens: "ready" never waits for the warm-up.
      Warmup warmup = new Warmup(parser, materializer, engine, store);
      StatementDispatcher dispatcher =
          new StatementDispatcher(parser, batches, registry, retired, sessions, scheduler, warmup);
      RequestUser requestUser = new RequestUser();
      BatchReports batchReports = new BatchReports();
      framePrefetch = new FramePrefetch(Math.max(2, Runtime.getRuntime().availableProcessors()));
      TablewaveMeta meta =
          new TablewaveMeta(
              engine,
              dispatcher,
              ServerIdentity.of(version),
              config.workers(),
              users,
              requestUser,
              sessions,
              systemSchema,
              batchReports,
              framePrefetch);
      Optional<UiHandler> ui =
          config.ui()
              ? Optional.of(
                  new UiHandler(
                      pipelineReads(registry, batches),
                      clock,
                      users.map(UiAuthentication::new),
                      EventStreamSettings.DEFAULT))
              : Optional.empty();
      ServerCustomizer<Server> connectorSettings =
          server -> {
            for (Connector connector : server.getConnectors()) {
              if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setHost(config.bind());
                serverConnector.setIdleTimeout(HTTP_IDLE_TIMEOUT_MILLIS);
              }
            }
            // the page goes ahead of Avatica's handler, which answers anything but POST with 400
            ui.ifPresent(
                page -> {
                  page.setHandler(server.getHandler());
                  server.setHandler(page);
                });
            RequestSizeLimit limit = new RequestSizeLimit(MAX_REQUEST_BYTES);
            limit.setHandler(server.getHandler());
            server.setHandler(limit);
          };
      Optional<UsersAuthentication> authentication =
          users.map(file -> new UsersAuthentication(file, requestUser));
      LocalService service = new LocalService(meta);
      HttpServer.Builder<Server> builder =
          new HttpServer.Builder<Server>()
              .withPort(config.port())
              .withServerCustomizers(List.of(connectorSettings), Server.class);
      if (authentication.isPresent()) {
        // Avatica leaves building the handler to the caller when the authentication is its own.
        builder
            .withCustomAuthentication(authentication.get())
            .withHandler(new ProtobufHttpHandler(service, authentication.get(), batchReports));
      } else {
        builder.withHandler(new ProtobufHttpHandler(service, null, batchReports));
      }
      withTls(builder, config);
      HttpServer http = builder.build();
      listen(
          () -> {
            http.start();
            return http;
          },
          "--port",
          config.port(),
          config);
      MetricsEndpoint metricsEndpoint =
          metrics.isEmpty()
              ? null
              : listen(
                  () ->
                      MetricsEndpoint.start(
                          config.bind(), config.metricsPort().getAsInt(), metrics.get()),
                  "--metrics-port",
                  config.metricsPort().getAsInt(),
                  config);
      if (metricsEndpoint != null) {
        LOG.info(
            "Prometheus metrics on http://{}:{}/metrics", config.bind(), metricsEndpoint.port());
      }
      warmup.start();
      continuous.start();
      TablewaveServer server =
          new TablewaveServer(
              config,
              store,
              registryStore,
              registry,
              scheduler,
              retired,
              kafka,
              demoBroker,
              http,
              metricsEndpoint,
              warmup,
              continuous,
              freshness.get(),
              timestamps,
              framePrefetch);
      LOG.info(
          "Tablewave {} listening on {}:{} (store: {}, workers: {}, capacity: {} tables)",
          version,
          config.bind(),
          http.getPort(),
          store.productDescription(),
          config.workers(),
          config.maxTables());
      if (ui.isPresent()) {
        LOG.info("live page: {}", server.pageUrl());
      }
      return server;
    } catch (SQLException | RuntimeException e) {
      if (continuous != null) {
        continuous.close();
      }
      if (timestamps != null) {
        timestamps.close();
      }
      if (framePrefetch != null) {
        framePrefetch.close();
      }
      if (scheduler != null) {
        scheduler.close();
      }
      if (retired != null) {
        retired.close();
      }
      closeRegistryStore(store, registryStore);
      store.close();
      kafka.close();
      if (demoBroker != null) {
        demoBroker.close();
      }
      throw e instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException("the server could not start: " + e.getMessage(), e);
    }
  }

  /** The port of the metrics endpoint, if the server serves metrics. */
  public OptionalInt metricsPort() {
    return metricsEndpoint == null ? OptionalInt.empty() : OptionalInt.of(metricsEndpoint.port());
  }

  public int port() {
    return http.getPort();
  }

  /** The JDBC URL clients use to reach this server. */
  public String jdbcUrl() {
    return "jdbc:tablewave://"
        + host()
        + ":"
        + port()
        + (config.get(ServerOption.TLS_KEYSTORE) == null ? "" : ";tls=true");
  }

  /**
   * The address of the live page, {@code http://HOST:PORT/ui/}; a batch's page adds {@code
   * ?batch=ID}.
   */
  public String pageUrl() {
    return (config.get(ServerOption.TLS_KEYSTORE) == null ? "http" : "https")
        + "://"
        + host()
        + ":"
        + port()
        + "/ui/";
  }

  private String host() {
    return config.bind().equals("0.0.0.0") ? "127.0.0.1" : config.bind();
  }

  public void join() throws InterruptedException {
    http.join();
  }

  /** Waits until the warm-up that started with the server has ended; for tests and measurements. */
  public boolean awaitWarmup(long millis) throws InterruptedException {
    return warmup.await(millis);
  }

  @Override
  public void close() {
    warmup.close();
    if (metricsEndpoint != null) {
      metricsEndpoint.close();
    }
    http.stop();
    framePrefetch.close();
    continuous.close();
    freshness.close();
    scheduler.close();
    try {
      registry.close();
    } catch (RuntimeException e) {
      LOG.warn(
          "the progress of running batches could not be written to the registry before stopping; they will"
              + " be marked interrupted when the server starts: {}",
          e.getMessage(),
          e);
    }
    retired.close();
    closeRegistryStore(store, registryStore);
    store.close();
    timestamps.close();
    kafka.close();
    if (demoBroker != null) {
      demoBroker.close();
    }
    LOG.info("Tablewave stopped");
  }

  private static PipelineReads pipelineReads(Registry registry, BatchService batches) {
    return new PipelineReads() {
      @Override
      public List<BatchEntry> batches() {
        return registry.batches();
      }

      @Override
      public Optional<BatchEntry> batch(long batchId) {
        return registry.batch(batchId);
      }

      @Override
      public List<BatchTableEntry> batchTables(long batchId) {
        return registry.batchTables(batchId);
      }

      @Override
      public List<BatchTableEntry> batchTables() {
        return registry.batchTables();
      }

      @Override
      public Optional<BatchShape> shape(long batchId) {
        return batches.shape(batchId);
      }

      @Override
      public List<TableEntry> tables() {
        return registry.tables();
      }

      @Override
      public List<DependencyEdge> dependencies() {
        return registry.dependencies();
      }
    };
  }

  /**
   * HTTPS with --tls-keystore; the keystore also serves as the truststore Avatica's builder insists
   * on.
   */
  private static void withTls(HttpServer.Builder<Server> builder, ServerConfig config) {
    String keystore = config.get(ServerOption.TLS_KEYSTORE);
    if (keystore == null) {
      return;
    }
    File file = new File(keystore);
    String password = config.get(ServerOption.TLS_KEYSTORE_PASSWORD);
    builder.withTLS(file, password, file, password, TlsKeystore.type(keystore));
  }

  private static void refuseUnsafeBind(ServerConfig config) {
    if (config.get(ServerOption.USERS_FILE) != null || config.insecure()) {
      return;
    }
    try {
      InetAddress address = InetAddress.getByName(config.bind());
      if (!address.isLoopbackAddress()) {
        throw new StartupFailure(
            StartupFailure.Reason.UNSAFE_BIND,
            "refusing to listen on "
                + config.bind()
                + " without authentication: give --users-file FILE, or --insecure to accept unauthenticated clients"
                + " from the network");
      }
    } catch (UnknownHostException e) {
      throw new StartupFailure(
          StartupFailure.Reason.BAD_OPTION,
          "cannot resolve --bind " + config.bind() + ": " + e.getMessage(),
          e);
    }
  }

  private static UsersFile usersFile(String file) {
    try {
      return UsersFile.read(Path.of(file));
    } catch (IllegalArgumentException e) {
      throw new StartupFailure(StartupFailure.Reason.USERS_FILE, e.getMessage(), e);
    }
  }

  /**
   * The store, or why it cannot be used: a URL of no supported store, a locked DuckDB file, no
   * connection.
   */
  private static Store openStore(ServerConfig config) {
    try {
      return StoreFactory.open(
          new StoreSettings(
              config.get(ServerOption.STORE_URL),
              config.get(ServerOption.STORE_USER),
              config.get(ServerOption.STORE_PASSWORD),
              config.dataDir(),
              config.get(ServerOption.STORE_MEMORY),
              16));
    } catch (TablewaveException e) {
      StartupFailure.Reason reason =
          switch (e.errorCode()) {
            case INVALID_PROPERTY -> StartupFailure.Reason.STORE_UNSUPPORTED;
            case STORE_LOCKED -> StartupFailure.Reason.STORE_LOCKED;
            default -> StartupFailure.Reason.STORE_UNREACHABLE;
          };
      throw new StartupFailure(reason, e.getMessage(), e);
    }
  }

  /**
   * Where the registry lives: the store itself, unless --registry-url names another database or the
   * store is Trino, which commits each statement on its own; then, by default, a DuckDB file under
   * --data-dir.
   */
  private static Store openRegistryStore(ServerConfig config, Store store) {
    String url = config.get(ServerOption.REGISTRY_URL);
    if (store.kind() != StoreKind.TRINO) {
      if (url != null) {
        throw new StartupFailure(
            StartupFailure.Reason.STORE_UNSUPPORTED,
            "--registry-url is for a Trino store; a "
                + store.kind()
                + " store holds its own registry, in the same transactions as its tables."
                + " Remove --registry-url");
      }
      return store;
    }
    if (url == null) {
      url = "jdbc:duckdb:" + config.dataDir().resolve(REGISTRY_DUCKDB_FILE).toAbsolutePath();
    }
    try {
      Store registryStore =
          StoreFactory.open(
              new StoreSettings(
                  url, null, null, config.dataDir(), config.get(ServerOption.STORE_MEMORY), 8));
      if (registryStore.kind() == StoreKind.TRINO) {
        registryStore.close();
        throw new TablewaveException(
            ErrorCode.INVALID_PROPERTY,
            "--registry-url names a Trino cluster, which cannot hold the registry: it commits"
                + " every statement on its own; use jdbc:duckdb:, jdbc:h2: or jdbc:postgresql:");
      }
      return registryStore;
    } catch (TablewaveException e) {
      StartupFailure.Reason reason =
          switch (e.errorCode()) {
            case INVALID_PROPERTY -> StartupFailure.Reason.STORE_UNSUPPORTED;
            case STORE_LOCKED -> StartupFailure.Reason.STORE_LOCKED;
            default -> StartupFailure.Reason.STORE_UNREACHABLE;
          };
      throw new StartupFailure(reason, "The registry: " + e.getMessage(), e);
    }
  }

  private static void closeRegistryStore(Store store, Store registryStore) {
    if (registryStore != store) {
      registryStore.close();
    }
  }

  /**
   * Runs {@code start}, which opens a listening socket; a port already taken becomes a {@link
   * StartupFailure} naming the option that chose it.
   */
  private static <T> T listen(
      java.util.function.Supplier<T> start, String option, int port, ServerConfig config) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof BindException) {
          String where = (config == null ? "127.0.0.1" : config.bind()) + ":" + port;
          throw new StartupFailure(
              StartupFailure.Reason.PORT_IN_USE,
              "cannot listen on "
                  + where
                  + " ("
                  + option
                  + "): "
                  + t.getMessage()
                  + "; stop what uses the port or choose another with "
                  + option,
              e);
        }
      }
      throw e;
    }
  }

  private static void removeOrphanedTables(Store store, Registry registry) {
    var referenced = registry.referencedPhysicalNames();
    for (String table : store.listDataTables()) {
      // A state table belongs to the physical table it is named after.
      String owner = PhysicalNames.stateOwner(table);
      if (PhysicalNames.isBuiltByTablewave(table)
          && !referenced.contains(owner == null ? table : owner)) {
        LOG.info("dropping staging table {} left by an interrupted load", table);
        store.dropTableIfExists(table);
      }
    }
  }

  private static ServerFacts facts(
      ServerConfig config,
      String version,
      Store store,
      Store registryStore,
      Registry registry,
      LoadScheduler scheduler,
      KafkaCatalog kafka) {
    return () -> {
      List<ServerFacts.Fact> facts = new ArrayList<>();
      facts.add(new ServerFacts.Fact("version", version));
      facts.add(new ServerFacts.Fact("workers", String.valueOf(scheduler.workers())));
      facts.add(new ServerFacts.Fact("busy_workers", String.valueOf(scheduler.busyWorkers())));
      facts.add(new ServerFacts.Fact("table_count", String.valueOf(registry.tableCount())));
      facts.add(new ServerFacts.Fact("capacity", String.valueOf(config.maxTables())));
      facts.add(new ServerFacts.Fact("store", store.productDescription()));
      // the registry's connection, kept open between its writes, counts only while it writes
      facts.add(
          new ServerFacts.Fact(
              "store_connections_active",
              String.valueOf(
                  Math.max(
                      0,
                      store.activeConnections()
                          - (registryStore == store ? registry.idleConnections() : 0)))));
      facts.add(
          new ServerFacts.Fact("kafka_bootstrap", kafka.defaultBootstrapServers().orElse(null)));
      return facts;
    };
  }

  static String version() {
    try (InputStream in = TablewaveServer.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the server version: " + e.getMessage(), e);
    }
  }
}
