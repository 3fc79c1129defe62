package io.tablewave.system;

import java.util.List;
import java.util.function.LongPredicate;

import org.apache.calcite.DataContext;

import io.tablewave.registry.Registry;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

/** {@code SYS.BATCHES}: one row per batch that was planned; also {@code SYS.MY_BATCHES}, a connection's own. */
final class BatchesTable extends SystemTable {
  private final Registry registry;

  private final LongPredicate shown;

  /** {@code SYS.BATCHES}: every batch. */
  BatchesTable(Registry registry) {
    this(registry, batchId -> true);
  }

  /** The batches whose id {@code shown} accepts, with the columns of {@code SYS.BATCHES} ({@code SYS.MY_BATCHES}). */
  BatchesTable(Registry registry, LongPredicate shown) {
    super(List.of(notNull("BATCH_ID", BIGINT), notNull("STATUS", VARCHAR), notNull("SUBMITTED_AT", TIMESTAMP),
        nullable("FINISHED_AT", TIMESTAMP), notNull("TABLE_COUNT", INTEGER), notNull("SUCCEEDED", INTEGER),
        notNull("FAILED", INTEGER), notNull("SKIPPED", INTEGER), notNull("WAVE_COUNT", INTEGER),
        notNull("PARALLELISM", INTEGER), nullable("USER_NAME", VARCHAR), nullable("ERROR_MESSAGE", VARCHAR)));
    this.registry = requireNonNull(registry, "registry is null");
    this.shown = requireNonNull(shown, "shown is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return registry.batches().stream()
        .filter(b -> shown.test(b.batchId()))
        .map(b -> new Object[] {b.batchId(), b.status().name(), millis(b.submittedAt()), millis(b.finishedAt()),
            b.tableCount(), b.succeeded(), b.failed(), b.skipped(), b.waveCount(), b.parallelism(), b.userName(),
            b.errorMessage()})
        .toList();
  }
}
