package io.tablewave.avatica;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.metrics.MetricsSystem;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.Service.RpcMetadataResponse;
import org.apache.calcite.avatica.server.AbstractAvaticaHandler;
import org.apache.calcite.avatica.server.AvaticaServerConfiguration;
import org.apache.calcite.avatica.server.BadRequestException;
import org.apache.calcite.avatica.server.RemoteUserDisallowedException;
import org.apache.calcite.avatica.server.RemoteUserExtractionException;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avatica's protobuf endpoint over HTTP, speaking through {@link FrameWritingTranslation} so that
 * large results leave the server quickly. Requests of an authenticated server run as their user.
 */
public final class ProtobufHttpHandler extends AbstractAvaticaHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProtobufHttpHandler.class);

  private final Service service;
  private final ProtobufHandler protobuf;
  private final AvaticaServerConfiguration serverConfig;
  private final BatchReports reports;
  private final MetricsSystem metrics = NoopMetricsSystem.getInstance();

  /**
   * @param serverConfig the authentication of the server, or null when it has none
   * @param reports where the meta leaves the batch a request submitted, for its response
   */
  public ProtobufHttpHandler(
      Service service, AvaticaServerConfiguration serverConfig, BatchReports reports) {
    this.service = requireNonNull(service, "service is null");
    this.reports = requireNonNull(reports, "reports is null");
    this.protobuf = new ProtobufHandler(service, new FrameWritingTranslation(reports), metrics);
    this.serverConfig = serverConfig;
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      baseRequest.setHandled(true);
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response
          .getOutputStream()
          .write("This server expects only POST calls.".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (!isUserPermitted(serverConfig, baseRequest, request, response)) {
      return;
    }
    byte[] body;
    try (InputStream input = request.getInputStream()) {
      body = input.readAllBytes();
    }
    HandlerResponse<byte[]> answer = answer(request, body);
    baseRequest.setHandled(true);
    response.setContentType("application/octet-stream;charset=utf-8");
    response.setStatus(answer.getStatusCode());
    // A known length lets a client read the body into one array of the right size, where a
    // chunked body of megabytes is read into an array grown by doubling.
    response.setContentLength(answer.getResponse().length);
    response.getOutputStream().write(answer.getResponse());
  }

  private HandlerResponse<byte[]> answer(HttpServletRequest request, byte[] body) {
    reports.clear();
    try {
      if (serverConfig != null && serverConfig.supportsImpersonation()) {
        String user = serverConfig.getRemoteUserExtractor().extract(request);
        return serverConfig.doAsRemoteUser(
            user, request.getRemoteAddr(), () -> protobuf.apply(body));
      }
      return protobuf.apply(body);
    } catch (RemoteUserExtractionException e) {
      LOG.debug("no user in a request from {}", request.getRemoteAddr(), e);
      return protobuf.unauthenticatedErrorResponse(e);
    } catch (RemoteUserDisallowedException e) {
      LOG.debug("user not allowed in a request from {}", request.getRemoteAddr(), e);
      return protobuf.unauthorizedErrorResponse(e);
    } catch (BadRequestException e) {
      LOG.debug("bad request from {}", request.getRemoteAddr(), e);
      return protobuf.badRequestErrorResponse(e);
    } catch (Exception e) {
      LOG.debug("request from {} failed", request.getRemoteAddr(), e);
      return protobuf.convertToErrorResponse(e);
    }
  }

  @Override
  public void setServerRpcMetadata(RpcMetadataResponse metadata) {
    service.setRpcMetadata(metadata);
    protobuf.setRpcMetadata(metadata);
  }

  @Override
  public MetricsSystem getMetrics() {
    return metrics;
  }
}
