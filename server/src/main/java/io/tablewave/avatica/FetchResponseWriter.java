package io.tablewave.avatica;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.proto.Common;
import org.apache.calcite.avatica.proto.Responses;
import org.apache.calcite.avatica.remote.Service;

/**
 * Writes a fetch response as Avatica's protobuf wire bytes straight from the rows of its frame.
 * Avatica's own translation builds a protobuf message object for every value and its column, then
 * serializes the tree: most of the server's time when a client reads a large result. These bytes
 * parse to the same frame in any Avatica client since 1.7; they leave out the deprecated second
 * copy of every value that only clients before 1.7 read.
 *
 * <p>protobuf-java keeps the wire rules ({@link CodedOutputStream}, the generated field numbers of
 * Avatica's messages); this class only walks the rows. It sizes every message first, then writes
 * the whole response into one array of the exact size.
 *
 * <p>Values of the types a result frame holds (null, booleans, numbers, strings, decimals) are
 * written here; a frame holding anything else (arrays, binary values) is left to Avatica's
 * translation.
 */
final class FetchResponseWriter {
  private static final String MESSAGE_NAME = Responses.FetchResponse.class.getName();

  private FetchResponseWriter() {}

  /**
   * The response's wire bytes, or empty when its frame holds a value this writer leaves to Avatica.
   */
  static Optional<byte[]> write(Service.FetchResponse response) {
    Meta.Frame frame = response.frame;
    if (frame == null) {
      return Optional.empty();
    }
    List<Object[]> rows = new ArrayList<>();
    for (Object row : frame.rows) {
      if (row == null) {
        continue;
      }
      Object[] values =
          row instanceof Object[] array
              ? array
              : row instanceof List<?> list ? list.toArray() : null;
      if (values == null || !writable(values)) {
        return Optional.empty();
      }
      rows.add(values);
    }
    // Every value's size, then every row's, once: the write below needs them in front of each
    // message. Text is encoded once, here, and its bytes written below: sizing and encoding each
    // string apart, character by character, took a third of the server's time in reading 10,000
    // rows of SYS.TABLES.
    int[] rowSizes = new int[rows.size()];
    int[][] valueSizes = new int[rows.size()][];
    byte[][][] texts = new byte[rows.size()][][];
    int frameSize =
        (frame.offset != 0
                ? CodedOutputStream.computeUInt64Size(
                    Common.Frame.OFFSET_FIELD_NUMBER, frame.offset)
                : 0)
            + (frame.done
                ? CodedOutputStream.computeBoolSize(Common.Frame.DONE_FIELD_NUMBER, true)
                : 0);
    for (int r = 0; r < rowSizes.length; r++) {
      Object[] values = rows.get(r);
      int[] sizes = new int[values.length];
      byte[][] rowTexts = new byte[values.length][];
      for (int i = 0; i < values.length; i++) {
        String text = text(values[i]);
        rowTexts[i] = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        sizes[i] = typedValueSize(values[i], rowTexts[i]);
        rowSizes[r] += messageFieldSize(Common.Row.VALUE_FIELD_NUMBER, columnValueSize(sizes[i]));
      }
      valueSizes[r] = sizes;
      texts[r] = rowTexts;
      frameSize += messageFieldSize(Common.Frame.ROWS_FIELD_NUMBER, rowSizes[r]);
    }
    String serverAddress =
        response.rpcMetadata == null
            ? null
            : response.rpcMetadata.serverAddress == null ? "" : response.rpcMetadata.serverAddress;
    int metadataSize =
        serverAddress == null || serverAddress.isEmpty()
            ? 0
            : CodedOutputStream.computeStringSize(
                Responses.RpcMetadata.SERVER_ADDRESS_FIELD_NUMBER, serverAddress);
    int fetchSize =
        messageFieldSize(Responses.FetchResponse.FRAME_FIELD_NUMBER, frameSize)
            + (response.missingStatement
                ? CodedOutputStream.computeBoolSize(
                    Responses.FetchResponse.MISSING_STATEMENT_FIELD_NUMBER, true)
                : 0)
            + (response.missingResults
                ? CodedOutputStream.computeBoolSize(
                    Responses.FetchResponse.MISSING_RESULTS_FIELD_NUMBER, true)
                : 0)
            + (serverAddress == null
                ? 0
                : messageFieldSize(Responses.FetchResponse.METADATA_FIELD_NUMBER, metadataSize));
    int wireSize =
        CodedOutputStream.computeStringSize(Common.WireMessage.NAME_FIELD_NUMBER, MESSAGE_NAME)
            + messageFieldSize(Common.WireMessage.WRAPPED_MESSAGE_FIELD_NUMBER, fetchSize);

    byte[] bytes = new byte[wireSize];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      out.writeString(Common.WireMessage.NAME_FIELD_NUMBER, MESSAGE_NAME);
      writeMessageHeader(out, Common.WireMessage.WRAPPED_MESSAGE_FIELD_NUMBER, fetchSize);
      writeMessageHeader(out, Responses.FetchResponse.FRAME_FIELD_NUMBER, frameSize);
      if (frame.offset != 0) {
        out.writeUInt64(Common.Frame.OFFSET_FIELD_NUMBER, frame.offset);
      }
      if (frame.done) {
        out.writeBool(Common.Frame.DONE_FIELD_NUMBER, true);
      }
      for (int r = 0; r < rowSizes.length; r++) {
        writeMessageHeader(out, Common.Frame.ROWS_FIELD_NUMBER, rowSizes[r]);
        writeRow(out, rows.get(r), valueSizes[r], texts[r]);
      }
      if (response.missingStatement) {
        out.writeBool(Responses.FetchResponse.MISSING_STATEMENT_FIELD_NUMBER, true);
      }
      if (response.missingResults) {
        out.writeBool(Responses.FetchResponse.MISSING_RESULTS_FIELD_NUMBER, true);
      }
      if (serverAddress != null) {
        writeMessageHeader(out, Responses.FetchResponse.METADATA_FIELD_NUMBER, metadataSize);
        if (!serverAddress.isEmpty()) {
          out.writeString(Responses.RpcMetadata.SERVER_ADDRESS_FIELD_NUMBER, serverAddress);
        }
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException("a fetch response did not fit the size computed for it", e);
    }
    return Optional.of(bytes);
  }

  private static boolean writable(Object[] values) {
    for (Object value : values) {
      if (rep(value) == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * The size of a {@code ColumnValue} holding a scalar {@code TypedValue} of {@code typedValueSize}
   * bytes.
   */
  private static int columnValueSize(int typedValueSize) {
    return messageFieldSize(Common.ColumnValue.SCALAR_VALUE_FIELD_NUMBER, typedValueSize);
  }

  /**
   * Writes a {@code Row}: a {@code ColumnValue} per value, each holding its value as a scalar;
   * {@code texts} holds the UTF-8 bytes of each value that travels as text, null for the others.
   */
  private static void writeRow(
      CodedOutputStream out, Object[] values, int[] typedValueSizes, byte[][] texts)
      throws IOException {
    for (int i = 0; i < values.length; i++) {
      writeMessageHeader(out, Common.Row.VALUE_FIELD_NUMBER, columnValueSize(typedValueSizes[i]));
      writeMessageHeader(out, Common.ColumnValue.SCALAR_VALUE_FIELD_NUMBER, typedValueSizes[i]);
      writeTypedValue(out, values[i], texts[i]);
    }
  }

  /**
   * The size of a value's {@code TypedValue}: its representation, and the field that holds it, left
   * out when it holds the field's default, as protobuf does. {@code text} is the value's UTF-8
   * bytes when it travels as text, else null.
   */
  private static int typedValueSize(Object value, byte[] text) {
    Common.Rep rep = rep(value);
    int size =
        CodedOutputStream.computeEnumSize(Common.TypedValue.TYPE_FIELD_NUMBER, rep.getNumber());
    if (value == null) {
      return size + CodedOutputStream.computeBoolSize(Common.TypedValue.NULL_FIELD_NUMBER, true);
    } else if (value instanceof Boolean b) {
      return b
          ? size
              + CodedOutputStream.computeBoolSize(Common.TypedValue.BOOL_VALUE_FIELD_NUMBER, true)
          : size;
    } else if (value instanceof Double d) {
      return Double.doubleToRawLongBits(d) == 0
          ? size
          : size
              + CodedOutputStream.computeDoubleSize(Common.TypedValue.DOUBLE_VALUE_FIELD_NUMBER, d);
    }
    if (text != null) {
      return text.length == 0
          ? size
          : size
              + CodedOutputStream.computeByteArraySize(
                  Common.TypedValue.STRING_VALUE_FIELD_NUMBER, text);
    }
    long number = number(value);
    return number == 0
        ? size
        : size
            + CodedOutputStream.computeSInt64Size(
                Common.TypedValue.NUMBER_VALUE_FIELD_NUMBER, number);
  }

  private static void writeTypedValue(CodedOutputStream out, Object value, byte[] text)
      throws IOException {
    out.writeEnum(Common.TypedValue.TYPE_FIELD_NUMBER, rep(value).getNumber());
    if (value == null) {
      out.writeBool(Common.TypedValue.NULL_FIELD_NUMBER, true);
      return;
    } else if (value instanceof Boolean b) {
      if (b) {
        out.writeBool(Common.TypedValue.BOOL_VALUE_FIELD_NUMBER, true);
      }
      return;
    } else if (value instanceof Double d) {
      if (Double.doubleToRawLongBits(d) != 0) {
        out.writeDouble(Common.TypedValue.DOUBLE_VALUE_FIELD_NUMBER, d);
      }
      return;
    }
    if (text != null) {
      if (text.length != 0) {
        // the same bytes on the wire as a string field: a tag, the length, the UTF-8 bytes
        out.writeByteArray(Common.TypedValue.STRING_VALUE_FIELD_NUMBER, text);
      }
      return;
    }
    long number = number(value);
    if (number != 0) {
      out.writeSInt64(Common.TypedValue.NUMBER_VALUE_FIELD_NUMBER, number);
    }
  }

  /** Avatica's representation of a value this writer writes, or null. */
  private static Common.Rep rep(Object value) {
    if (value == null) {
      return Common.Rep.NULL;
    } else if (value instanceof String) {
      return Common.Rep.STRING;
    } else if (value instanceof Long) {
      return Common.Rep.LONG;
    } else if (value instanceof Integer) {
      return Common.Rep.INTEGER;
    } else if (value instanceof Double) {
      return Common.Rep.DOUBLE;
    } else if (value instanceof BigDecimal) {
      return Common.Rep.BIG_DECIMAL;
    } else if (value instanceof Boolean) {
      return Common.Rep.BOOLEAN;
    } else if (value instanceof Short) {
      return Common.Rep.SHORT;
    } else if (value instanceof Byte) {
      return Common.Rep.BYTE;
    } else if (value instanceof Float) {
      return Common.Rep.FLOAT;
    } else if (value instanceof Character) {
      return Common.Rep.CHARACTER;
    }
    return null;
  }

  /** The text a string, decimal or character travels as; null for the other values. */
  private static String text(Object value) {
    return value instanceof String s
        ? s
        : value instanceof BigDecimal decimal
            ? decimal.toString()
            : value instanceof Character c ? c.toString() : null;
  }

  /** The number an integral value travels as; a float travels as its bits, as Avatica sends it. */
  private static long number(Object value) {
    return value instanceof Float f ? Float.floatToIntBits(f) : ((Number) value).longValue();
  }

  private static int messageFieldSize(int fieldNumber, int messageSize) {
    return CodedOutputStream.computeTagSize(fieldNumber)
        + CodedOutputStream.computeUInt32SizeNoTag(messageSize)
        + messageSize;
  }

  private static void writeMessageHeader(CodedOutputStream out, int fieldNumber, int messageSize)
      throws IOException {
    out.writeTag(fieldNumber, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    out.writeUInt32NoTag(messageSize);
  }
}
