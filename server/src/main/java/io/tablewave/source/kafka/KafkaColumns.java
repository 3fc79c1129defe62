package io.tablewave.source.kafka;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.source.kafka.TopicLoadSpec.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** The column names every Kafka table has, besides the decoded value. */
public final class KafkaColumns {
  public static final String VALUE = "_value";
  public static final String KEY = "_key";
  public static final String PARTITION = "_partition";
  public static final String OFFSET = "_offset";
  public static final String TIMESTAMP = "_timestamp";

  /** {@code _key}, {@code _partition}, {@code _offset}, {@code _timestamp}, in that order. */
  public static final List<Column> METADATA =
      List.of(
          Column.of(KEY, ColumnType.VARCHAR),
          Column.of(PARTITION, ColumnType.INTEGER),
          Column.of(OFFSET, ColumnType.BIGINT),
          Column.of(TIMESTAMP, ColumnType.TIMESTAMP));

  static final Set<String> METADATA_NAMES = Set.of(KEY, PARTITION, OFFSET, TIMESTAMP);

  private KafkaColumns() {}

  /** The columns of a csv or raw table: {@code _value} then the metadata columns. */
  public static List<Column> textColumns() {
    List<Column> columns = new ArrayList<>();
    columns.add(Column.of(VALUE, ColumnType.VARCHAR));
    columns.addAll(METADATA);
    return List.copyOf(columns);
  }

  /** Value columns followed by the metadata columns. */
  public static List<Column> withMetadata(List<Column> valueColumns) {
    List<Column> columns = new ArrayList<>(valueColumns);
    columns.addAll(METADATA);
    return List.copyOf(columns);
  }

  static boolean isTextFormat(Format format) {
    return format == Format.CSV || format == Format.RAW;
  }

  /**
   * The SQL row type of a topic's columns (as {@link JsonSchemaInference#infer} decides them),
   * every column nullable, DECIMAL with its precision and scale, TIMESTAMP with milliseconds.
   */
  public static RelDataType rowType(List<Column> columns, RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (Column column : columns) {
      RelDataType type =
          switch (column.type()) {
            case TIMESTAMP -> typeFactory.createSqlType(SqlTypeName.TIMESTAMP, 3);
            case DECIMAL ->
                typeFactory.createSqlType(SqlTypeName.DECIMAL, column.precision(), column.scale());
            default -> typeFactory.createSqlType(sqlType(column.type()));
          };
      builder.add(column.name(), typeFactory.createTypeWithNullability(type, true));
    }
    return builder.build();
  }

  private static SqlTypeName sqlType(ColumnType type) {
    return switch (type) {
      case BOOLEAN -> SqlTypeName.BOOLEAN;
      case INTEGER -> SqlTypeName.INTEGER;
      case BIGINT -> SqlTypeName.BIGINT;
      case DOUBLE -> SqlTypeName.DOUBLE;
      case DECIMAL -> SqlTypeName.DECIMAL;
      case VARCHAR -> SqlTypeName.VARCHAR;
      case DATE -> SqlTypeName.DATE;
      case TIME -> SqlTypeName.TIME;
      case TIMESTAMP -> SqlTypeName.TIMESTAMP;
      case VARBINARY -> SqlTypeName.VARBINARY;
    };
  }
}
