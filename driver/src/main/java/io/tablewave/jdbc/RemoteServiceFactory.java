package io.tablewave.jdbc;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Locale;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.ConnectionConfig;
import org.apache.calcite.avatica.remote.AvaticaHttpClient;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.apache.calcite.avatica.remote.RemoteService;
import org.apache.calcite.avatica.remote.Service;

/**
 * The service a connection talks to the server through: Avatica's HTTP client and protobuf service,
 * reading fetched frames and batch reports with {@link FrameReadingTranslation}. Avatica's driver
 * creates it through its {@code factory} connection property.
 */
public final class RemoteServiceFactory implements Service.Factory {
  @Override
  public Service create(AvaticaConnection connection) {
    ConnectionConfig config = connection.config();
    String url = config.useClientSideLb() ? config.getLBStrategy().getLbURL(config) : config.url();
    AvaticaHttpClient client =
        config
            .httpClientFactory()
            .getClient(toUrl(url), config, connection.getKerberosConnection());
    Serialization serialization =
        Serialization.valueOf(config.serialization().toUpperCase(Locale.ROOT));
    return serialization == Serialization.JSON
        ? new RemoteService(client)
        : new ReportingProtobufService(client, new BatchReports());
  }

  private static URL toUrl(String url) {
    try {
      return new URI(url).toURL();
    } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + url + "' is not a server URL: " + e.getMessage(), e);
    }
  }
}
