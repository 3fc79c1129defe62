package io.tablewave.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.AvaticaSqlException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {
  private static final String SERVER = "http://localhost:8765";

  @Test
  void serverErrorKeepsStateCodeAndPlainMessage() {
    AvaticaClientRuntimeException remote =
        new AvaticaClientRuntimeException(
            "Remote driver error: batch 3: 1 of 2 tables did not load",
            1100,
            "TW100",
            AvaticaSeverity.ERROR,
            List.of(),
            null);

    SQLException e = SqlErrors.translate(remote, SERVER, false);

    assertThat(e.getMessage()).isEqualTo("batch 3: 1 of 2 tables did not load");
    assertThat(e.getSQLState()).isEqualTo("TW100");
    assertThat(e.getErrorCode()).isEqualTo(1100);
    assertThat(e.getCause()).isSameAs(remote);
  }

  @Test
  void wrappedServerErrorLosesAvaticasPrefixes() {
    AvaticaSqlException wrapped =
        new AvaticaSqlException(
            "Error while executing SQL \"SELECT 1\": Remote driver error: Table \"X\" not found",
            "42S02",
            42102,
            List.of(),
            SERVER);
    AvaticaSqlException messageLost =
        new AvaticaSqlException(
            "while preparing SQL: SELEC",
            "42000",
            42001,
            List.of(
                "org.apache.calcite.avatica.remote.AvaticaRuntimeException: Syntax error in \"SELEC\"\n\tat x"),
            SERVER);

    assertThat(SqlErrors.translate(wrapped, SERVER, false).getMessage())
        .isEqualTo("Table \"X\" not found");
    assertThat(SqlErrors.translate(messageLost, SERVER, false).getMessage())
        .isEqualTo("Syntax error in \"SELEC\"");
    assertThat(SqlErrors.translate(messageLost, SERVER, false).getSQLState()).isEqualTo("42000");
  }

  @Test
  void unknownStateAndMissingConnectionAreMapped() {
    AvaticaClientRuntimeException unknown =
        new AvaticaClientRuntimeException(
            "Remote driver error: odd", -1, "00000", AvaticaSeverity.UNKNOWN, List.of(), null);
    AvaticaClientRuntimeException missing =
        new AvaticaClientRuntimeException(
            "Remote driver error: Connection not found",
            1,
            "00000",
            AvaticaSeverity.ERROR,
            List.of(),
            null);

    assertThat(SqlErrors.translate(unknown, SERVER, false).getSQLState()).isEqualTo("HY000");
    assertThat(SqlErrors.translate(unknown, SERVER, false).getErrorCode()).isZero();
    assertThat(SqlErrors.translate(missing, SERVER, false).getSQLState()).isEqualTo("08003");
  }

  @Test
  void transportFailuresBecomeConnectionStates() {
    RuntimeException refused = new RuntimeException(new ConnectException("Connection refused"));
    RuntimeException slow = new RuntimeException(new SocketTimeoutException("Read timed out"));
    RuntimeException notTablewave =
        new RuntimeException("Failed to execute HTTP Request, got HTTP/404");

    assertThat(SqlErrors.translate(refused, SERVER, true).getSQLState()).isEqualTo("08001");
    assertThat(SqlErrors.translate(refused, SERVER, false).getSQLState()).isEqualTo("08006");
    assertThat(SqlErrors.translate(refused, SERVER, false).getMessage()).contains(SERVER);
    assertThat((Throwable) SqlErrors.translate(slow, SERVER, false))
        .isInstanceOf(SQLTimeoutException.class);
    assertThat(SqlErrors.translate(notTablewave, SERVER, true).getSQLState()).isEqualTo("08001");
    assertThat(SqlErrors.translate(new SQLException("plain", "22000"), SERVER, false).getSQLState())
        .isEqualTo("22000");
  }
}
