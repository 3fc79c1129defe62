package io.tablewave.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrinoTableWriterTest {
  @Test
  void valuesBecomeAJsonArrayThatReadsBackAsTheyWereAndHoldsNoSqlQuote() throws Exception {
    List<String> values =
        Arrays.asList(
            "plain",
            "O'Brien's \"quoted\" \\ back\\slash",
            "tab\tnew\nline\r\u0000\u001f",
            "r\u00e9sum\u00e9 \u20ac \ud83d\ude00",
            "'; DROP TABLE orders; --",
            "",
            null);
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        array.append(',');
      }
      TrinoTableWriter.appendJson(array, values.get(i));
    }
    array.append(']');

    assertThat(array.toString()).doesNotContain("'");
    assertThat(Arrays.asList(new ObjectMapper().readValue(array.toString(), String[].class)))
        .isEqualTo(values);
  }
}
