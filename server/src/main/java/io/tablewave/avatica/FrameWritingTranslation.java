package io.tablewave.avatica;

import static java.util.Objects.requireNonNull;

import io.tablewave.dispatch.BatchReport;
import java.io.IOException;
import java.util.Optional;
import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/**
 * Avatica's protobuf translation, except that fetch responses are written by {@link
 * FetchResponseWriter} and the response of a request that submitted a batch carries its {@link
 * BatchReports report}.
 */
final class FrameWritingTranslation implements ProtobufTranslation {
  private final ProtobufTranslation avatica = new ProtobufTranslationImpl();
  private final BatchReports reports;

  FrameWritingTranslation(BatchReports reports) {
    this.reports = requireNonNull(reports, "reports is null");
  }

  @Override
  public byte[] serializeResponse(Service.Response response) throws IOException {
    Optional<BatchReport> report = reports.take();
    if (report.isPresent() && !(response instanceof Service.ErrorResponse)) {
      return BatchReports.withReport(avatica.serializeResponse(response), report.get());
    }
    if (response instanceof Service.FetchResponse fetch) {
      Optional<byte[]> written = FetchResponseWriter.write(fetch);
      if (written.isPresent()) {
        return written.get();
      }
    }
    return avatica.serializeResponse(response);
  }

  @Override
  public byte[] serializeRequest(Service.Request request) throws IOException {
    return avatica.serializeRequest(request);
  }

  @Override
  public Service.Request parseRequest(byte[] bytes) throws IOException {
    return avatica.parseRequest(bytes);
  }

  @Override
  public Service.Response parseResponse(byte[] bytes) throws IOException {
    return avatica.parseResponse(bytes);
  }
}
