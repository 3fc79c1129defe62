package io.tablewave.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How the tables Tablewave builds in the store are named: {@code <NAME>__tw<batch>} holds a table's
 * rows, {@code <NAME>__tw<batch>_k<n>} a Kafka topic staged for its load. Any such table the
 * registry does not point to is left over from an interrupted load.
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
  private static final Pattern BUILT_BY_TABLEWAVE = Pattern.compile(".+__tw\\d+(_k\\d+|_d)?");

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
