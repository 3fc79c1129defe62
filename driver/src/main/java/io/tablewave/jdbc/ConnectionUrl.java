package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.ConnectStringParser;

/**
 * A parsed Tablewave JDBC URL.
 *
 * <p>Two forms are accepted: {@code jdbc:tablewave://HOST[:PORT][;key=value...]} and the Avatica
 * form {@code jdbc:tablewave:url=http://HOST:PORT[;key=value...]}. Both become an Avatica remote
 * connection over protobuf (unless {@code serialization} says otherwise) with no HTTP response
 * timeout unless the {@code timeout} property sets one.
 *
 * @param url the URL as the user wrote it
 * @param serverUrl the HTTP address of the server, e.g. {@code http://localhost:8765}
 * @param properties every connection property: the caller's, the URL's (which win), and the derived
 *     Avatica settings {@code url}, {@code serialization} and {@code http_response_timeout}
 */
public record ConnectionUrl(String url, String serverUrl, Map<String, String> properties) {
  /** Prefix of every Tablewave JDBC URL. */
  public static final String PREFIX = "jdbc:tablewave:";

  /** Port of the server when the URL names none. */
  public static final int DEFAULT_PORT = 8765;

  /**
   * Connection property: the client's wait for one server response, e.g. {@code 30s}; default no
   * limit.
   */
  public static final String TIMEOUT = "timeout";

  /** Connection property: how many tables of one batch load at once. */
  public static final String PARALLELISM = "parallelism";

  private static final String HOST_PREFIX = PREFIX + "//";
  private static final String AVATICA_URL = "url";

  /** {@code true} reaches a {@code jdbc:tablewave://} server over HTTPS. */
  public static final String TLS = "tls";

  private static final String USER = "user";
  private static final String PASSWORD = "password";
  private static final String AVATICA_AUTHENTICATION = "authentication";
  private static final String AVATICA_USER = "avatica_user";
  private static final String AVATICA_PASSWORD = "avatica_password";
  private static final String AVATICA_SERIALIZATION = "serialization";
  private static final String AVATICA_SERVICE_FACTORY = "factory";
  private static final String AVATICA_FETCH_SIZE = "fetch_size";
  private static final String DEFAULT_FETCH_SIZE = "20000";
  private static final String AVATICA_RESPONSE_TIMEOUT = "http_response_timeout";
  // httpclient5 reads a response timeout of 0 as Timeout.DISABLED: the socket waits without limit.
  private static final String NO_LIMIT = "0";

  public ConnectionUrl {
    requireNonNull(url, "url is null");
    requireNonNull(serverUrl, "serverUrl is null");
    properties = Map.copyOf(properties);
  }

  /** Whether {@code url} has one of the two Tablewave forms. */
  public static boolean accepts(String url) {
    if (url == null || !url.startsWith(PREFIX)) {
      return false;
    }
    if (url.startsWith(HOST_PREFIX)) {
      return true;
    }
    try {
      return ConnectStringParser.parse(url.substring(PREFIX.length())).getProperty(AVATICA_URL)
          != null;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Parses {@code url}; {@code info} holds the caller's properties (may be null). */
  public static ConnectionUrl parse(String url, Properties info) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException(
          "Not a Tablewave URL: '"
              + url
              + "'. Write jdbc:tablewave://HOST[:PORT]"
              + "[;key=value...] or jdbc:tablewave:url=http://HOST:PORT[;key=value...]",
          "08001");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        properties.put(name, info.getProperty(name));
      }
    }
    String serverUrl;
    if (url.startsWith(HOST_PREFIX)) {
      String rest = url.substring(HOST_PREFIX.length());
      int semicolon = rest.indexOf(';');
      String authority = semicolon < 0 ? rest : rest.substring(0, semicolon);
      Properties fromUrl =
          ConnectStringParser.parse(semicolon < 0 ? "" : rest.substring(semicolon + 1));
      if (fromUrl.containsKey(AVATICA_URL)) {
        throw new SQLException(
            "URL '"
                + url
                + "' names the server twice (host and url=...): "
                + "use either jdbc:tablewave://HOST:PORT or jdbc:tablewave:url=http://HOST:PORT",
            "08001");
      }
      fromUrl
          .stringPropertyNames()
          .forEach(name -> properties.put(name, fromUrl.getProperty(name)));
      boolean tls = Boolean.parseBoolean(properties.getOrDefault(TLS, "false"));
      serverUrl = (tls ? "https://" : "http://") + hostAndPort(url, authority);
    } else {
      Properties fromUrl = ConnectStringParser.parse(url.substring(PREFIX.length()));
      fromUrl
          .stringPropertyNames()
          .forEach(name -> properties.put(name, fromUrl.getProperty(name)));
      serverUrl = properties.get(AVATICA_URL);
    }
    properties.put(AVATICA_URL, serverUrl);
    String user = properties.get(USER);
    if (user != null && !properties.containsKey(AVATICA_AUTHENTICATION)) {
      properties.put(AVATICA_AUTHENTICATION, "BASIC");
      properties.put(AVATICA_USER, user);
      properties.put(AVATICA_PASSWORD, properties.getOrDefault(PASSWORD, ""));
    }
    properties.putIfAbsent(AVATICA_SERIALIZATION, "protobuf");
    properties.putIfAbsent(AVATICA_SERVICE_FACTORY, RemoteServiceFactory.class.getName());
    // Every fetch is an HTTP round trip: Avatica's 100 rows a fetch spend more time on requests
    // than on rows. The server sends fewer rows a frame when they are wide (200,000 values at
    // most).
    properties.putIfAbsent(AVATICA_FETCH_SIZE, DEFAULT_FETCH_SIZE);
    String timeout = properties.get(TIMEOUT);
    if (timeout != null) {
      properties.put(
          AVATICA_RESPONSE_TIMEOUT, Long.toString(DurationText.toMillis(TIMEOUT, timeout)));
    } else {
      properties.putIfAbsent(AVATICA_RESPONSE_TIMEOUT, NO_LIMIT);
    }
    String parallelism = properties.get(PARALLELISM);
    if (parallelism != null) {
      checkPositive(PARALLELISM, parallelism);
    }
    return new ConnectionUrl(url, serverUrl, properties);
  }

  /** The HTTP response timeout the client will use, in milliseconds; 0 means no limit. */
  public long responseTimeoutMillis() {
    return Long.parseLong(properties.get(AVATICA_RESPONSE_TIMEOUT));
  }

  /** The URL handed to Avatica's driver; every other setting travels in {@link #toProperties()}. */
  String avaticaUrl() {
    return PREFIX + AVATICA_URL + "=" + serverUrl;
  }

  /** A fresh copy of {@link #properties()} as {@link Properties}. */
  public Properties toProperties() {
    Properties copy = new Properties();
    copy.putAll(properties);
    return copy;
  }

  private static String hostAndPort(String url, String authority) throws SQLException {
    String text =
        authority.endsWith("/") ? authority.substring(0, authority.length() - 1) : authority;
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw badAddress(url, "the IPv6 address has no closing ']'");
      }
      host = text.substring(0, close + 1);
      String after = text.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw badAddress(url, "expected ':PORT' after the IPv6 address");
      }
      port = after.isEmpty() ? null : after.substring(1);
    } else {
      int colon = text.indexOf(':');
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    if (host.isBlank() || host.contains("/")) {
      throw badAddress(url, "the host is missing or malformed");
    }
    if (port == null) {
      return host + ":" + DEFAULT_PORT;
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw badAddress(url, "port '" + port + "' is not a number");
    }
    if (number < 1 || number > 65535) {
      throw badAddress(url, "port " + number + " is outside 1..65535");
    }
    return host + ":" + number;
  }

  private static SQLException badAddress(String url, String problem) {
    return new SQLException(
        "Bad Tablewave URL '"
            + url
            + "': "
            + problem
            + ". Write jdbc:tablewave://HOST[:PORT][;key=value...] (default port "
            + DEFAULT_PORT
            + ")",
        "08001");
  }

  private static void checkPositive(String property, String value) throws SQLException {
    NumberFormatException notANumber = null;
    try {
      if (Integer.parseInt(value.trim()) > 0) {
        return;
      }
    } catch (NumberFormatException e) {
      notANumber = e;
    }
    throw new SQLException(
        "Connection property " + property + "='" + value + "' must be a positive whole number",
        "HY024",
        0,
        notANumber);
  }
}
