package io.tablewave.jdbc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.proto.Common;
import org.apache.calcite.avatica.proto.Responses;
import org.apache.calcite.avatica.remote.Service;

/**
 * Reads Avatica's protobuf wire bytes of a fetch response straight into a frame of rows. Avatica's
 * own translation parses every value into protobuf message objects, checks each one's fields by
 * reflection and converts it once more: most of the client's time when it reads a large result.
 * This reader gives the values that translation gives, for the types result frames hold (null,
 * booleans, numbers, strings, decimals, dates and times as numbers); at anything else (arrays,
 * binary values, the layout of servers before Avatica 1.7) it answers empty and leaves the bytes to
 * Avatica.
 *
 * <p>protobuf-java keeps the wire rules: {@link CodedInputStream} reads tags, varints, zigzag and
 * fixed values and checks every read against the bytes there are; the fields are named by the
 * generated field numbers of Avatica's messages. This class only decides what each field means, and
 * checks that each nested message ends where its length says (it tracks those ends itself rather
 * than through {@code pushLimit}, which costs more than the rest of reading a value).
 */
final class FetchResponseReader {
  private static final String MESSAGE_NAME = Responses.FetchResponse.class.getName();

  // The tags this reader looks for: a field number and its wire type, as protobuf encodes them.
  private static final int WIRE_NAME =
      Common.WireMessage.NAME_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int WIRE_WRAPPED_MESSAGE =
      Common.WireMessage.WRAPPED_MESSAGE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int FETCH_FRAME =
      Responses.FetchResponse.FRAME_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int FETCH_MISSING_STATEMENT =
      Responses.FetchResponse.MISSING_STATEMENT_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  private static final int FETCH_MISSING_RESULTS =
      Responses.FetchResponse.MISSING_RESULTS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  private static final int FETCH_METADATA =
      Responses.FetchResponse.METADATA_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int METADATA_SERVER_ADDRESS =
      Responses.RpcMetadata.SERVER_ADDRESS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int FRAME_OFFSET =
      Common.Frame.OFFSET_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  private static final int FRAME_DONE =
      Common.Frame.DONE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  private static final int FRAME_ROWS =
      Common.Frame.ROWS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int ROW_VALUE =
      Common.Row.VALUE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int COLUMN_HAS_ARRAY_VALUE =
      Common.ColumnValue.HAS_ARRAY_VALUE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  private static final int COLUMN_SCALAR_VALUE =
      Common.ColumnValue.SCALAR_VALUE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int VALUE_TYPE =
      Common.TypedValue.TYPE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  private static final int VALUE_BOOL =
      Common.TypedValue.BOOL_VALUE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  private static final int VALUE_STRING =
      Common.TypedValue.STRING_VALUE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int VALUE_NUMBER =
      Common.TypedValue.NUMBER_VALUE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_VARINT;
  private static final int VALUE_DOUBLE =
      Common.TypedValue.DOUBLE_VALUE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_FIXED64;

  /** Stands for a value this reader leaves to Avatica. */
  private static final Object UNSUPPORTED = new Object();

  private final CodedInputStream in;

  private FetchResponseReader(byte[] bytes) {
    this.in = CodedInputStream.newInstance(bytes);
  }

  /**
   * The fetch response in {@code wireMessage}, or empty when it is another message or holds other
   * values.
   */
  static Optional<Service.FetchResponse> read(byte[] wireMessage) {
    try {
      return new FetchResponseReader(wireMessage).wireMessage();
    } catch (IOException e) {
      // A truncated or malformed message: Avatica's parser reports it properly.
      return Optional.empty();
    }
  }

  private Optional<Service.FetchResponse> wireMessage() throws IOException {
    boolean isFetchResponse = false;
    Optional<Service.FetchResponse> response = Optional.empty();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == WIRE_NAME) {
        isFetchResponse = MESSAGE_NAME.equals(in.readString());
      } else if (tag == WIRE_WRAPPED_MESSAGE) {
        // The name comes first in every message Avatica writes; a wrapped message before it is not
        // read.
        if (!isFetchResponse) {
          return Optional.empty();
        }
        response = fetchResponse(messageEnd());
        if (response.isEmpty()) {
          return response;
        }
      } else {
        in.skipField(tag);
      }
    }
    return isFetchResponse ? response : Optional.empty();
  }

  private Optional<Service.FetchResponse> fetchResponse(int end) throws IOException {
    Meta.Frame frame = null;
    boolean missingStatement = false;
    boolean missingResults = false;
    Service.RpcMetadataResponse metadata = null;
    while (before(end)) {
      int tag = in.readTag();
      if (tag == FETCH_FRAME) {
        frame = frame(messageEnd());
        if (frame == null) {
          return Optional.empty();
        }
      } else if (tag == FETCH_MISSING_STATEMENT) {
        missingStatement = in.readBool();
      } else if (tag == FETCH_MISSING_RESULTS) {
        missingResults = in.readBool();
      } else if (tag == FETCH_METADATA) {
        metadata = rpcMetadata(messageEnd());
      } else {
        in.skipField(tag);
      }
    }
    expectEnd(end);
    return Optional.of(
        new Service.FetchResponse(frame, missingStatement, missingResults, metadata));
  }

  private Service.RpcMetadataResponse rpcMetadata(int end) throws IOException {
    String serverAddress = "";
    while (before(end)) {
      int tag = in.readTag();
      if (tag == METADATA_SERVER_ADDRESS) {
        serverAddress = in.readString();
      } else {
        in.skipField(tag);
      }
    }
    expectEnd(end);
    return new Service.RpcMetadataResponse(serverAddress);
  }

  /** The frame ending at {@code end}, or null when it holds a value left to Avatica. */
  private Meta.Frame frame(int end) throws IOException {
    long offset = 0;
    boolean done = false;
    List<Object> rows = new ArrayList<>();
    int width = 0;
    while (before(end)) {
      int tag = in.readTag();
      if (tag == FRAME_ROWS) {
        List<Object> row = row(messageEnd(), width);
        if (row == null) {
          return null;
        }
        width = row.size();
        rows.add(row);
      } else if (tag == FRAME_OFFSET) {
        offset = in.readUInt64();
      } else if (tag == FRAME_DONE) {
        done = in.readBool();
      } else {
        in.skipField(tag);
      }
    }
    expectEnd(end);
    return new Meta.Frame(offset, done, rows);
  }

  private List<Object> row(int end, int expectedWidth) throws IOException {
    List<Object> row = new ArrayList<>(Math.max(expectedWidth, 4));
    while (before(end)) {
      int tag = in.readTag();
      if (tag == ROW_VALUE) {
        Object value = columnValue(messageEnd());
        if (value == UNSUPPORTED) {
          return null;
        }
        row.add(value);
      } else {
        in.skipField(tag);
      }
    }
    expectEnd(end);
    return row;
  }

  /**
   * A column's value; {@link #UNSUPPORTED} when the column is an array, or written only in the
   * layout before Avatica 1.7.
   */
  private Object columnValue(int end) throws IOException {
    Object scalar = UNSUPPORTED;
    while (before(end)) {
      int tag = in.readTag();
      if (tag == COLUMN_SCALAR_VALUE) {
        scalar = typedValue(messageEnd());
        if (scalar == UNSUPPORTED) {
          return UNSUPPORTED;
        }
      } else if (tag == COLUMN_HAS_ARRAY_VALUE) {
        if (in.readBool()) {
          return UNSUPPORTED;
        }
      } else {
        in.skipField(tag);
      }
    }
    expectEnd(end);
    return scalar;
  }

  /**
   * A {@code TypedValue} ending at {@code end} as Avatica's frame parsing gives it, or {@link
   * #UNSUPPORTED}.
   */
  private Object typedValue(int end) throws IOException {
    int rep = 0;
    long number = 0;
    double doubleValue = 0;
    boolean bool = false;
    String text = "";
    boolean hasNumber = false;
    while (before(end)) {
      int tag = in.readTag();
      if (tag == VALUE_TYPE) {
        rep = in.readEnum();
      } else if (tag == VALUE_STRING) {
        text = in.readString();
      } else if (tag == VALUE_NUMBER) {
        number = in.readSInt64();
        hasNumber = true;
      } else if (tag == VALUE_DOUBLE) {
        doubleValue = in.readDouble();
      } else if (tag == VALUE_BOOL) {
        bool = in.readBool();
      } else {
        int field = WireFormat.getTagFieldNumber(tag);
        if (field == Common.TypedValue.BYTES_VALUE_FIELD_NUMBER
            || field == Common.TypedValue.ARRAY_VALUE_FIELD_NUMBER) {
          return UNSUPPORTED;
        }
        // null and implicitly_null among them: the representation says null already.
        in.skipField(tag);
      }
    }
    expectEnd(end);
    return switch (rep) {
      case Common.Rep.NULL_VALUE, Common.Rep.OBJECT_VALUE -> null;
      case Common.Rep.STRING_VALUE -> text;
      case Common.Rep.LONG_VALUE,
          Common.Rep.PRIMITIVE_LONG_VALUE,
          Common.Rep.NUMBER_VALUE,
          Common.Rep.JAVA_SQL_TIMESTAMP_VALUE,
          Common.Rep.JAVA_UTIL_DATE_VALUE ->
          number;
      case Common.Rep.INTEGER_VALUE,
          Common.Rep.PRIMITIVE_INT_VALUE,
          Common.Rep.JAVA_SQL_DATE_VALUE,
          Common.Rep.JAVA_SQL_TIME_VALUE ->
          (int) number;
      case Common.Rep.DOUBLE_VALUE, Common.Rep.PRIMITIVE_DOUBLE_VALUE -> doubleValue;
      case Common.Rep.BOOLEAN_VALUE, Common.Rep.PRIMITIVE_BOOLEAN_VALUE -> bool;
      case Common.Rep.SHORT_VALUE, Common.Rep.PRIMITIVE_SHORT_VALUE -> (short) number;
      case Common.Rep.BYTE_VALUE, Common.Rep.PRIMITIVE_BYTE_VALUE -> (byte) number;
      case Common.Rep.FLOAT_VALUE, Common.Rep.PRIMITIVE_FLOAT_VALUE ->
          Float.intBitsToFloat((int) number);
      case Common.Rep.CHARACTER_VALUE, Common.Rep.PRIMITIVE_CHAR_VALUE ->
          text.isEmpty() ? UNSUPPORTED : text.charAt(0);
      // A number beside a decimal is the layout of servers before Avatica 1.8, which Avatica reads.
      case Common.Rep.BIG_DECIMAL_VALUE -> hasNumber ? UNSUPPORTED : new BigDecimal(text);
      default -> UNSUPPORTED;
    };
  }

  /** Reads the length of a nested message and answers where it ends. */
  private int messageEnd() throws IOException {
    int length = in.readRawVarint32();
    if (length < 0) {
      throw new InvalidProtocolBufferException("a message of negative length " + length);
    }
    return in.getTotalBytesRead() + length;
  }

  /** Whether the current message, ending at {@code end}, has fields left. */
  private boolean before(int end) throws IOException {
    int position = in.getTotalBytesRead();
    if (position < end && in.isAtEnd()) {
      throw new InvalidProtocolBufferException(
          "a message meant to end at byte " + end + " is cut at byte " + position);
    }
    return position < end;
  }

  /** Checks that the fields of a message ended where its length said. */
  private void expectEnd(int end) throws IOException {
    if (in.getTotalBytesRead() != end) {
      throw new InvalidProtocolBufferException(
          "a message meant to end at byte " + end + " ends at byte " + in.getTotalBytesRead());
    }
  }
}
