package io.tablewave.jdbc;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.proto.Common;
import org.apache.calcite.avatica.proto.Responses;
import org.apache.calcite.avatica.remote.Service;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

/**
 * Reads Avatica's protobuf wire bytes of a fetch response straight into a frame of rows. Avatica's own
 * translation parses every value into protobuf message objects, checks each one's fields by reflection and
 * converts it once more: most of the client's time when it reads a large result. This reader gives the
 * values that translation gives, for the types result frames hold (null, booleans, numbers, strings,
 * decimals, dates and times as numbers); at anything else (arrays, binary values, the layout of servers
 * before Avatica 1.7) it answers empty and leaves the bytes to Avatica.
 *
 * <p>protobuf-java keeps the wire rules ({@link CodedInputStream}, with its bounds checks, and the generated
 * field numbers of Avatica's messages); this class only decides what each field means.
 */
final class FetchResponseReader {
    private static final String MESSAGE_NAME = Responses.FetchResponse.class.getName();

    /** Stands for a value this reader leaves to Avatica. */
    private static final Object UNSUPPORTED = new Object();

    private final CodedInputStream in;

    private FetchResponseReader(byte[] bytes) {
        this.in = CodedInputStream.newInstance(bytes);
    }

    /** The fetch response in {@code wireMessage}, or empty when it is another message or holds other values. */
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
            if (is(tag, Common.WireMessage.NAME_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                isFetchResponse = MESSAGE_NAME.equals(in.readString());
            } else if (is(tag, Common.WireMessage.WRAPPED_MESSAGE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                // The name comes first in every message Avatica writes; a wrapped message before it is not read.
                if (!isFetchResponse) {
                    return Optional.empty();
                }
                int limit = in.pushLimit(in.readRawVarint32());
                response = fetchResponse();
                in.popLimit(limit);
                if (response.isEmpty()) {
                    return response;
                }
            } else {
                in.skipField(tag);
            }
        }
        return isFetchResponse ? response : Optional.empty();
    }

    private Optional<Service.FetchResponse> fetchResponse() throws IOException {
        Meta.Frame frame = null;
        boolean missingStatement = false;
        boolean missingResults = false;
        Service.RpcMetadataResponse metadata = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (is(tag, Responses.FetchResponse.FRAME_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                frame = frame();
                in.popLimit(limit);
                if (frame == null) {
                    return Optional.empty();
                }
            } else if (is(tag, Responses.FetchResponse.MISSING_STATEMENT_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT)) {
                missingStatement = in.readBool();
            } else if (is(tag, Responses.FetchResponse.MISSING_RESULTS_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT)) {
                missingResults = in.readBool();
            } else if (is(tag, Responses.FetchResponse.METADATA_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                metadata = rpcMetadata();
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        return Optional.of(new Service.FetchResponse(frame, missingStatement, missingResults, metadata));
    }

    private Service.RpcMetadataResponse rpcMetadata() throws IOException {
        String serverAddress = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (is(tag, Responses.RpcMetadata.SERVER_ADDRESS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                serverAddress = in.readString();
            } else {
                in.skipField(tag);
            }
        }
        return new Service.RpcMetadataResponse(serverAddress);
    }

    /** The frame up to the current limit, or null when it holds a value left to Avatica. */
    private Meta.Frame frame() throws IOException {
        long offset = 0;
        boolean done = false;
        List<Object> rows = new ArrayList<>();
        int width = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (is(tag, Common.Frame.OFFSET_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT)) {
                offset = in.readUInt64();
            } else if (is(tag, Common.Frame.DONE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT)) {
                done = in.readBool();
            } else if (is(tag, Common.Frame.ROWS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                List<Object> row = row(width);
                in.popLimit(limit);
                if (row == null) {
                    return null;
                }
                width = row.size();
                rows.add(row);
            } else {
                in.skipField(tag);
            }
        }
        return new Meta.Frame(offset, done, rows);
    }

    private List<Object> row(int expectedWidth) throws IOException {
        List<Object> row = new ArrayList<>(Math.max(expectedWidth, 4));
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (is(tag, Common.Row.VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                Object value = columnValue();
                in.popLimit(limit);
                if (value == UNSUPPORTED) {
                    return null;
                }
                row.add(value);
            } else {
                in.skipField(tag);
            }
        }
        return row;
    }

    /**
     * A column's value; {@link #UNSUPPORTED} when the column is an array, or written only in the layout before
     * Avatica 1.7.
     */
    private Object columnValue() throws IOException {
        Object scalar = UNSUPPORTED;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (is(tag, Common.ColumnValue.HAS_ARRAY_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT)) {
                if (in.readBool()) {
                    return UNSUPPORTED;
                }
            } else if (is(tag, Common.ColumnValue.SCALAR_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                int limit = in.pushLimit(in.readRawVarint32());
                scalar = typedValue();
                in.popLimit(limit);
                if (scalar == UNSUPPORTED) {
                    return UNSUPPORTED;
                }
            } else {
                in.skipField(tag);
            }
        }
        return scalar;
    }

    /** A {@code TypedValue} as Avatica's frame parsing gives it, or {@link #UNSUPPORTED}. */
    private Object typedValue() throws IOException {
        int rep = 0;
        long number = 0;
        double doubleValue = 0;
        boolean bool = false;
        String text = "";
        boolean hasNumber = false;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (is(tag, Common.TypedValue.TYPE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT)) {
                rep = in.readEnum();
            } else if (is(tag, Common.TypedValue.BOOL_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT)) {
                bool = in.readBool();
            } else if (is(tag, Common.TypedValue.STRING_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                text = in.readString();
            } else if (is(tag, Common.TypedValue.NUMBER_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT)) {
                number = in.readSInt64();
                hasNumber = true;
            } else if (is(tag, Common.TypedValue.DOUBLE_VALUE_FIELD_NUMBER, WireFormat.WIRETYPE_FIXED64)) {
                doubleValue = in.readDouble();
            } else if (field == Common.TypedValue.BYTES_VALUE_FIELD_NUMBER
                    || field == Common.TypedValue.ARRAY_VALUE_FIELD_NUMBER) {
                return UNSUPPORTED;
            } else {
                // null and implicitly_null among them: the representation says null already.
                in.skipField(tag);
            }
        }
        return switch (rep) {
            case Common.Rep.NULL_VALUE, Common.Rep.OBJECT_VALUE -> null;
            case Common.Rep.STRING_VALUE -> text;
            case Common.Rep.LONG_VALUE, Common.Rep.PRIMITIVE_LONG_VALUE, Common.Rep.NUMBER_VALUE,
                    Common.Rep.JAVA_SQL_TIMESTAMP_VALUE, Common.Rep.JAVA_UTIL_DATE_VALUE -> number;
            case Common.Rep.INTEGER_VALUE, Common.Rep.PRIMITIVE_INT_VALUE, Common.Rep.JAVA_SQL_DATE_VALUE,
                    Common.Rep.JAVA_SQL_TIME_VALUE -> (int) number;
            case Common.Rep.DOUBLE_VALUE, Common.Rep.PRIMITIVE_DOUBLE_VALUE -> doubleValue;
            case Common.Rep.BOOLEAN_VALUE, Common.Rep.PRIMITIVE_BOOLEAN_VALUE -> bool;
            case Common.Rep.SHORT_VALUE, Common.Rep.PRIMITIVE_SHORT_VALUE -> (short) number;
            case Common.Rep.BYTE_VALUE, Common.Rep.PRIMITIVE_BYTE_VALUE -> (byte) number;
            case Common.Rep.FLOAT_VALUE, Common.Rep.PRIMITIVE_FLOAT_VALUE -> Float.intBitsToFloat((int) number);
            case Common.Rep.CHARACTER_VALUE, Common.Rep.PRIMITIVE_CHAR_VALUE ->
                    text.isEmpty() ? UNSUPPORTED : text.charAt(0);
            // A number beside a decimal is the layout of servers before Avatica 1.8, which Avatica reads.
            case Common.Rep.BIG_DECIMAL_VALUE -> hasNumber ? UNSUPPORTED : new BigDecimal(text);
            default -> UNSUPPORTED;
        };
    }

    private static boolean is(int tag, int fieldNumber, int wireType) {
        return WireFormat.getTagFieldNumber(tag) == fieldNumber && WireFormat.getTagWireType(tag) == wireType;
    }
}
