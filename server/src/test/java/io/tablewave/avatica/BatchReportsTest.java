package io.tablewave.avatica;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.dispatch.BatchReport;
import java.util.List;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.Test;

/**
 * A response carrying a batch report, read by Avatica's own translation as a stock Avatica client
 * reads it.
 */
class BatchReportsTest {
  private final ProtobufTranslationImpl avatica = new ProtobufTranslationImpl();
  private final BatchReports reports = new BatchReports();
  private final FrameWritingTranslation translation = new FrameWritingTranslation(reports);

  @Test
  void aStockClientReadsTheResponseItExpectsFromAReportedExecuteBatch() throws Exception {
    Service.ExecuteBatchResponse sent =
        new Service.ExecuteBatchResponse(
            "connection-1",
            4,
            new long[] {600_000, 7},
            false,
            new Service.RpcMetadataResponse("server:1234"));
    reports.report(new BatchReport(42, "batch 42 SUCCEEDED: 2 tables loaded"));

    byte[] reported = translation.serializeResponse(sent);
    byte[] plain = avatica.serializeResponse(sent);

    assertThat(reported).as("the report's fields were added").hasSizeGreaterThan(plain.length);
    assertThat(avatica.parseResponse(reported)).isEqualTo(avatica.parseResponse(plain));
    assertThat(new String(reported, java.nio.charset.StandardCharsets.UTF_8))
        .contains("batch 42 SUCCEEDED: 2 tables loaded");
  }

  @Test
  void aReportGoesWithTheNextResponseOnlyAndNeverWithAnError() throws Exception {
    Service.CommitResponse commit =
        (Service.CommitResponse)
            avatica.parseResponse(avatica.serializeResponse(avatica.parseResponse(commitBytes())));
    reports.report(new BatchReport(7, "batch 7 SUCCEEDED: 1 table loaded"));
    Service.ErrorResponse error =
        new Service.ErrorResponse(
            List.of("trace"),
            "failed",
            1,
            "42000",
            org.apache.calcite.avatica.AvaticaSeverity.ERROR,
            new Service.RpcMetadataResponse("server:1234"));

    assertThat(translation.serializeResponse(error)).isEqualTo(avatica.serializeResponse(error));
    assertThat(translation.serializeResponse(commit))
        .as("the error took the report; nothing is left")
        .isEqualTo(avatica.serializeResponse(commit));

    reports.report(new BatchReport(8, "batch 8 SUCCEEDED: 1 table loaded"));
    reports.clear();
    assertThat(translation.serializeResponse(commit))
        .as("a new request starts without a report")
        .isEqualTo(avatica.serializeResponse(commit));
  }

  /**
   * An empty commit response as the wire carries it (Avatica's class has no public constructor).
   */
  private static byte[] commitBytes() {
    return org.apache.calcite.avatica.proto.Common.WireMessage.newBuilder()
        .setName(org.apache.calcite.avatica.proto.Responses.CommitResponse.class.getName())
        .setWrappedMessage(
            org.apache.calcite.avatica.proto.Responses.CommitResponse.getDefaultInstance()
                .toByteString())
        .build()
        .toByteArray();
  }
}
