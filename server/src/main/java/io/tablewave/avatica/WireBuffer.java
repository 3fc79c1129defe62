package io.tablewave.avatica;

import java.util.Arrays;

/** A growing byte array written with protobuf's encodings: varints, zigzag varints, little-endian doubles. */
final class WireBuffer {
  private byte[] bytes;
  private int size;

  WireBuffer(int capacity) {
    this.bytes = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  /** The bytes written so far, copied into {@code target} at {@code offset}. */
  void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, size);
  }

  void writeByte(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  void writeVarint(long value) {
    if ((value & ~0x7FL) == 0) {
      writeByte((int) value);
      return;
    }
    ensure(10);
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    bytes[size++] = (byte) rest;
  }

  void writeZigZag(long value) {
    writeVarint(zigZag(value));
  }

  void writeFixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
  }

  void write(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
  }

  static long zigZag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  static int varintSize(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
