package io.tablewave.avatica;

import java.io.IOException;
import java.util.Optional;

import org.apache.calcite.avatica.remote.ProtobufTranslation;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/** Avatica's protobuf translation, except that fetch responses are written by {@link FetchResponseWriter}. */
final class FrameWritingTranslation implements ProtobufTranslation {
  private final ProtobufTranslation avatica = new ProtobufTranslationImpl();

  @Override
  public byte[] serializeResponse(Service.Response response) throws IOException {
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
