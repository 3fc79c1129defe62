package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ALTER TABLE name SET ('key' = 'value' [, ...])}: changes properties of a table without
 * reloading it.
 *
 * @param properties the properties to set, in the order written; keys as written
 */
public record AlterTableSet(TableName table, Map<String, String> properties, String sqlText)
    implements ParsedStatement {
  public AlterTableSet {
    requireNonNull(table, "table is null");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    requireNonNull(sqlText, "sqlText is null");
  }
}
