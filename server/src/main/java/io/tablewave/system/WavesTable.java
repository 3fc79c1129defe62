package io.tablewave.system;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import io.tablewave.registry.BatchTableEntry;
import io.tablewave.registry.BatchTableStatus;
import io.tablewave.registry.Registry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.calcite.DataContext;

/** {@code SYS.WAVES}: one row per dependency level of each batch, derived from its tables. */
final class WavesTable extends SystemTable {
  private final Registry registry;

  WavesTable(Registry registry) {
    super(
        List.of(
            notNull("BATCH_ID", BIGINT),
            notNull("WAVE", INTEGER),
            notNull("TABLE_COUNT", INTEGER),
            notNull("TABLES", VARCHAR),
            nullable("STARTED_AT", TIMESTAMP),
            nullable("FINISHED_AT", TIMESTAMP),
            notNull("SUCCEEDED", INTEGER),
            notNull("FAILED", INTEGER),
            notNull("SKIPPED", INTEGER)));
    this.registry = requireNonNull(registry, "registry is null");
  }

  private record WaveKey(long batchId, int wave) implements Comparable<WaveKey> {
    @Override
    public int compareTo(WaveKey o) {
      int byBatch = Long.compare(batchId, o.batchId);
      return byBatch != 0 ? byBatch : Integer.compare(wave, o.wave);
    }
  }

  @Override
  List<Object[]> rows(DataContext context) {
    Map<WaveKey, List<BatchTableEntry>> waves = new TreeMap<>();
    for (BatchTableEntry entry : registry.batchTables()) {
      waves
          .computeIfAbsent(new WaveKey(entry.batchId(), entry.wave()), k -> new ArrayList<>())
          .add(entry);
    }
    List<Object[]> rows = new ArrayList<>();
    waves.forEach(
        (key, entries) -> {
          boolean allFinal = entries.stream().allMatch(e -> e.status().isFinal());
          Instant started =
              entries.stream()
                  .map(BatchTableEntry::startedAt)
                  .filter(Objects::nonNull)
                  .min(Instant::compareTo)
                  .orElse(null);
          Instant finished =
              allFinal
                  ? entries.stream()
                      .map(BatchTableEntry::finishedAt)
                      .filter(Objects::nonNull)
                      .max(Instant::compareTo)
                      .orElse(null)
                  : null;
          rows.add(
              new Object[] {
                key.batchId(),
                key.wave(),
                entries.size(),
                String.join(
                    ",", entries.stream().map(BatchTableEntry::tableName).sorted().toList()),
                millis(started),
                millis(finished),
                count(entries, BatchTableStatus.SUCCEEDED),
                count(entries, BatchTableStatus.FAILED),
                count(entries, BatchTableStatus.SKIPPED)
              });
        });
    return rows;
  }

  private static int count(List<BatchTableEntry> entries, BatchTableStatus status) {
    return (int) entries.stream().filter(e -> e.status() == status).count();
  }
}
