package io.tablewave.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.Test;

/**
 * The reader against bytes that Avatica's own translation writes, as any Avatica server sends them.
 */
class FetchResponseReaderTest {
  private final ProtobufTranslationImpl avatica = new ProtobufTranslationImpl();

  @Test
  void readsEveryScalarAsAvaticaDoes() throws Exception {
    List<Object> rows =
        List.of(
            new Object[] {1L, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE},
            new Object[] {7, 0, Integer.MIN_VALUE, (short) -3, (byte) 9},
            new Object[] {1.5, 0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY},
            new Object[] {
              2.5f, -1.25f, new BigDecimal("-12345678901234567890.000123"), BigDecimal.ZERO, 'x'
            },
            new Object[] {"plain", "", "h\u00e9llo \u4e16\u754c \ud83d\ude00", true, false},
            Arrays.asList(null, "after a null", null, 3L, null));
    Service.FetchResponse sent =
        new Service.FetchResponse(
            new Meta.Frame(2_000, false, rows),
            false,
            false,
            new Service.RpcMetadataResponse("server:1234"));

    Service.FetchResponse read =
        FetchResponseReader.read(avatica.serializeResponse(sent)).orElseThrow();
    Service.FetchResponse expected =
        (Service.FetchResponse) avatica.parseResponse(avatica.serializeResponse(sent));

    assertThat(read.frame.offset).isEqualTo(2_000);
    assertThat(read.frame.done).isFalse();
    assertThat(read.rpcMetadata.serverAddress).isEqualTo("server:1234");
    assertThat(rows(read)).isEqualTo(rows(expected));
    assertThat(rows(read).get(0)).containsExactly(1L, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE);
    assertThat(rows(read).get(4))
        .containsExactly("plain", "", "h\u00e9llo \u4e16\u754c \ud83d\ude00", true, false);
  }

  @Test
  void readsTheFlagsOfAFetchThatFoundNoStatement() throws Exception {
    Service.FetchResponse sent =
        new Service.FetchResponse(new Meta.Frame(0, true, List.of()), true, true, null);

    Service.FetchResponse read =
        FetchResponseReader.read(avatica.serializeResponse(sent)).orElseThrow();

    assertThat(read.missingStatement).isTrue();
    assertThat(read.missingResults).isTrue();
    assertThat(read.frame.done).isTrue();
    assertThat(read.rpcMetadata).isNull();
    assertThat(rows(read)).isEmpty();
  }

  @Test
  void leavesArraysBinaryValuesAndOtherMessagesToAvatica() throws Exception {
    Service.FetchResponse array =
        new Service.FetchResponse(
            new Meta.Frame(0, true, oneRow(new Object[] {1L, List.of(1, 2, 3)})),
            false,
            false,
            null);
    Service.FetchResponse binary =
        new Service.FetchResponse(
            new Meta.Frame(0, true, oneRow(new Object[] {new byte[] {1, 2}})), false, false, null);
    Service.Response other = new Service.CloseStatementResponse(null);

    assertThat(FetchResponseReader.read(avatica.serializeResponse(array))).isEmpty();
    assertThat(FetchResponseReader.read(avatica.serializeResponse(binary))).isEmpty();
    assertThat(FetchResponseReader.read(avatica.serializeResponse(other))).isEmpty();
  }

  @Test
  void leavesTruncatedBytesToAvatica() throws Exception {
    Service.FetchResponse sent =
        new Service.FetchResponse(
            new Meta.Frame(0, true, oneRow(new Object[] {"a string long enough to cut", 42L})),
            false,
            false,
            null);
    byte[] bytes = avatica.serializeResponse(sent);

    for (int length = 0; length < bytes.length; length++) {
      assertThat(FetchResponseReader.read(Arrays.copyOf(bytes, length)))
          .as("the first %d of %d bytes", length, bytes.length)
          .isEmpty();
    }
  }

  @Test
  void theTranslationAnswersEveryOtherResponseAsAvaticaDoes() throws Exception {
    FrameReadingTranslation translation = new FrameReadingTranslation(new BatchReports());
    Service.Response other =
        new Service.CloseStatementResponse(new Service.RpcMetadataResponse("a:1"));

    assertThat(translation.parseResponse(avatica.serializeResponse(other))).isEqualTo(other);
  }

  private static List<Object> oneRow(Object[] row) {
    List<Object> rows = new ArrayList<>();
    rows.add(row);
    return rows;
  }

  private static List<List<Object>> rows(Service.FetchResponse response) {
    List<List<Object>> rows = new ArrayList<>();
    for (Object row : response.frame.rows) {
      rows.add(new ArrayList<>((List<?>) row));
    }
    return rows;
  }
}
