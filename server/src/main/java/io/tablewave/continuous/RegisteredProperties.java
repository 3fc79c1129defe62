package io.tablewave.continuous;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablewave.error.TablewaveException;
import io.tablewave.registry.TableEntry;
import io.tablewave.sql.RefreshSchedule;
import io.tablewave.sql.TableProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registered table's properties, read from the registry, which is their one home: CREATE TABLE
 * and ALTER TABLE SET change them there, and a restart finds them there. The refresh schedule is
 * read from them at every use, so a change takes effect without a reload.
 */
public final class RegisteredProperties {
  private static final TypeReference<LinkedHashMap<String, String>> PROPERTIES =
      new TypeReference<>() {};

  /** Schedules found so far, by the properties' JSON text: most tables share a few texts. */
  private static final int MAX_SCHEDULES_KEPT = 10_000;

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, RefreshSchedule> schedules = new ConcurrentHashMap<>();

  /** The table's WITH properties as registered (secrets masked). */
  public Map<String, String> of(TableEntry table) {
    requireNonNull(table, "table is null");
    try {
      return json.readValue(table.propertiesJson(), PROPERTIES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the registered properties of table "
              + table.name()
              + " are not a JSON object: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** The table's schedule; MANUAL when its properties cannot be read (they were checked before). */
  public RefreshSchedule schedule(TableEntry table) {
    RefreshSchedule known = schedules.get(table.propertiesJson());
    if (known != null) {
      return known;
    }
    RefreshSchedule schedule;
    try {
      schedule = TableProperties.parse(of(table)).refresh();
    } catch (IllegalStateException | TablewaveException e) {
      return RefreshSchedule.MANUAL;
    }
    if (schedules.size() >= MAX_SCHEDULES_KEPT) {
      schedules.clear();
    }
    schedules.put(table.propertiesJson(), schedule);
    return schedule;
  }
}
