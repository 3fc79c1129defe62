package io.tablewave.jdbc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds the batch report a Tablewave server adds to the response of a request that submitted a
 * batch: fields {@value #BATCH_ID_FIELD} (the id) and {@value #SUMMARY_FIELD} (the line for a
 * person) of the response inside Avatica's envelope (the server's {@code
 * io.tablewave.avatica.BatchReports} writes them). Stock Avatica clients set these fields aside as
 * unknown. Only tags are read; every other field is skipped without being decoded.
 */
final class BatchReportReader {
  static final int BATCH_ID_FIELD = 1000;
  static final int SUMMARY_FIELD = 1001;
  private static final int ENVELOPE_RESPONSE_FIELD = 2;

  private BatchReportReader() {}

  /**
   * The report in {@code wireMessage}, or empty when the response carries none or cannot be read.
   */
  static Optional<BatchReport> read(byte[] wireMessage) {
    try {
      CodedInputStream envelope = CodedInputStream.newInstance(wireMessage);
      for (int tag = envelope.readTag(); tag != 0; tag = envelope.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == ENVELOPE_RESPONSE_FIELD
            && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int limit = envelope.pushLimit(envelope.readRawVarint32());
          Optional<BatchReport> report = response(envelope);
          envelope.popLimit(limit);
          return report;
        }
        envelope.skipField(tag);
      }
      return Optional.empty();
    } catch (IOException malformed) {
      // Avatica's own parser, which reads the same bytes next, reports a malformed response.
      return Optional.empty();
    }
  }

  private static Optional<BatchReport> response(CodedInputStream response) throws IOException {
    Long batchId = null;
    String summary = null;
    for (int tag = response.readTag(); tag != 0; tag = response.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      int type = WireFormat.getTagWireType(tag);
      if (field == BATCH_ID_FIELD && type == WireFormat.WIRETYPE_VARINT) {
        batchId = response.readUInt64();
      } else if (field == SUMMARY_FIELD && type == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        summary = new String(response.readByteArray(), StandardCharsets.UTF_8);
      } else {
        response.skipField(tag);
      }
    }
    if (batchId == null) {
      return Optional.empty();
    }
    return Optional.of(new BatchReport(batchId, summary != null ? summary : "batch " + batchId));
  }
}
