package io.tablewave.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectFailureTest {
  @Test
  void closedPortFailsFastWithConnectionSqlState() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    long started = System.nanoTime();

    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () -> DriverManager.getConnection("jdbc:tablewave://localhost:" + port));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage()).contains("http://localhost:" + port).contains("Cannot reach");
  }
}
