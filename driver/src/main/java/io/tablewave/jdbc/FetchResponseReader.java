package io.tablewave.jdbc;

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
 * Reads Avatica's protobuf wire bytes of a fetch response straight into a frame of rows. Avatica's own
 * translation parses every value into protobuf message objects, checks each one's fields by reflection and
 * converts it once more: most of the client's time when it reads a large result. This reader gives the
 * values that translation gives, for the types result frames hold (null, booleans, numbers, strings,
 * decimals, dates and times as numbers); at anything else (arrays, binary values, the layout of servers
 * before Avatica 1.7) it answers empty and leaves the bytes to Avatica.
 */
final class FetchResponseReader {
    private static final byte[] MESSAGE_NAME =
            Responses.FetchResponse.class.getName().getBytes(StandardCharsets.UTF_8);

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;
    /** Stands for a value this reader leaves to Avatica. */
    private static final Object UNSUPPORTED = new Object();

    private final byte[] bytes;
    private int position;

    private FetchResponseReader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The fetch response in {@code wireMessage}, or empty when it is another message or holds other values. */
    static Optional<Service.FetchResponse> read(byte[] wireMessage) {
        try {
            return new FetchResponseReader(wireMessage).wireMessage();
        } catch (ArrayIndexOutOfBoundsException | Unreadable e) {
            // A truncated or malformed message: Avatica's parser reports it properly.
            return Optional.empty();
        }
    }

    private Optional<Service.FetchResponse> wireMessage() {
        boolean isFetchResponse = false;
        int responseStart = -1;
        int responseEnd = -1;
        while (position < bytes.length) {
            int tag = readVarint32();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == LENGTH_DELIMITED) {
                int end = lengthDelimitedEnd();
                isFetchResponse = nameIs(position, end - position);
                position = end;
            } else if (field == 2 && (tag & 7) == LENGTH_DELIMITED) {
                responseEnd = lengthDelimitedEnd();
                responseStart = position;
                position = responseEnd;
            } else {
                skip(tag);
            }
        }
        if (!isFetchResponse || responseStart < 0) {
            return Optional.empty();
        }
        position = responseStart;
        return fetchResponse(responseEnd);
    }

    private Optional<Service.FetchResponse> fetchResponse(int end) {
        Meta.Frame frame = null;
        boolean missingStatement = false;
        boolean missingResults = false;
        Service.RpcMetadataResponse metadata = null;
        while (position < end) {
            int tag = readVarint32();
            switch (tag) {
                case 1 << 3 | LENGTH_DELIMITED -> {
                    frame = frame(lengthDelimitedEnd());
                    if (frame == null) {
                        return Optional.empty();
                    }
                }
                case 2 << 3 | VARINT -> missingStatement = readVarint64() != 0;
                case 3 << 3 | VARINT -> missingResults = readVarint64() != 0;
                case 4 << 3 | LENGTH_DELIMITED -> metadata = rpcMetadata(lengthDelimitedEnd());
                default -> skip(tag);
            }
        }
        expectEnd(end);
        return Optional.of(new Service.FetchResponse(frame, missingStatement, missingResults, metadata));
    }

    private Service.RpcMetadataResponse rpcMetadata(int end) {
        String serverAddress = "";
        while (position < end) {
            int tag = readVarint32();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                serverAddress = readString();
            } else {
                skip(tag);
            }
        }
        expectEnd(end);
        return new Service.RpcMetadataResponse(serverAddress);
    }

    /** The frame ending at {@code end}, or null when it holds a value left to Avatica. */
    private Meta.Frame frame(int end) {
        long offset = 0;
        boolean done = false;
        List<Object> rows = new ArrayList<>();
        int width = 0;
        while (position < end) {
            int tag = readVarint32();
            switch (tag) {
                case 1 << 3 | VARINT -> offset = readVarint64();
                case 2 << 3 | VARINT -> done = readVarint64() != 0;
                case 3 << 3 | LENGTH_DELIMITED -> {
                    List<Object> row = row(lengthDelimitedEnd(), width);
                    if (row == null) {
                        return null;
                    }
                    width = row.size();
                    rows.add(row);
                }
                default -> skip(tag);
            }
        }
        expectEnd(end);
        return new Meta.Frame(offset, done, rows);
    }

    private List<Object> row(int end, int expectedWidth) {
        List<Object> row = new ArrayList<>(Math.max(expectedWidth, 4));
        while (position < end) {
            int tag = readVarint32();
            if (tag == (1 << 3 | LENGTH_DELIMITED)) {
                Object value = columnValue(lengthDelimitedEnd());
                if (value == UNSUPPORTED) {
                    return null;
                }
                row.add(value);
            } else {
                skip(tag);
            }
        }
        expectEnd(end);
        return row;
    }

    /**
     * A column's value; {@link #UNSUPPORTED} when the column is an array, or written only in the layout before
     * Avatica 1.7.
     */
    private Object columnValue(int end) {
        Object scalar = UNSUPPORTED;
        while (position < end) {
            int tag = readVarint32();
            switch (tag) {
                case 3 << 3 | VARINT -> {
                    if (readVarint64() != 0) {
                        return UNSUPPORTED;
                    }
                }
                case 4 << 3 | LENGTH_DELIMITED -> {
                    scalar = typedValue(lengthDelimitedEnd());
                    if (scalar == UNSUPPORTED) {
                        return UNSUPPORTED;
                    }
                }
                default -> skip(tag);
            }
        }
        expectEnd(end);
        return scalar;
    }

    /** A {@code TypedValue} as Avatica's frame parsing gives it, or {@link #UNSUPPORTED}. */
    private Object typedValue(int end) {
        int rep = 0;
        long number = 0;
        long doubleBits = 0;
        boolean bool = false;
        int textStart = -1;
        int textLength = 0;
        boolean hasNumber = false;
        while (position < end) {
            int tag = readVarint32();
            switch (tag) {
                case 1 << 3 | VARINT -> rep = readVarint32();
                case 2 << 3 | VARINT -> bool = readVarint64() != 0;
                case 3 << 3 | LENGTH_DELIMITED -> {
                    int textEnd = lengthDelimitedEnd();
                    textStart = position;
                    textLength = textEnd - position;
                    position = textEnd;
                }
                case 4 << 3 | VARINT -> {
                    long zigZag = readVarint64();
                    number = (zigZag >>> 1) ^ -(zigZag & 1);
                    hasNumber = true;
                }
                case 6 << 3 | FIXED64 -> doubleBits = readFixed64();
                case 7 << 3 | VARINT, 10 << 3 | VARINT -> readVarint64();
                default -> {
                    if ((tag >>> 3) == 5 || (tag >>> 3) == 8) {
                        return UNSUPPORTED;
                    }
                    skip(tag);
                }
            }
        }
        expectEnd(end);
        String text = textStart < 0 ? "" : new String(bytes, textStart, textLength, StandardCharsets.UTF_8);
        return switch (rep) {
            case Common.Rep.NULL_VALUE, Common.Rep.OBJECT_VALUE -> null;
            case Common.Rep.STRING_VALUE -> text;
            case Common.Rep.LONG_VALUE, Common.Rep.PRIMITIVE_LONG_VALUE, Common.Rep.NUMBER_VALUE,
                    Common.Rep.JAVA_SQL_TIMESTAMP_VALUE, Common.Rep.JAVA_UTIL_DATE_VALUE -> number;
            case Common.Rep.INTEGER_VALUE, Common.Rep.PRIMITIVE_INT_VALUE, Common.Rep.JAVA_SQL_DATE_VALUE,
                    Common.Rep.JAVA_SQL_TIME_VALUE -> (int) number;
            case Common.Rep.DOUBLE_VALUE, Common.Rep.PRIMITIVE_DOUBLE_VALUE -> Double.longBitsToDouble(doubleBits);
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

    /** Thrown at bytes that are not a protobuf message. */
    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private boolean nameIs(int start, int length) {
        if (length != MESSAGE_NAME.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[start + i] != MESSAGE_NAME[i]) {
                return false;
            }
        }
        return true;
    }

    private String readString() {
        int end = lengthDelimitedEnd();
        String text = new String(bytes, position, end - position, StandardCharsets.UTF_8);
        position = end;
        return text;
    }

    /** Checks that the fields of a message ended where its length said. */
    private void expectEnd(int end) {
        if (position != end) {
            throw new Unreadable("a message meant to end at byte " + end + " ends at byte " + position);
        }
    }

    /** Reads the length of a length-delimited field and answers where the field ends. */
    private int lengthDelimitedEnd() {
        int length = readVarint32();
        if (length < 0 || length > bytes.length - position) {
            throw new Unreadable("a field of " + length + " bytes where " + (bytes.length - position) + " are left");
        }
        return position + length;
    }

    private void skip(int tag) {
        switch (tag & 7) {
            case VARINT -> readVarint64();
            case FIXED64 -> position = fixedEnd(8);
            case LENGTH_DELIMITED -> position = lengthDelimitedEnd();
            case FIXED32 -> position = fixedEnd(4);
            default -> throw new Unreadable("unsupported wire type " + (tag & 7));
        }
    }

    private int fixedEnd(int size) {
        if (size > bytes.length - position) {
            throw new Unreadable("a field of " + size + " bytes where " + (bytes.length - position) + " are left");
        }
        return position + size;
    }

    private int readVarint32() {
        return (int) readVarint64();
    }

    private long readVarint64() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = bytes[position++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new Unreadable("malformed varint");
    }

    private long readFixed64() {
        long result = 0;
        for (int i = 0; i < 8; i++) {
            result |= (long) (bytes[position++] & 0xFF) << (8 * i);
        }
        return result;
    }
}
