package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.avatica.remote.AvaticaHttpClient;
import org.apache.calcite.avatica.remote.RemoteProtobufService;

/**
 * Avatica's protobuf service over HTTP, keeping the batch reports its responses carry for the
 * connection.
 */
final class ReportingProtobufService extends RemoteProtobufService {
  private final BatchReports reports;

  ReportingProtobufService(AvaticaHttpClient client, BatchReports reports) {
    super(client, new FrameReadingTranslation(reports));
    this.reports = requireNonNull(reports, "reports is null");
  }

  BatchReports reports() {
    return reports;
  }
}
