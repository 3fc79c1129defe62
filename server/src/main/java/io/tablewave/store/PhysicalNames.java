package io.tablewave.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How the tables Tablewave builds in the store are named: {@code <NAME>__tw<batch>} holds a table's
 * rows, {@code <NAME>__tw<batch>_k<n>} a Kafka topic staged for its load, {@code
 * <NAME>__tw<batch>_s} the merge state of a table with AVG columns (its per-group sums and counts),
 * which belongs to the physical table it is named after. Any such table the registry does not point
 * to (a state table: whose physical table it does not point to) is left over from an interrupted
 * load.
 *
 * <p>Names fit in 63 bytes, PostgreSQL's limit, which would otherwise cut longer names short and
 * let two tables that start alike meet under one name: a long table name keeps its start and gets a
 * hash of the whole name instead of its end.
 */
public final class PhysicalNames {
  static final int MAX_BYTES = 63;

  /** Room kept for {@code _k<n>} of staged topics. */
  private static final int STAGING_SUFFIX_BYTES = 6;

  private static final int HASH_CHARS = 8;
  private static final Pattern BUILT_BY_TABLEWAVE =
      Pattern.compile(".+__tw\\d+(_k\\d+|_d|_s|_sd)?");
  private static final String STATE_SUFFIX = "_s";

  private PhysicalNames() {}

  /** The physical table that holds the rows a batch loads for a table. */
  public static String table(String tableName, long batchId) {
    String suffix = "__tw" + batchId;
    int room = MAX_BYTES - STAGING_SUFFIX_BYTES - suffix.length();
    if (bytes(tableName) <= room) {
      return tableName + suffix;
    }
    return prefixWithin(tableName, room - 1 - HASH_CHARS) + "_" + hash(tableName) + suffix;
  }

  /** The staging table of the {@code index}-th Kafka topic a load reads. */
  public static String stagedTopic(String physicalTable, int index) {
    return physicalTable + "_k" + index;
  }

  /**
   * The table that holds the rows an incremental refresh appends to a table, until they are
   * appended: {@code physicalTable} is the name the batch would give a full rebuild.
   */
  public static String delta(String physicalTable) {
    return physicalTable + "_d";
  }

  /**
   * The table that holds the merge state of {@code physicalTable} (the per-group sum and count
   * behind each AVG column): it is built with the physical table, never listed as a table, and
   * dropped with it.
   */
  public static String state(String physicalTable) {
    return physicalTable + STATE_SUFFIX;
  }

  /** The table that holds the merge state of the rows an incremental refresh adds, until merged. */
  public static String stateDelta(String physicalTable) {
    return physicalTable + STATE_SUFFIX + "d";
  }

  /**
   * The physical table whose merge state {@code storeTable} holds, or null when it is no state
   * table.
   */
  public static String stateOwner(String storeTable) {
    return storeTable.endsWith(STATE_SUFFIX) && isBuiltByTablewave(storeTable)
        ? storeTable.substring(0, storeTable.length() - STATE_SUFFIX.length())
        : null;
  }

  /** Whether a store table is one Tablewave built. */
  public static boolean isBuiltByTablewave(String storeTable) {
    return BUILT_BY_TABLEWAVE.matcher(storeTable).matches();
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The longest start of {@code text} of at most {@code maxBytes} UTF-8 bytes, never splitting a
   * character.
   */
  private static String prefixWithin(String text, int maxBytes) {
    int end = 0;
    int used = 0;
    while (end < text.length()) {
      int codePoint = text.codePointAt(end);
      int size = bytes(new String(Character.toChars(codePoint)));
      if (used + size > maxBytes) {
        break;
      }
      used += size;
      end += Character.charCount(codePoint);
    }
    return text.substring(0, end);
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
