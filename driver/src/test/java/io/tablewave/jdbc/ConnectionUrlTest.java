package io.tablewave.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConnectionUrlTest {
  @Test
  void hostFormDefaultsToPort8765ProtobufAndNoResponseTimeout() throws SQLException {
    ConnectionUrl url = ConnectionUrl.parse("jdbc:tablewave://db.example.com", null);

    assertThat(url.serverUrl()).isEqualTo("http://db.example.com:8765");
    assertThat(url.properties())
        .containsEntry("url", "http://db.example.com:8765")
        .containsEntry("serialization", "protobuf")
        .containsEntry("http_response_timeout", "0");
    assertThat(url.responseTimeoutMillis()).isZero();
    assertThat(url.avaticaUrl()).isEqualTo("jdbc:tablewave:url=http://db.example.com:8765");
  }

  @Test
  void hostFormTakesPortAndProperties() throws SQLException {
    ConnectionUrl url =
        ConnectionUrl.parse("jdbc:tablewave://localhost:9000;parallelism=4;timeout=30s", null);

    assertThat(url.serverUrl()).isEqualTo("http://localhost:9000");
    assertThat(url.properties())
        .containsEntry("parallelism", "4")
        .containsEntry("timeout", "30s")
        .containsEntry("http_response_timeout", "30000");
  }

  @Test
  void hostFormAcceptsTrailingSlashAndIpv6() throws SQLException {
    assertThat(ConnectionUrl.parse("jdbc:tablewave://localhost:9000/", null).serverUrl())
        .isEqualTo("http://localhost:9000");
    assertThat(ConnectionUrl.parse("jdbc:tablewave://[::1]:9001", null).serverUrl())
        .isEqualTo("http://[::1]:9001");
    assertThat(ConnectionUrl.parse("jdbc:tablewave://[::1]", null).serverUrl())
        .isEqualTo("http://[::1]:8765");
  }

  @Test
  void avaticaFormKeepsGivenSerialization() throws SQLException {
    ConnectionUrl protobuf = ConnectionUrl.parse("jdbc:tablewave:url=http://h:1234;user=ann", null);
    ConnectionUrl json =
        ConnectionUrl.parse("jdbc:tablewave:url=http://h:1234;serialization=json", null);

    assertThat(protobuf.serverUrl()).isEqualTo("http://h:1234");
    assertThat(protobuf.properties())
        .containsEntry("serialization", "protobuf")
        .containsEntry("user", "ann");
    assertThat(json.properties()).containsEntry("serialization", "json");
  }

  @Test
  void callerPropertiesAreKeptAndUrlPropertiesWin() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "ann");
    info.setProperty("password", "secret");
    info.setProperty("parallelism", "2");

    ConnectionUrl url = ConnectionUrl.parse("jdbc:tablewave://h;parallelism=8", info);

    assertThat(url.properties())
        .containsEntry("user", "ann")
        .containsEntry("password", "secret")
        .containsEntry("parallelism", "8");
    assertThat(url.toProperties().getProperty("user")).isEqualTo("ann");
  }

  @Test
  void timeoutUnits() throws SQLException {
    assertThat(timeoutMillis("1500")).isEqualTo(1_500);
    assertThat(timeoutMillis("250ms")).isEqualTo(250);
    assertThat(timeoutMillis("30s")).isEqualTo(30_000);
    assertThat(timeoutMillis("5m")).isEqualTo(300_000);
    assertThat(timeoutMillis("2h")).isEqualTo(7_200_000);
    assertThat(timeoutMillis("1d")).isEqualTo(86_400_000);
    assertThat(timeoutMillis("PT45S")).isEqualTo(45_000);
    assertThat(timeoutMillis("0")).isZero();
  }

  @Test
  void explicitAvaticaResponseTimeoutIsKeptWhenNoTimeoutIsGiven() throws SQLException {
    ConnectionUrl url = ConnectionUrl.parse("jdbc:tablewave://h;http_response_timeout=1234", null);

    assertThat(url.responseTimeoutMillis()).isEqualTo(1234);
  }

  @Test
  void badValuesAreRejectedWithTheirName() {
    assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:tablewave://h;timeout=soon", null))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("timeout='soon'");
    assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:tablewave://h;parallelism=0", null))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("parallelism='0'");
    assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:tablewave://h:http", null))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("port 'http'");
    assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:tablewave://h:70000", null))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("outside 1..65535");
    assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:tablewave://;user=a", null))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("host");
    assertThatThrownBy(() -> ConnectionUrl.parse("jdbc:tablewave://h;url=http://other:1", null))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("names the server twice");
  }

  @Test
  void driverAcceptsBothFormsOnly() throws SQLException {
    Driver driver = new Driver();

    assertThat(driver.acceptsURL("jdbc:tablewave://localhost")).isTrue();
    assertThat(driver.acceptsURL("jdbc:tablewave://localhost:8765;user=a")).isTrue();
    assertThat(driver.acceptsURL("jdbc:tablewave:url=http://localhost:8765")).isTrue();
    assertThat(driver.acceptsURL("jdbc:tablewave:serialization=json;url=http://localhost:8765"))
        .isTrue();
    assertThat(driver.acceptsURL("jdbc:tablewave:")).isFalse();
    assertThat(driver.acceptsURL("jdbc:tablewave:user=a")).isFalse();
    assertThat(driver.acceptsURL("jdbc:avatica:remote:url=http://localhost:8765")).isFalse();
    assertThat(driver.acceptsURL("jdbc:h2:mem:x")).isFalse();
    assertThat(driver.connect("jdbc:h2:mem:x", new Properties())).isNull();
  }

  @Test
  void driverIsBranded() {
    Driver driver = new Driver();

    assertThat(driver.getDriverVersion().name).isEqualTo("Tablewave JDBC Driver");
    assertThat(driver.getDriverVersion().productName).isEqualTo("Tablewave");
    assertThat(driver.getDriverVersion().versionString).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(driver.getMajorVersion() * 1000 + driver.getMinorVersion())
        .isEqualTo(versionNumber(driver.getDriverVersion().versionString));
  }

  @Test
  void propertyInfoListsTablewaveSettingsFirst() throws SQLException {
    Properties info = new Properties();
    info.setProperty("parallelism", "4");

    java.sql.DriverPropertyInfo[] properties =
        new Driver().getPropertyInfo("jdbc:tablewave://h", info);

    assertThat(properties)
        .extracting(p -> p.name)
        .startsWith("user", "password", "tls", "parallelism", "timeout")
        .contains("serialization")
        .doesNotHaveDuplicates();
    assertThat(properties[3].value).isEqualTo("4");
    assertThat(properties[4].description).contains("no limit");
  }

  private static int versionNumber(String version) {
    String[] parts = version.split("[.-]");
    return Integer.parseInt(parts[0]) * 1000 + Integer.parseInt(parts[1]);
  }

  @Test
  void userAndPasswordAuthenticateAndTlsUsesHttps() throws SQLException {
    java.util.Properties info = new java.util.Properties();
    info.setProperty("user", "alice");
    info.setProperty("password", "pw");
    ConnectionUrl parsed = ConnectionUrl.parse("jdbc:tablewave://db:9000;tls=true", info);
    assertThat(parsed.serverUrl()).isEqualTo("https://db:9000");
    assertThat(parsed.toProperties())
        .containsEntry("authentication", "BASIC")
        .containsEntry("avatica_user", "alice")
        .containsEntry("avatica_password", "pw");
    assertThat(ConnectionUrl.parse("jdbc:tablewave://db", null).toProperties())
        .doesNotContainKey("authentication");
  }

  private static long timeoutMillis(String timeout) throws SQLException {
    return ConnectionUrl.parse("jdbc:tablewave://h;timeout=" + timeout, null)
        .responseTimeoutMillis();
  }
}
