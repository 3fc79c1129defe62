package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A read-only view of one topic for peeking: its JSON columns are inferred on first use, and a scan
 * reads the committed records up to the end offsets taken when the scan starts, fetching only as
 * far as the query consumes (so {@code LIMIT 10} reads little). Undecodable records are left out of
 * a scan. Its JDBC table type is {@code TABLE}.
 */
public final class KafkaTopicTable extends AbstractTable implements ScannableTable {
  private final KafkaTopics topics;
  private final TopicLoadSpec spec;
  private final JsonSchemaInference inference;
  private volatile List<Column> columns;

  public KafkaTopicTable(KafkaTopics topics, TopicLoadSpec spec, JsonSchemaInference inference) {
    this.topics = requireNonNull(topics, "topics is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.inference = requireNonNull(inference, "inference is null");
  }

  /** The table's columns, inferred from a sample on the first call. */
  public List<Column> columns() {
    List<Column> result = columns;
    if (result == null) {
      synchronized (this) {
        if (columns == null) {
          columns = inference.infer(spec, topics.bounds(spec));
        }
        result = columns;
      }
    }
    return result;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return KafkaColumns.rowType(columns(), typeFactory);
  }

  @Override
  public Schema.TableType getJdbcTableType() {
    return Schema.TableType.FOREIGN_TABLE;
  }

  @Override
  public Enumerable<@Nullable Object[]> scan(DataContext root) {
    AtomicBoolean cancelFlag = DataContext.Variable.CANCEL_FLAG.get(root);
    List<Column> tableColumns = columns();
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<@Nullable Object[]> enumerator() {
        return new TopicEnumerator(
            tableColumns, cancelFlag == null ? new AtomicBoolean() : cancelFlag);
      }
    };
  }

  /** Opens its consumer on the first move, so an unused scan costs nothing. */
  private final class TopicEnumerator implements Enumerator<@Nullable Object[]> {
    private final List<Column> tableColumns;
    private final AtomicBoolean cancelFlag;
    private final RecordDecoder decoder;
    private BoundedRecordIterator records;
    private Object[] current;

    TopicEnumerator(List<Column> tableColumns, AtomicBoolean cancelFlag) {
      this.tableColumns = tableColumns;
      this.cancelFlag = cancelFlag;
      this.decoder = new RecordDecoder(spec.format(), tableColumns);
    }

    @Override
    public Object[] current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      if (records == null) {
        records =
            new BoundedRecordIterator(
                spec.settings(), topics.bounds(spec), "peek-" + spec.topic(), cancelFlag::get);
      }
      while (records.hasNext()) {
        try {
          current = toInternal(decoder.decode(records.next(), field -> {}));
          return true;
        } catch (BadRecordException e) {
          // A peek shows what decodes; loads report bad records.
        }
      }
      current = null;
      return false;
    }

    private Object[] toInternal(Object[] row) {
      for (int i = 0; i < row.length; i++) {
        if (row[i] instanceof LocalDateTime time) {
          row[i] = time.toInstant(ZoneOffset.UTC).toEpochMilli();
        } else if (row[i] instanceof java.time.LocalDate date) {
          row[i] = (int) date.toEpochDay();
        } else if (row[i] instanceof java.time.LocalTime time) {
          row[i] = (int) (time.toNanoOfDay() / 1_000_000);
        }
      }
      return row;
    }

    @Override
    public void reset() {
      close();
    }

    @Override
    public void close() {
      if (records != null) {
        records.close();
        records = null;
      }
      current = null;
    }
  }
}
