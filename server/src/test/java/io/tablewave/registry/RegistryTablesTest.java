package io.tablewave.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry's tables are each declared once; the DDL derived from the declarations is the DDL of
 * the registry schemas already in the stores, column for column.
 */
class RegistryTablesTest {
  @Test
  void theDerivedDdlIsTheStoredSchema() {
    assertThat(
            List.of(
                    RegistryTables.TABLES,
                    RegistryTables.DEPENDENCIES,
                    RegistryTables.BATCHES,
                    RegistryTables.BATCH_TABLES,
                    RegistryTables.KAFKA_OFFSETS)
                .stream()
                .map(t -> t.createSql("reg"))
                .toList())
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS reg.tw_tables (name VARCHAR PRIMARY KEY, physical_name VARCHAR NOT NULL,"
                + " status VARCHAR NOT NULL, health VARCHAR NOT NULL, issues VARCHAR, row_count BIGINT NOT NULL,"
                + " sql_text VARCHAR NOT NULL, properties VARCHAR NOT NULL, batch_id BIGINT NOT NULL,"
                + " wave INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
                + " load_millis BIGINT NOT NULL, bad_records BIGINT NOT NULL, last_error VARCHAR)",
            "CREATE TABLE IF NOT EXISTS reg.tw_dependencies (table_name VARCHAR NOT NULL, depends_on VARCHAR NOT NULL,"
                + " kind VARCHAR NOT NULL, origin VARCHAR NOT NULL)",
            "CREATE TABLE IF NOT EXISTS reg.tw_batches (batch_id BIGINT PRIMARY KEY, status VARCHAR NOT NULL,"
                + " submitted_at BIGINT NOT NULL, finished_at BIGINT, table_count INTEGER NOT NULL,"
                + " succeeded INTEGER NOT NULL, failed INTEGER NOT NULL, skipped INTEGER NOT NULL,"
                + " wave_count INTEGER NOT NULL, parallelism INTEGER NOT NULL, user_name VARCHAR, error_message VARCHAR)",
            "CREATE TABLE IF NOT EXISTS reg.tw_batch_tables (batch_id BIGINT NOT NULL, table_name VARCHAR NOT NULL,"
                + " statement_index INTEGER NOT NULL, wave INTEGER NOT NULL, status VARCHAR NOT NULL,"
                + " rows_loaded BIGINT NOT NULL, rows_expected BIGINT, started_at BIGINT, finished_at BIGINT,"
                + " error_message VARCHAR, skipped_because VARCHAR, attempts INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS reg.tw_kafka_offsets (table_name VARCHAR NOT NULL, topic VARCHAR NOT NULL,"
                + " kafka_partition INTEGER NOT NULL, start_offset BIGINT NOT NULL, end_offset BIGINT NOT NULL)");
  }

  @Test
  void systemColumnsAndValuesFollowTheDeclaration() {
    assertThat(RegistryTables.KAFKA_OFFSETS.columns())
        .extracting(RegistryTable.Column::systemName)
        .containsExactly("TABLE_NAME", "TOPIC", "PARTITION", "START_OFFSET", "END_OFFSET");
    assertThat(RegistryTables.TABLES.columns().get(0).systemName()).isEqualTo("TABLE_NAME");
    Instant at = Instant.parse("2026-12-02T10:00:00Z");
    BatchEntry batch =
        new BatchEntry(7, BatchStatus.RUNNING, at, null, 3, 1, 0, 0, 2, 4, "ann", null);
    assertThat(RegistryTables.BATCHES.values(batch))
        .containsExactly(7L, "RUNNING", at.toEpochMilli(), null, 3, 1, 0, 0, 2, 4, "ann", null);
    assertThat(RegistryTables.BATCHES.columns())
        .extracting(RegistryTable.Column::type)
        .startsWith(
            RegistryTable.ColumnType.BIGINT,
            RegistryTable.ColumnType.VARCHAR,
            RegistryTable.ColumnType.TIMESTAMP,
            RegistryTable.ColumnType.TIMESTAMP);
  }
}
