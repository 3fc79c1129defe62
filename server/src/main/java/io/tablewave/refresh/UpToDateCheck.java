package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import io.tablewave.registry.Health;
import io.tablewave.registry.Registry;
import io.tablewave.registry.TableEntry;
import io.tablewave.registry.TableStatus;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.Dependencies;
import io.tablewave.sql.TableName;
import io.tablewave.sql.TableProperties;
import io.tablewave.store.StoreKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;

/**
 * Decides whether a table is up to date: its fingerprint (normalized statement, properties, store,
 * inputs' fingerprints) and its data version (inputs' load ids; each topic's id and offset ranges)
 * are those it was last built from, so building it again would give the same rows.
 */
public final class UpToDateCheck {
  private final Registry registry;
  private final TableVersions versions;
  private final StoreKind store;

  public UpToDateCheck(Registry registry, TableVersions versions, StoreKind store) {
    this.registry = requireNonNull(registry, "registry is null");
    this.versions = requireNonNull(versions, "versions is null");
    this.store = requireNonNull(store, "store is null");
  }

  /**
   * What a build of the statement now would be built from; empty when that cannot be known (it
   * reads system tables, calls non-deterministic functions, or an input is not loaded): such a
   * table is never up to date.
   *
   * @param topics the data versions of the topics it reads
   */
  public Optional<TableVersion> current(
      CreateTableAs statement, Dependencies dependencies, TopicVersions topics) {
    return current(statement, dependencies, Map.of(), topics);
  }

  /**
   * As {@link #current(CreateTableAs, Dependencies)}, but with the load ids of the input tables
   * {@code inputLoadIds} names (by {@link TableName#key()}) in place of those they have now: what
   * the table's version was when those inputs held those loads.
   */
  public Optional<TableVersion> current(
      CreateTableAs statement,
      Dependencies dependencies,
      Map<String, Long> inputLoadIds,
      TopicVersions topics) {
    if (!dependencies.systemTables().isEmpty()
        || NonDeterminism.find(statement.query()).isPresent()) {
      return Optional.empty();
    }
    Map<String, String> topicIds = new TreeMap<>();
    TableProperties properties = TableProperties.parse(statement.properties());
    TreeSet<TableName> inputs = new TreeSet<>(dependencies.tables());
    inputs.addAll(properties.dependsOn());
    StringBuilder fingerprint =
        new StringBuilder("sql:")
            .append(statement.query().toSqlString(CalciteSqlDialect.DEFAULT).getSql())
            .append("\nstore:")
            .append(store.name());
    Map<String, String> sortedProperties = new TreeMap<>();
    statement
        .properties()
        .forEach(
            (key, value) -> {
              if (TableProperties.affectsRows(key)) {
                sortedProperties.put(key.toLowerCase(Locale.ROOT), value);
              }
            });
    fingerprint.append("\nproperties:").append(sortedProperties);
    StringBuilder data = new StringBuilder();
    for (TableName input : inputs) {
      Optional<TableEntry> entry = registry.table(input.name());
      Optional<TableVersion> version = versions.version(input.name());
      if (entry.isEmpty() || entry.get().status() != TableStatus.ACTIVE) {
        return Optional.empty();
      }
      fingerprint
          .append("\ninput:")
          .append(input.key())
          .append('=')
          .append(version.map(TableVersion::fingerprint).orElse("unknown"));
      data.append("table:")
          .append(input.key())
          .append('=')
          .append(inputLoadIds.getOrDefault(input.key(), entry.get().batchId()))
          .append('\n');
    }
    for (String topic : new TreeSet<>(dependencies.topics())) {
      Optional<String> topicVersion = topics.dataVersion(topic, statement.properties());
      if (topicVersion.isEmpty()) {
        return Optional.empty();
      }
      data.append("topic:").append(topic).append('=').append(topicVersion.get()).append('\n');
      topicIds.put(topic, topicVersion.get().split(" ", 2)[0]);
    }
    return Optional.of(
        new TableVersion(
            statement.table().name(),
            0,
            digest(fingerprint.toString()),
            digest(data.toString()),
            RefreshReasons.mode(statement.query(), dependencies),
            RefreshReasons.reason(statement.query(), dependencies),
            topicIds));
  }

  /**
   * The version of a table that is never up to date: no fingerprint, only how it is refreshed and
   * why.
   */
  public TableVersion unversioned(CreateTableAs statement, Dependencies dependencies) {
    return new TableVersion(
        statement.table().name(),
        0,
        "",
        "",
        RefreshReasons.mode(statement.query(), dependencies),
        RefreshReasons.reason(statement.query(), dependencies),
        Map.of());
  }

  /** Whether the table holds what a build now would give it. */
  public boolean upToDate(CreateTableAs statement, TableVersion current) {
    Optional<TableEntry> entry = registry.table(statement.table().name());
    Optional<TableVersion> recorded = versions.version(statement.table().name());
    return entry.isPresent()
        && recorded.isPresent()
        && entry.get().status() == TableStatus.ACTIVE
        && entry.get().health() == Health.HEALTHY
        && entry.get().batchId() == recorded.get().loadBatchId()
        && recorded.get().fingerprint().equals(current.fingerprint())
        && recorded.get().dataVersion().equals(current.dataVersion());
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
