package io.tablewave.avatica;

import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Refuses requests larger than a limit before anything reads them: Avatica reads a whole request
 * into memory, so one huge statement could otherwise exhaust the server's heap.
 */
public final class RequestSizeLimit extends HandlerWrapper {
  private final long maxBytes;

  public RequestSizeLimit(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, javax.servlet.ServletException {
    long length = request.getContentLengthLong();
    if (length > maxBytes) {
      baseRequest.setHandled(true);
      response.sendError(
          HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
          "request of "
              + length
              + " bytes is larger than the "
              + maxBytes
              + " bytes this server accepts");
      return;
    }
    super.handle(target, baseRequest, request, response);
  }
}
