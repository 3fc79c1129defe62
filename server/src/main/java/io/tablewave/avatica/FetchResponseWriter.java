package io.tablewave.avatica;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.proto.Common;
import org.apache.calcite.avatica.proto.Responses;
import org.apache.calcite.avatica.remote.Service;

/**
 * Writes a fetch response as Avatica's protobuf wire bytes straight from the rows of its frame. Avatica's
 * own translation builds a protobuf message object for every value and its column, then serializes the
 * tree: most of the server's time when a client reads a large result. These bytes parse to the same frame
 * in any Avatica client since 1.7; they leave out the deprecated second copy of every value that only
 * clients before 1.7 read.
 *
 * <p>Values of the types a result frame holds (null, booleans, numbers, strings, decimals) are written here;
 * a frame holding anything else (arrays, binary values) is left to Avatica's translation.
 */
final class FetchResponseWriter {
  private static final byte[] MESSAGE_NAME =
      Responses.FetchResponse.class.getName().getBytes(StandardCharsets.UTF_8);

  // Tags: field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited).
  private static final int WIRE_NAME = 1 << 3 | 2;
  private static final int WIRE_WRAPPED_MESSAGE = 2 << 3 | 2;
  private static final int FETCH_FRAME = 1 << 3 | 2;
  private static final int FETCH_MISSING_STATEMENT = 2 << 3;
  private static final int FETCH_MISSING_RESULTS = 3 << 3;
  private static final int FETCH_METADATA = 4 << 3 | 2;
  private static final int RPC_METADATA_SERVER_ADDRESS = 1 << 3 | 2;
  private static final int FRAME_OFFSET = 1 << 3;
  private static final int FRAME_DONE = 2 << 3;
  private static final int FRAME_ROWS = 3 << 3 | 2;
  private static final int ROW_VALUE = 1 << 3 | 2;
  private static final int COLUMN_SCALAR_VALUE = 4 << 3 | 2;
  private static final int VALUE_TYPE = 1 << 3;
  private static final int VALUE_BOOL = 2 << 3;
  private static final int VALUE_STRING = 3 << 3 | 2;
  private static final int VALUE_NUMBER = 4 << 3;
  private static final int VALUE_DOUBLE = 6 << 3 | 1;
  private static final int VALUE_NULL = 7 << 3;

  /** Room for a frame of a thousand short rows before the buffer grows. */
  private static final int ROWS_BUFFER_BYTES = 64 * 1024;

  private FetchResponseWriter() {
  }

  /** The response's wire bytes, or empty when its frame holds a value this writer leaves to Avatica. */
  static Optional<byte[]> write(Service.FetchResponse response) {
    if (response.frame == null) {
      return Optional.empty();
    }
    WireBuffer rows = new WireBuffer(ROWS_BUFFER_BYTES);
    if (!writeRows(response.frame, rows)) {
      return Optional.empty();
    }
    Meta.Frame frame = response.frame;
    int frameSize = (frame.offset != 0 ? 1 + WireBuffer.varintSize(frame.offset) : 0) + (frame.done ? 2 : 0)
        + rows.size();
    byte[] serverAddress = response.rpcMetadata == null ? null
        : response.rpcMetadata.serverAddress == null ? new byte[0]
        : response.rpcMetadata.serverAddress.getBytes(StandardCharsets.UTF_8);
    int metadataSize = serverAddress == null || serverAddress.length == 0 ? 0 : fieldSize(serverAddress.length);
    int fetchSize = fieldSize(frameSize) + (response.missingStatement ? 2 : 0) + (response.missingResults ? 2 : 0)
        + (serverAddress == null ? 0 : fieldSize(metadataSize));
    int wireSize = fieldSize(MESSAGE_NAME.length) + fieldSize(fetchSize);

    // The fields before the rows, and after them; the rows are copied once, between the two.
    WireBuffer head = new WireBuffer(MESSAGE_NAME.length + 32);
    head.writeByte(WIRE_NAME);
    head.writeVarint(MESSAGE_NAME.length);
    head.write(MESSAGE_NAME);
    head.writeByte(WIRE_WRAPPED_MESSAGE);
    head.writeVarint(fetchSize);
    head.writeByte(FETCH_FRAME);
    head.writeVarint(frameSize);
    if (frame.offset != 0) {
      head.writeByte(FRAME_OFFSET);
      head.writeVarint(frame.offset);
    }
    if (frame.done) {
      head.writeByte(FRAME_DONE);
      head.writeByte(1);
    }
    WireBuffer tail = new WireBuffer(32 + (serverAddress == null ? 0 : serverAddress.length));
    if (response.missingStatement) {
      tail.writeByte(FETCH_MISSING_STATEMENT);
      tail.writeByte(1);
    }
    if (response.missingResults) {
      tail.writeByte(FETCH_MISSING_RESULTS);
      tail.writeByte(1);
    }
    if (serverAddress != null) {
      tail.writeByte(FETCH_METADATA);
      tail.writeVarint(metadataSize);
      if (serverAddress.length > 0) {
        tail.writeByte(RPC_METADATA_SERVER_ADDRESS);
        tail.writeVarint(serverAddress.length);
        tail.write(serverAddress);
      }
    }
    byte[] bytes = new byte[wireSize];
    head.copyTo(bytes, 0);
    rows.copyTo(bytes, head.size());
    tail.copyTo(bytes, head.size() + rows.size());
    return Optional.of(bytes);
  }

  /** Writes every row as a {@code rows} field of the frame; false at the first value it does not write. */
  private static boolean writeRows(Meta.Frame frame, WireBuffer out) {
    RowValues values = new RowValues();
    for (Object row : frame.rows) {
      if (row == null) {
        continue;
      }
      Object[] columns = row instanceof Object[] array ? array
          : row instanceof List<?> list ? list.toArray() : null;
      if (columns == null || !values.set(columns)) {
        return false;
      }
      int rowSize = 0;
      for (int i = 0; i < columns.length; i++) {
        rowSize += fieldSize(fieldSize(values.size(i)));
      }
      out.writeByte(FRAME_ROWS);
      out.writeVarint(rowSize);
      for (int i = 0; i < columns.length; i++) {
        int size = values.size(i);
        out.writeByte(ROW_VALUE);
        out.writeVarint(fieldSize(size));
        out.writeByte(COLUMN_SCALAR_VALUE);
        out.writeVarint(size);
        values.writeTo(i, out);
      }
    }
    return true;
  }

  /** The size of a length-delimited field with a one-byte tag and {@code contentSize} bytes of content. */
  private static int fieldSize(int contentSize) {
    return 1 + WireBuffer.varintSize(contentSize) + contentSize;
  }

  /**
   * The values of one row as Avatica's {@code TypedValue} messages: each one's representation and the field
   * that holds it, which is left out when it holds the field's default, as protobuf does. Kept in arrays
   * reused from row to row, since a frame holds thousands of values.
   */
  private static final class RowValues {
    private static final int NULL = 0;
    private static final int BOOL = 1;
    private static final int NUMBER = 2;
    private static final int DOUBLE = 3;
    private static final int TEXT = 4;

    private int[] reps = new int[0];
    private int[] kinds = new int[0];
    private long[] numbers = new long[0];
    private byte[][] texts = new byte[0][];

    /** Takes the values of a row; false when one is of a type left to Avatica. */
    boolean set(Object[] row) {
      if (reps.length < row.length) {
        reps = new int[row.length];
        kinds = new int[row.length];
        numbers = new long[row.length];
        texts = new byte[row.length][];
      }
      for (int i = 0; i < row.length; i++) {
        if (!set(i, row[i])) {
          return false;
        }
      }
      return true;
    }

    private boolean set(int i, Object value) {
      texts[i] = null;
      numbers[i] = 0;
      if (value == null) {
        return set(i, Common.Rep.NULL, NULL);
      } else if (value instanceof String s) {
        texts[i] = s.getBytes(StandardCharsets.UTF_8);
        return set(i, Common.Rep.STRING, TEXT);
      } else if (value instanceof Long l) {
        numbers[i] = l;
        return set(i, Common.Rep.LONG, NUMBER);
      } else if (value instanceof Integer n) {
        numbers[i] = n;
        return set(i, Common.Rep.INTEGER, NUMBER);
      } else if (value instanceof Double d) {
        numbers[i] = Double.doubleToRawLongBits(d);
        return set(i, Common.Rep.DOUBLE, DOUBLE);
      } else if (value instanceof BigDecimal decimal) {
        texts[i] = decimal.toString().getBytes(StandardCharsets.UTF_8);
        return set(i, Common.Rep.BIG_DECIMAL, TEXT);
      } else if (value instanceof Boolean b) {
        numbers[i] = b ? 1 : 0;
        return set(i, Common.Rep.BOOLEAN, BOOL);
      } else if (value instanceof Short s) {
        numbers[i] = s;
        return set(i, Common.Rep.SHORT, NUMBER);
      } else if (value instanceof Byte b) {
        numbers[i] = b;
        return set(i, Common.Rep.BYTE, NUMBER);
      } else if (value instanceof Float f) {
        numbers[i] = Float.floatToIntBits(f);
        return set(i, Common.Rep.FLOAT, NUMBER);
      } else if (value instanceof Character c) {
        texts[i] = c.toString().getBytes(StandardCharsets.UTF_8);
        return set(i, Common.Rep.CHARACTER, TEXT);
      }
      return false;
    }

    private boolean set(int i, Common.Rep rep, int kind) {
      reps[i] = rep.getNumber();
      kinds[i] = kind;
      return true;
    }

    /** The size of value {@code i}'s {@code TypedValue} message. */
    int size(int i) {
      int size = 1 + WireBuffer.varintSize(reps[i]);
      long number = numbers[i];
      return switch (kinds[i]) {
        case NULL -> size + 2;
        case BOOL -> number == 0 ? size : size + 2;
        case NUMBER -> number == 0 ? size : size + 1 + WireBuffer.varintSize(WireBuffer.zigZag(number));
        case DOUBLE -> number == 0 ? size : size + 9;
        default -> texts[i].length == 0 ? size : size + fieldSize(texts[i].length);
      };
    }

    void writeTo(int i, WireBuffer out) {
      out.writeByte(VALUE_TYPE);
      out.writeVarint(reps[i]);
      long number = numbers[i];
      switch (kinds[i]) {
        case NULL -> {
          out.writeByte(VALUE_NULL);
          out.writeByte(1);
        }
        case BOOL -> {
          if (number != 0) {
            out.writeByte(VALUE_BOOL);
            out.writeByte(1);
          }
        }
        case NUMBER -> {
          if (number != 0) {
            out.writeByte(VALUE_NUMBER);
            out.writeZigZag(number);
          }
        }
        case DOUBLE -> {
          if (number != 0) {
            out.writeByte(VALUE_DOUBLE);
            out.writeFixed64(number);
          }
        }
        default -> {
          byte[] text = texts[i];
          if (text.length != 0) {
            out.writeByte(VALUE_STRING);
            out.writeVarint(text.length);
            out.write(text);
          }
        }
      }
    }
  }
}
