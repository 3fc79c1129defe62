package io.tablewave.jdbc;

import java.io.IOException;
import java.util.Optional;
import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/**
 * Avatica's protobuf translation, except that fetch responses are read by {@link
 * FetchResponseReader}, and the batch report of a response that has one goes to {@link
 * BatchReports}.
 */
final class FrameReadingTranslation implements ProtobufTranslation {
  private final ProtobufTranslation avatica = new ProtobufTranslationImpl();
  private final BatchReports reports;

  FrameReadingTranslation(BatchReports reports) {
    this.reports = reports;
  }

  @Override
  public Service.Response parseResponse(byte[] bytes) throws IOException {
    Optional<Service.FetchResponse> fetch = FetchResponseReader.read(bytes);
    if (fetch.isPresent()) {
      return fetch.get();
    }
    BatchReportReader.read(bytes).ifPresent(reports::received);
    return avatica.parseResponse(bytes);
  }

  @Override
  public byte[] serializeResponse(Service.Response response) throws IOException {
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
}
