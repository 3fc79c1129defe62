package io.tablewave.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.DriverVersion;

/**
 * The Tablewave JDBC driver: Avatica's remote client under its own prefix and name.
 *
 * <p>URLs: {@code jdbc:tablewave://HOST[:PORT][;key=value...]} (port 8765 by default) or
 * {@code jdbc:tablewave:url=http://HOST:PORT[;key=value...]}. Properties {@code user}, {@code password},
 * {@code parallelism} and {@code timeout} travel to the server when the connection opens. Every JDBC
 * object it returns throws only {@link SQLException}s.
 */
public final class Driver extends org.apache.calcite.avatica.remote.Driver {
    private static final String VERSION_RESOURCE = "io/tablewave/jdbc/tablewave-driver.properties";

    static {
        new Driver().register();
    }

    public Driver() {
        super();
    }

    @Override
    protected String getConnectStringPrefix() {
        return ConnectionUrl.PREFIX;
    }

    @Override
    protected DriverVersion createDriverVersion() {
        return DriverVersion.load(Driver.class, VERSION_RESOURCE,
                "Tablewave JDBC Driver", "unknown version", "Tablewave", "unknown version");
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        if (url == null) {
            throw new SQLException("The JDBC URL is null; write jdbc:tablewave://HOST[:PORT]", "08001");
        }
        return ConnectionUrl.accepts(url);
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
}
