package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One registry table, declared once: the record a row is, the table in the store's registry schema,
 * and the {@code SYS} table that shows it. The store's DDL, its reads and writes, and the system
 * table's columns and rows all derive from this declaration ({@link RegistryTables} holds them).
 *
 * <p>Each column is one component of the record, and the component's Java type gives the column's
 * type: {@code String} and enums are VARCHAR (an enum by its name), {@code int} INTEGER, {@code
 * long} and {@code Long} BIGINT, {@link Instant} a TIMESTAMP, stored as BIGINT epoch milliseconds.
 * Columns are stored in the order declared; the first {@code keyColumns} identify a row for updates
 * and deletes. Identifiers are unquoted so that the same SQL runs on DuckDB, H2 and PostgreSQL.
 */
public final class RegistryTable<T extends Record> {
  /** The kind of value a column holds; its store type and its {@code SYS} type. */
  public enum ColumnType {
    VARCHAR("VARCHAR", Types.VARCHAR),
    INTEGER("INTEGER", Types.INTEGER),
    BIGINT("BIGINT", Types.BIGINT),
    /** An instant, stored as BIGINT epoch milliseconds and shown as a TIMESTAMP. */
    TIMESTAMP("BIGINT", Types.BIGINT);

    private final String storeType;
    private final int jdbcType;

    ColumnType(String storeType, int jdbcType) {
      this.storeType = storeType;
      this.jdbcType = jdbcType;
    }
  }

  /**
   * A column: its name in the store, its name in {@code SYS}, its type, and the record component it
   * holds.
   */
  public record Column(
      String name,
      String systemName,
      ColumnType type,
      boolean nullable,
      RecordComponent component) {
    public Column {
      requireNonNull(name, "name is null");
      requireNonNull(systemName, "systemName is null");
      requireNonNull(type, "type is null");
      requireNonNull(component, "component is null");
    }
  }

  /** How a column is declared, before the record's component gives it its type. */
  record ColumnSpec(String name, String component, String systemName, boolean nullable) {
    /** The same column under other names than its component's: in the store, and in {@code SYS}. */
    ColumnSpec named(String storeName, String shownAs) {
      return new ColumnSpec(storeName, component, shownAs, nullable);
    }
  }

  private final Class<T> rowType;
  private final String name;
  private final String systemName;
  private final List<Column> columns;
  private final int keyColumns;
  private final boolean primaryKey;
  private final Constructor<T> constructor;

  /** For each record component in order, the index of its column. */
  private final int[] columnOfComponent;

  /**
   * The accessor of each column's component, made once: {@code Method.invoke} checked access at
   * every call, and with 10,000 tables a {@code SYS.TABLES} query reads 200,000 values.
   */
  private final List<Function<Object, Object>> accessors;

  private RegistryTable(
      Class<T> rowType,
      String name,
      String systemName,
      int keyColumns,
      boolean primaryKey,
      List<ColumnSpec> specs) {
    this.rowType = requireNonNull(rowType, "rowType is null");
    this.name = requireNonNull(name, "name is null");
    this.systemName = requireNonNull(systemName, "systemName is null");
    this.keyColumns = keyColumns;
    this.primaryKey = primaryKey;
    RecordComponent[] components = rowType.getRecordComponents();
    if (specs.size() != components.length) {
      throw new IllegalArgumentException(
          name
              + " declares "
              + specs.size()
              + " columns for the "
              + components.length
              + " components of "
              + rowType.getSimpleName());
    }
    if (keyColumns < 1 || keyColumns > specs.size()) {
      throw new IllegalArgumentException(
          "a key of " + keyColumns + " of " + specs.size() + " columns");
    }
    List<Column> declared = new ArrayList<>();
    columnOfComponent = new int[components.length];
    Arrays.fill(columnOfComponent, -1);
    for (ColumnSpec spec : specs) {
      int index = componentIndex(components, spec.component());
      if (columnOfComponent[index] >= 0) {
        throw new IllegalArgumentException(
            name + " declares component " + spec.component() + " twice");
      }
      columnOfComponent[index] = declared.size();
      RecordComponent component = components[index];
      ColumnType type = typeOf(component);
      if (spec.nullable() && component.getType().isPrimitive()) {
        throw new IllegalArgumentException(
            name + "." + spec.name() + " is nullable but " + component + " is not");
      }
      declared.add(new Column(spec.name(), spec.systemName(), type, spec.nullable(), component));
    }
    this.columns = List.copyOf(declared);
    this.accessors = columns.stream().map(c -> accessor(c.component())).toList();
    try {
      this.constructor =
          rowType.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(rowType + " has no canonical constructor", e);
    }
  }

  /**
   * A table whose first {@code keyColumns} columns identify a row; with {@code primaryKey} they are
   * its key.
   */
  static <T extends Record> RegistryTable<T> of(
      Class<T> rowType,
      String name,
      String systemName,
      int keyColumns,
      boolean primaryKey,
      ColumnSpec... columns) {
    return new RegistryTable<>(rowType, name, systemName, keyColumns, primaryKey, List.of(columns));
  }

  /**
   * A column that always has a value, named after its component ({@code batchId}: batch_id,
   * BATCH_ID).
   */
  static ColumnSpec notNull(String component) {
    return new ColumnSpec(
        snakeCase(component), component, snakeCase(component).toUpperCase(Locale.ROOT), false);
  }

  /** A column that may be null, named after its component. */
  static ColumnSpec nullable(String component) {
    return new ColumnSpec(
        snakeCase(component), component, snakeCase(component).toUpperCase(Locale.ROOT), true);
  }

  /** The table's name in the store's registry schema. */
  public String name() {
    return name;
  }

  /** The table's name in the {@code SYS} schema. */
  public String systemName() {
    return systemName;
  }

  public List<Column> columns() {
    return columns;
  }

  /**
   * A row's values in column order, as both the store and {@code SYS} hold them: strings, enums as
   * their names, numbers, instants as epoch milliseconds, or null.
   */
  public Object[] values(T row) {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      Object value = accessors.get(i).apply(row);
      values[i] =
          value instanceof Enum<?> e
              ? e.name()
              : value instanceof Instant at ? at.toEpochMilli() : value;
    }
    return values;
  }

  String createSql(String schema) {
    List<String> definitions = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      String definition = column.name() + " " + column.type().storeType;
      if (primaryKey && keyColumns == 1 && i == 0) {
        definition += " PRIMARY KEY";
      } else if (!column.nullable()) {
        definition += " NOT NULL";
      }
      definitions.add(definition);
    }
    if (primaryKey && keyColumns > 1) {
      definitions.add("PRIMARY KEY (" + String.join(", ", names(0, keyColumns)) + ")");
    }
    return "CREATE TABLE IF NOT EXISTS "
        + schema
        + "."
        + name
        + " ("
        + String.join(", ", definitions)
        + ")";
  }

  /**
   * Statements that add each nullable column to a table kept by a server that did not have it yet;
   * a column already there is left as it is.
   */
  List<String> addNullableColumnsSql(String schema) {
    return columns.stream()
        .filter(Column::nullable)
        .map(
            column ->
                "ALTER TABLE "
                    + schema
                    + "."
                    + name
                    + " ADD COLUMN IF NOT EXISTS "
                    + column.name()
                    + " "
                    + column.type().storeType)
        .toList();
  }

  String selectSql(String schema) {
    return "SELECT " + String.join(", ", names(0, columns.size())) + " FROM " + schema + "." + name;
  }

  /** An INSERT of {@code rows} rows in one statement. */
  String insertSql(String schema, int rows) {
    String row = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    return "INSERT INTO "
        + schema
        + "."
        + name
        + " ("
        + String.join(", ", names(0, columns.size()))
        + ") VALUES "
        + String.join(", ", Collections.nCopies(rows, row));
  }

  String updateSql(String schema) {
    List<String> assignments =
        names(keyColumns, columns.size()).stream().map(c -> c + " = ?").toList();
    return "UPDATE "
        + schema
        + "."
        + name
        + " SET "
        + String.join(", ", assignments)
        + " WHERE "
        + keyCondition();
  }

  /** Deletes the rows whose first key column is the one parameter. */
  String deleteSql(String schema) {
    return "DELETE FROM " + schema + "." + name + " WHERE " + columns.get(0).name() + " = ?";
  }

  /** Deletes the rows whose first key column is at most the one parameter. */
  String deleteUpToSql(String schema) {
    return "DELETE FROM " + schema + "." + name + " WHERE " + columns.get(0).name() + " <= ?";
  }

  /** The row at the result set's cursor, read from {@link #selectSql}. */
  T read(ResultSet rs) throws SQLException {
    Object[] arguments = new Object[columnOfComponent.length];
    for (int c = 0; c < arguments.length; c++) {
      int index = columnOfComponent[c];
      arguments[c] = readValue(rs, index + 1, columns.get(index));
    }
    try {
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "a stored row of "
              + name
              + " is not a valid "
              + rowType.getSimpleName()
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a " + rowType.getSimpleName(), e);
    }
  }

  /** Binds every value of {@code rows} in column order, for {@link #insertSql} of as many rows. */
  void bindInsert(PreparedStatement statement, List<T> rows) throws SQLException {
    int parameter = 1;
    for (T row : rows) {
      Object[] rowValues = values(row);
      for (int i = 0; i < columns.size(); i++) {
        bind(statement, parameter++, columns.get(i), rowValues[i]);
      }
    }
  }

  /** Binds the values that are not the key, then the key, for {@link #updateSql}. */
  void bindUpdate(PreparedStatement statement, T row) throws SQLException {
    Object[] rowValues = values(row);
    int parameter = 1;
    for (int i = keyColumns; i < columns.size(); i++) {
      bind(statement, parameter++, columns.get(i), rowValues[i]);
    }
    for (int i = 0; i < keyColumns; i++) {
      bind(statement, parameter++, columns.get(i), rowValues[i]);
    }
  }

  @Override
  public String toString() {
    return "RegistryTable[" + name + ", " + systemName + "]";
  }

  private String keyCondition() {
    return String.join(" AND ", names(0, keyColumns).stream().map(c -> c + " = ?").toList());
  }

  private List<String> names(int from, int to) {
    return columns.subList(from, to).stream().map(Column::name).toList();
  }

  private static Object readValue(ResultSet rs, int index, Column column) throws SQLException {
    Class<?> type = column.component().getType();
    if (type == String.class) {
      return rs.getString(index);
    }
    if (type.isEnum()) {
      String value = rs.getString(index);
      return value == null ? null : enumValue(type, value);
    }
    if (type == int.class) {
      return rs.getInt(index);
    }
    long value = rs.getLong(index);
    if (type == long.class) {
      return value;
    }
    if (rs.wasNull()) {
      return null;
    }
    return type == Instant.class ? Instant.ofEpochMilli(value) : Long.valueOf(value);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }

  private static void bind(PreparedStatement statement, int parameter, Column column, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(parameter, column.type().jdbcType);
      return;
    }
    switch (column.type()) {
      case VARCHAR -> statement.setString(parameter, (String) value);
      case INTEGER -> statement.setInt(parameter, ((Number) value).intValue());
      case BIGINT, TIMESTAMP -> statement.setLong(parameter, ((Number) value).longValue());
    }
  }

  /**
   * A function reading {@code component} of a row, its value boxed: a class of its own made by
   * {@link LambdaMetafactory}, which the JIT compiles as a plain call (a method handle kept in a
   * field is called through checks at every call).
   */
  @SuppressWarnings("unchecked")
  private static Function<Object, Object> accessor(RecordComponent component) {
    Method method = component.getAccessor();
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle getter = lookup.unreflect(method);
      Class<?> boxed = MethodType.methodType(method.getReturnType()).wrap().returnType();
      return (Function<Object, Object>)
          LambdaMetafactory.metafactory(
                  lookup,
                  "apply",
                  MethodType.methodType(Function.class),
                  MethodType.methodType(Object.class, Object.class),
                  getter,
                  MethodType.methodType(boxed, method.getDeclaringClass()))
              .getTarget()
              .invokeExact();
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      // LambdaConversionException, IllegalAccessException: the declaration names a component the
      // registry cannot read, a mistake in RegistryTables
      throw new IllegalArgumentException("cannot read " + component + " of its record", e);
    }
  }

  private static ColumnType typeOf(RecordComponent component) {
    Class<?> type = component.getType();
    if (type == String.class || type.isEnum()) {
      return ColumnType.VARCHAR;
    }
    if (type == int.class) {
      return ColumnType.INTEGER;
    }
    if (type == long.class || type == Long.class) {
      return ColumnType.BIGINT;
    }
    if (type == Instant.class) {
      return ColumnType.TIMESTAMP;
    }
    throw new IllegalArgumentException(component + " has a type the registry cannot store");
  }

  private static int componentIndex(RecordComponent[] components, String name) {
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no record component " + name);
  }

  private static String snakeCase(String component) {
    return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
