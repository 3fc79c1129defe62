package io.tablewave.avatica;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.tablewave.dispatch.BatchReport;
import java.io.IOException;
import java.util.Optional;
import org.apache.calcite.avatica.proto.Common;

/**
 * Carries the batch a request submitted from {@link TablewaveMeta} to the bytes of the request's
 * response. Avatica's responses have no field for it, so it travels as two extra fields of the
 * response message: {@value #BATCH_ID_FIELD} (the id) and {@value #SUMMARY_FIELD} (the line for a
 * person). Protobuf readers that do not know these numbers set them aside, so stock Avatica clients
 * read the response they expect; the Tablewave driver reads the two fields (its {@code
 * BatchReportReader} holds the same numbers).
 *
 * <p>The meta and the serialization of its response run on the request's thread, so the report
 * waits per thread, from {@link #clear()} at the start of a request to {@link #take()} when its
 * response is written.
 */
public final class BatchReports {
  /**
   * Field number of the batch id (uint64) in an execute, execute-batch, commit or sync response.
   */
  static final int BATCH_ID_FIELD = 1000;

  /** Field number of the summary line (string), e.g. {@code batch 7 SUCCEEDED: 3 tables loaded}. */
  static final int SUMMARY_FIELD = 1001;

  private final ThreadLocal<BatchReport> pending = new ThreadLocal<>();

  /** Forgets what an earlier request on this thread left, before a new request is handled. */
  void clear() {
    pending.remove();
  }

  /** The current request submitted {@code report}'s batch. */
  void report(BatchReport report) {
    pending.set(report);
  }

  /** The report of the current request, if it submitted a batch; forgotten once taken. */
  Optional<BatchReport> take() {
    BatchReport report = pending.get();
    pending.remove();
    return Optional.ofNullable(report);
  }

  /**
   * {@code wireMessage} (Avatica's envelope around a response) with the report's fields added to
   * the response.
   */
  static byte[] withReport(byte[] wireMessage, BatchReport report) throws IOException {
    Common.WireMessage wire = Common.WireMessage.parseFrom(wireMessage);
    ByteString.Output fields = ByteString.newOutput();
    CodedOutputStream out = CodedOutputStream.newInstance(fields);
    out.writeUInt64(BATCH_ID_FIELD, report.batchId());
    out.writeString(SUMMARY_FIELD, report.summary());
    out.flush();
    // Concatenated protobuf messages merge: the response keeps its fields and gains these two.
    ByteString response = wire.getWrappedMessage().concat(fields.toByteString());
    return wire.toBuilder().setWrappedMessage(response).build().toByteArray();
  }
}
