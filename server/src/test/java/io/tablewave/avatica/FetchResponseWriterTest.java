package io.tablewave.avatica;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.Test;

/** The writer's bytes, read by Avatica's own translation as any Avatica client reads them. */
class FetchResponseWriterTest {
  private final ProtobufTranslationImpl avatica = new ProtobufTranslationImpl();

  @Test
  void avaticaReadsEveryScalarAsItWroteIt() throws Exception {
    List<Object> rows = new ArrayList<>();
    rows.add(new Object[] {1L, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE});
    rows.add(new Object[] {7, 0, Integer.MIN_VALUE, (short) -3, (byte) 9});
    rows.add(new Object[] {1.5, 0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY});
    rows.add(
        new Object[] {
          2.5f, -1.25f, new BigDecimal("-12345678901234567890.000123"), BigDecimal.ZERO, 'x'
        });
    rows.add(new Object[] {"plain", "", "h\u00e9llo \u4e16\u754c \ud83d\ude00", true, false});
    rows.add(Arrays.asList(null, "after a null", null, 3L, null));
    rows.add(null);
    rows.add(new Object[] {"x".repeat(300), 300L, null, null, null});
    Service.FetchResponse sent =
        new Service.FetchResponse(
            new Meta.Frame(123_456, false, rows),
            false,
            false,
            new Service.RpcMetadataResponse("server:1234"));

    Service.FetchResponse ours =
        (Service.FetchResponse)
            avatica.parseResponse(FetchResponseWriter.write(sent).orElseThrow());
    Service.FetchResponse theirs =
        (Service.FetchResponse) avatica.parseResponse(avatica.serializeResponse(sent));

    assertThat(ours.frame.offset).isEqualTo(123_456);
    assertThat(ours.frame.done).isFalse();
    assertThat(ours.rpcMetadata.serverAddress).isEqualTo("server:1234");
    assertThat(rows(ours)).hasSize(7).isEqualTo(rows(theirs));
    assertThat(rows(ours).get(4))
        .containsExactly("plain", "", "h\u00e9llo \u4e16\u754c \ud83d\ude00", true, false);
    assertThat(rows(ours).get(2).get(2)).isEqualTo(-0.0);
  }

  @Test
  void writesTheFlagsOfAFetchThatFoundNoStatement() throws Exception {
    Service.FetchResponse sent =
        new Service.FetchResponse(new Meta.Frame(0, true, List.of()), true, true, null);

    Service.FetchResponse ours =
        (Service.FetchResponse)
            avatica.parseResponse(FetchResponseWriter.write(sent).orElseThrow());

    assertThat(ours.missingStatement).isTrue();
    assertThat(ours.missingResults).isTrue();
    assertThat(ours.frame.done).isTrue();
    assertThat(ours.frame.offset).isZero();
    assertThat(rows(ours)).isEmpty();
  }

  @Test
  void leavesArraysAndBinaryValuesToAvatica() throws Exception {
    List<Object> array = new ArrayList<>();
    array.add(new Object[] {1L, List.of(1, 2, 3)});
    List<Object> binary = new ArrayList<>();
    binary.add(new Object[] {new byte[] {1, 2}});
    Service.FetchResponse withArray =
        new Service.FetchResponse(new Meta.Frame(0, true, array), false, false, null);
    Service.FetchResponse withBinary =
        new Service.FetchResponse(new Meta.Frame(0, true, binary), false, false, null);

    assertThat(FetchResponseWriter.write(withArray)).isEmpty();
    assertThat(FetchResponseWriter.write(withBinary)).isEmpty();
    FrameWritingTranslation translation = new FrameWritingTranslation(new BatchReports());
    Service.FetchResponse read =
        (Service.FetchResponse) avatica.parseResponse(translation.serializeResponse(withBinary));
    assertThat((byte[]) ((List<?>) read.frame.rows.iterator().next()).get(0)).containsExactly(1, 2);
  }

  private static List<List<Object>> rows(Service.FetchResponse response) {
    List<List<Object>> rows = new ArrayList<>();
    for (Object row : response.frame.rows) {
      rows.add(new ArrayList<>((List<?>) row));
    }
    return rows;
  }
}
