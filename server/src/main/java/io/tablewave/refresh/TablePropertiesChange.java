package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.registry.Registry;
import io.tablewave.registry.TableEntry;
import io.tablewave.sql.RefreshSchedule;
import io.tablewave.sql.SecretProperties;
import io.tablewave.sql.TableName;
import io.tablewave.sql.TableProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ALTER TABLE name SET (...)}: merges the properties given into the table's registered ones,
 * checks the result as CREATE TABLE would, and records it without reloading the table. The next
 * refresh of the table uses the new properties. {@code 'refresh' = 'continuous'} given without
 * {@code 'refresh.interval'} resumes a table paused with {@code 'refresh.interval' = 'off'}; {@code
 * 'refresh' = 'off'} alone removes the interval too.
 */
public final class TablePropertiesChange {
  private static final TypeReference<LinkedHashMap<String, String>> PROPERTIES =
      new TypeReference<>() {};

  private final Registry registry;
  private final ObjectMapper json = new ObjectMapper();

  public TablePropertiesChange(Registry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  /** Sets {@code changes} on {@code table}; call it under the registry's planning lock. */
  public TableEntry set(TableName table, Map<String, String> changes) {
    TableEntry entry =
        registry
            .table(table.name())
            .orElseThrow(
                () ->
                    new TablewaveException(
                        ErrorCode.TABLE_NOT_FOUND,
                        "cannot alter table " + table + ": it does not exist (see SYS.TABLES)"));
    for (String key : changes.keySet()) {
      if (key.equalsIgnoreCase(TableProperties.DEPENDS_ON)) {
        throw new TablewaveException(
            ErrorCode.INVALID_PROPERTY,
            "cannot set '"
                + TableProperties.DEPENDS_ON
                + "' of table "
                + entry.name()
                + " with ALTER TABLE: it changes the dependency graph; run the table's"
                + " CREATE OR REPLACE TABLE statement with the new value instead");
      }
    }
    Map<String, String> merged = read(entry);
    refreshAlone(changes)
        .ifPresent(
            refresh ->
                // 'refresh' = 'continuous' alone resumes a table paused with 'refresh.interval' =
                // 'off'; 'refresh' = 'off' alone ends the schedule, interval included.
                merged
                    .entrySet()
                    .removeIf(
                        e ->
                            e.getKey().equalsIgnoreCase(RefreshSchedule.INTERVAL)
                                && (refresh.equalsIgnoreCase(RefreshSchedule.OFF)
                                    || e.getValue()
                                        .strip()
                                        .equalsIgnoreCase(RefreshSchedule.OFF))));
    changes.forEach(
        (key, value) -> {
          merged.keySet().removeIf(existing -> existing.equalsIgnoreCase(key));
          merged.put(key, value);
        });
    TableProperties.parse(merged);
    try {
      return registry.propertiesSet(
          entry.name(), json.writeValueAsString(SecretProperties.masked(merged)));
    } catch (JsonProcessingException e) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR, "cannot write properties as JSON: " + e.getMessage(), e);
    }
  }

  /** The value of {@code 'refresh'} when the changes set it without {@code 'refresh.interval'}. */
  private static Optional<String> refreshAlone(Map<String, String> changes) {
    if (changes.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(RefreshSchedule.INTERVAL))) {
      return Optional.empty();
    }
    return changes.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(RefreshSchedule.REFRESH))
        .map(e -> e.getValue().strip())
        .findFirst();
  }

  private Map<String, String> read(TableEntry entry) {
    try {
      return json.readValue(entry.propertiesJson(), PROPERTIES);
    } catch (JsonProcessingException e) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR,
          "cannot read the properties of table "
              + entry.name()
              + " from the registry: "
              + e.getOriginalMessage(),
          e);
    }
  }
}
