package io.tablewave.server;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;

import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.apache.calcite.schema.Schema;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.tablewave.avatica.ServerIdentity;
import io.tablewave.demo.DemoData;
import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.avatica.ProtobufHttpHandler;
import io.tablewave.avatica.RequestSizeLimit;
import io.tablewave.avatica.TablewaveMeta;
import io.tablewave.avatica.UsersAuthentication;
import io.tablewave.data.Column;
import io.tablewave.dispatch.BatchService;
import io.tablewave.dispatch.StatementDispatcher;
import io.tablewave.dispatch.TopicChecker;
import io.tablewave.execute.LoadScheduler;
import io.tablewave.execute.RetiredTables;
import io.tablewave.execute.TableMaterializer;
import io.tablewave.metrics.LoadMetrics;
import io.tablewave.metrics.MetricsEndpoint;
import io.tablewave.metrics.ServerMetrics;
import io.tablewave.query.QueryEngine;
import io.tablewave.registry.Registry;
import io.tablewave.source.kafka.KafkaCatalog;
import io.tablewave.source.kafka.KafkaSchema;
import io.tablewave.source.kafka.KafkaSourceSettings;
import io.tablewave.registry.RegistryRepository;
import io.tablewave.security.RequestUser;
import io.tablewave.security.UsersFile;
import io.tablewave.sql.SqlScriptParser;
import io.tablewave.sql.TableProperties;
import io.tablewave.store.PhysicalNames;
import io.tablewave.store.Store;
import io.tablewave.store.StoreFactory;
import io.tablewave.store.StoreSettings;
import io.tablewave.system.InformationSchema;
import io.tablewave.system.ServerFacts;
import io.tablewave.system.SystemSchema;

import static java.util.Objects.requireNonNull;

/** Wires the components together and serves them over HTTP. */
public final class TablewaveServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TablewaveServer.class);
  private static final long HTTP_IDLE_TIMEOUT_MILLIS = 24L * 60 * 60 * 1000;
  private static final long DEMO_SEED = 20261123L;
  private static final Duration RETIRED_TABLE_GRACE = Duration.ofSeconds(30);
  private static final String KAFKA_SCHEMA = "KAFKA";
  /** The largest HTTP request served: a batch of tens of thousands of statements fits easily. */
  static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;

  private final ServerConfig config;
  private final MetricsEndpoint metricsEndpoint;
  private final Store store;
  private final LoadScheduler scheduler;
  private final RetiredTables retired;
  private final KafkaCatalog kafka;
  private final EmbeddedKafka demoBroker;
  private final HttpServer http;
  private final Registry registry;

  private TablewaveServer(ServerConfig config, Store store, Registry registry, LoadScheduler scheduler,
      RetiredTables retired, KafkaCatalog kafka, EmbeddedKafka demoBroker, HttpServer http,
      MetricsEndpoint metricsEndpoint) {
    this.config = config;
    this.registry = registry;
    this.metricsEndpoint = metricsEndpoint;
    this.store = store;
    this.scheduler = scheduler;
    this.retired = retired;
    this.kafka = kafka;
    this.demoBroker = demoBroker;
    this.http = http;
  }

  public static TablewaveServer start(ServerConfig config) {
    requireNonNull(config, "config is null");
    refuseUnsafeBind(config);
    String version = version();
    EmbeddedKafka demoBroker = config.demo() ? startDemoBroker(config.demoKafkaPort()) : null;
    String bootstrap = demoBroker != null ? demoBroker.bootstrapServers() : config.get(ServerOption.KAFKA_BOOTSTRAP);
    KafkaCatalog kafka = new KafkaCatalog(bootstrap);
    Store store = StoreFactory.open(new StoreSettings(config.get(ServerOption.STORE_URL),
        config.get(ServerOption.STORE_USER), config.get(ServerOption.STORE_PASSWORD), config.dataDir(),
        config.get(ServerOption.STORE_MEMORY), 16));
    LoadScheduler scheduler = null;
    RetiredTables retired = null;
    try {
      Clock clock = Clock.systemUTC();
      Registry registry = new Registry(new RegistryRepository(store.dataSource(), store.registrySchema()), clock);
      Registry.Recovery recovery = registry.open();
      if (!recovery.interruptedBatches().isEmpty() || !recovery.forgottenTables().isEmpty()) {
        LOG.warn("recovered from an interrupted run: batches {} marked FAILED, unfinished first loads {} removed",
            recovery.interruptedBatches(), recovery.forgottenTables());
      }
      removeOrphanedTables(store, registry);
      scheduler = new LoadScheduler(config.workers());
      ServerFacts facts = facts(config, version, store, registry, scheduler, kafka);
      Map<String, Schema> schemas = new LinkedHashMap<>();
      schemas.put(SystemSchema.NAME, new SystemSchema(registry, facts));
      schemas.put(InformationSchema.NAME, new InformationSchema());
      kafka.defaultBootstrapServers().ifPresent(servers ->
          schemas.put(KAFKA_SCHEMA, new KafkaSchema(kafka.topics(KafkaSourceSettings.of(servers)))));
      QueryEngine engine = new QueryEngine(store, registry, schemas);
      TableMaterializer materializer = new TableMaterializer(store, engine, kafka);
      retired = new RetiredTables(store, RETIRED_TABLE_GRACE);
      Optional<ServerMetrics> metrics = config.metricsPort().isPresent()
          ? Optional.of(new ServerMetrics(registry, scheduler)) : Optional.empty();
      TopicChecker topics = new TopicChecker() {
        @Override
        public Optional<String> problem(String topic, Map<String, String> tableProperties) {
          return kafka.problem(topic, tableProperties);
        }

        @Override
        public OptionalLong records(String topic, Map<String, String> tableProperties) {
          return kafka.records(topic, tableProperties);
        }

        @Override
        public Optional<List<Column>> columns(String topic, Map<String, String> tableProperties) {
          return Optional.of(kafka.columns(topic, TableProperties.parse(tableProperties)));
        }
      };
      BatchService batches = new BatchService(registry, scheduler, materializer, store, retired, topics, engine,
          config.maxTables(), clock, metrics.<LoadMetrics>map(m -> m).orElse(LoadMetrics.NONE));
      StatementDispatcher dispatcher = new StatementDispatcher(new SqlScriptParser(), batches, registry, retired);
      Optional<UsersFile> users = Optional.ofNullable(config.get(ServerOption.USERS_FILE))
          .map(file -> UsersFile.read(Path.of(file)));
      RequestUser requestUser = new RequestUser();
      TablewaveMeta meta = new TablewaveMeta(engine, dispatcher, ServerIdentity.of(version), config.workers(),
          users, requestUser);
      ServerCustomizer<Server> connectorSettings = server -> {
        for (Connector connector : server.getConnectors()) {
          if (connector instanceof ServerConnector serverConnector) {
            serverConnector.setHost(config.bind());
            serverConnector.setIdleTimeout(HTTP_IDLE_TIMEOUT_MILLIS);
          }
        }
        RequestSizeLimit limit = new RequestSizeLimit(MAX_REQUEST_BYTES);
        limit.setHandler(server.getHandler());
        server.setHandler(limit);
      };
      Optional<UsersAuthentication> authentication = users.map(file -> new UsersAuthentication(file, requestUser));
      LocalService service = new LocalService(meta);
      HttpServer.Builder<Server> builder = new HttpServer.Builder<Server>()
          .withPort(config.port())
          .withServerCustomizers(List.of(connectorSettings), Server.class);
      if (authentication.isPresent()) {
        // Avatica leaves building the handler to the caller when the authentication is its own.
        builder.withCustomAuthentication(authentication.get())
            .withHandler(new ProtobufHttpHandler(service, authentication.get()));
      } else {
        builder.withHandler(new ProtobufHttpHandler(service, null));
      }
      withTls(builder, config);
      HttpServer http = builder.build();
      http.start();
      MetricsEndpoint metricsEndpoint = metrics.map(m -> MetricsEndpoint.start(config.bind(),
          config.metricsPort().getAsInt(), m)).orElse(null);
      if (metricsEndpoint != null) {
        LOG.info("Prometheus metrics on http://{}:{}/metrics", config.bind(), metricsEndpoint.port());
      }
      TablewaveServer server = new TablewaveServer(config, store, registry, scheduler, retired, kafka, demoBroker,
          http, metricsEndpoint);
      LOG.info("Tablewave {} listening on {}:{} (store: {}, workers: {}, capacity: {} tables)", version,
          config.bind(), http.getPort(), store.productDescription(), config.workers(), config.maxTables());
      return server;
    } catch (SQLException | RuntimeException e) {
      if (scheduler != null) {
        scheduler.close();
      }
      if (retired != null) {
        retired.close();
      }
      store.close();
      kafka.close();
      if (demoBroker != null) {
        demoBroker.close();
      }
      throw e instanceof RuntimeException runtime ? runtime
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
    String host = config.bind().equals("0.0.0.0") ? "127.0.0.1" : config.bind();
    return "jdbc:tablewave://" + host + ":" + port() + (config.get(ServerOption.TLS_KEYSTORE) == null ? "" : ";tls=true");
  }

  public void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() {
    if (metricsEndpoint != null) {
      metricsEndpoint.close();
    }
    http.stop();
    scheduler.close();
    try {
      registry.flush();
    } catch (RuntimeException e) {
      LOG.warn("the progress of running batches could not be written to the registry before stopping; they will"
          + " be marked interrupted when the server starts: {}", e.getMessage(), e);
    }
    retired.close();
    store.close();
    kafka.close();
    if (demoBroker != null) {
      demoBroker.close();
    }
    LOG.info("Tablewave stopped");
  }

  private static EmbeddedKafka startDemoBroker(int port) {
    EmbeddedKafka broker = EmbeddedKafka.start(port);
    try {
      DemoData.Summary summary = new DemoData(broker.bootstrapServers(), DEMO_SEED, System.currentTimeMillis())
          .write();
      LOG.info("demo Kafka broker on {} with topics customers ({} records), orders ({}), clicks ({}); {} records"
          + " are malformed on purpose", broker.bootstrapServers(), summary.customers(), summary.orders(),
          summary.clicks(), summary.malformed());
      return broker;
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  /** HTTPS with --tls-keystore; the keystore also serves as the truststore Avatica's builder insists on. */
  private static void withTls(HttpServer.Builder<Server> builder, ServerConfig config) {
    String keystore = config.get(ServerOption.TLS_KEYSTORE);
    if (keystore == null) {
      return;
    }
    File file = new File(keystore);
    if (!file.isFile()) {
      throw new IllegalArgumentException("--tls-keystore " + keystore + " is not a readable file");
    }
    String password = config.get(ServerOption.TLS_KEYSTORE_PASSWORD);
    if (password == null) {
      throw new IllegalArgumentException("--tls-keystore needs --tls-keystore-password");
    }
    String lower = keystore.toLowerCase(Locale.ROOT);
    String type = lower.endsWith(".p12") || lower.endsWith(".pfx") ? "PKCS12" : "JKS";
    builder.withTLS(file, password, file, password, type);
  }

  private static void refuseUnsafeBind(ServerConfig config) {
    if (config.get(ServerOption.USERS_FILE) != null || config.insecure()) {
      return;
    }
    try {
      InetAddress address = InetAddress.getByName(config.bind());
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException("refusing to listen on " + config.bind() + " without authentication:"
            + " give --users-file FILE, or --insecure to accept unauthenticated clients from the network");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve --bind " + config.bind() + ": " + e.getMessage(), e);
    }
  }

  private static void removeOrphanedTables(Store store, Registry registry) {
    var referenced = registry.referencedPhysicalNames();
    for (String table : store.listDataTables()) {
      if (PhysicalNames.isBuiltByTablewave(table) && !referenced.contains(table)) {
        LOG.info("dropping staging table {} left by an interrupted load", table);
        store.dropTableIfExists(table);
      }
    }
  }

  private static ServerFacts facts(ServerConfig config, String version, Store store, Registry registry,
      LoadScheduler scheduler, KafkaCatalog kafka) {
    return () -> {
      List<ServerFacts.Fact> facts = new ArrayList<>();
      facts.add(new ServerFacts.Fact("version", version));
      facts.add(new ServerFacts.Fact("workers", String.valueOf(scheduler.workers())));
      facts.add(new ServerFacts.Fact("busy_workers", String.valueOf(scheduler.busyWorkers())));
      facts.add(new ServerFacts.Fact("table_count", String.valueOf(registry.tableCount())));
      facts.add(new ServerFacts.Fact("capacity", String.valueOf(config.maxTables())));
      facts.add(new ServerFacts.Fact("store", store.productDescription()));
      facts.add(new ServerFacts.Fact("store_connections_active", String.valueOf(store.activeConnections())));
      facts.add(new ServerFacts.Fact("kafka_bootstrap", kafka.defaultBootstrapServers().orElse(null)));
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
