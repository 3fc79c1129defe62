package io.tablewave.jdbc;

import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.ConnectionProperty;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.Meta;

/**
 * The Tablewave JDBC driver: Avatica's remote client under its own prefix and name.
 *
 * <p>URLs: {@code jdbc:tablewave://HOST[:PORT][;key=value...]} (port 8765 by default) or {@code
 * jdbc:tablewave:url=http://HOST:PORT[;key=value...]}. Properties {@code user}, {@code password},
 * {@code parallelism} and {@code timeout} travel to the server when the connection opens; {@code
 * user} and {@code password} also authenticate the HTTP requests (BASIC), and {@code tls=true} uses
 * HTTPS. Every JDBC object it returns throws only {@link SQLException}s.
 */
public final class Driver extends org.apache.calcite.avatica.remote.Driver {
  private static final String VERSION_RESOURCE = "io/tablewave/jdbc/tablewave-driver.properties";

  static {
    new Driver().register();
  }

  public Driver() {
    super();
  }

  /** Avatica's remote meta, reusing the server statements of plain {@code Statement}s. */
  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return StatementReusingMeta.wrap(
        super.createMeta(connection),
        connection,
        ((ReleasingHandler) handler).statementsOf(connection));
  }

  @Override
  protected Handler createHandler() {
    return new ReleasingHandler();
  }

  @Override
  protected String getConnectStringPrefix() {
    return ConnectionUrl.PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return DriverVersion.load(
        Driver.class,
        VERSION_RESOURCE,
        "Tablewave JDBC Driver",
        "unknown version",
        "Tablewave",
        "unknown version");
  }

  @Override
  public boolean acceptsURL(String url) throws SQLException {
    if (url == null) {
      throw new SQLException("The JDBC URL is null; write jdbc:tablewave://HOST[:PORT]", "08001");
    }
    return ConnectionUrl.accepts(url);
  }

  /** Lists Tablewave's own connection properties first, then Avatica's client settings. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    Properties given = info == null ? new Properties() : info;
    List<DriverPropertyInfo> properties = new ArrayList<>();
    properties.add(property(given, "user", "User name on the Tablewave server"));
    properties.add(property(given, "password", "Password on the Tablewave server"));
    properties.add(
        property(
            given,
            ConnectionUrl.TLS,
            "true to reach a jdbc:tablewave://HOST server over HTTPS (see truststore, truststore_password)"));
    properties.add(
        property(
            given,
            ConnectionUrl.PARALLELISM,
            "At most this many tables of one batch load at once (default: the server's)"));
    properties.add(
        property(
            given,
            ConnectionUrl.TIMEOUT,
            "How long to wait for one server response, e.g. 30s or 5m (default: no limit)"));
    // Avatica's own listing uses enum constant names (SERIALIZATION); users write camel names.
    for (ConnectionProperty avatica : getConnectionProperties()) {
      String name = avatica.camelName();
      if (properties.stream().noneMatch(p -> p.name.equals(name))) {
        Object fallback = avatica.defaultValue();
        DriverPropertyInfo property =
            new DriverPropertyInfo(
                name, given.getProperty(name, fallback == null ? null : fallback.toString()));
        property.description = "Avatica client setting";
        properties.add(property);
      }
    }
    return properties.toArray(DriverPropertyInfo[]::new);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    ConnectionUrl parsed = ConnectionUrl.parse(url, info);
    Connection avatica;
    try {
      avatica = super.connect(parsed.avaticaUrl(), parsed.toProperties());
    } catch (SQLException | RuntimeException e) {
      throw SqlErrors.translate(e, parsed.serverUrl(), true);
    }
    return ConnectionHandler.wrap(avatica, parsed);
  }

  private static DriverPropertyInfo property(Properties given, String name, String description) {
    DriverPropertyInfo property = new DriverPropertyInfo(name, given.getProperty(name));
    property.description = description;
    return property;
  }
}
