package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.demo.EmbeddedKafka;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A topic several times larger than the loading JVM's heap still loads completely. */
class LargerThanHeapLoadTest {
  private static final int RECORDS = 200_000;
  private static final int PAYLOAD_CHARS = 1_000;

  @Test
  void loadsATopicLargerThanTheHeapOfTheLoadingJvm() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("huge", 4);
      String payload = "x".repeat(PAYLOAD_CHARS);
      try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
        for (int i = 0; i < RECORDS; i++) {
          records.send("huge", i % 4, null, "{\"id\":" + i + ",\"text\":\"" + payload + "\"}");
        }
      }
      long topicMegabytes = (long) RECORDS * PAYLOAD_CHARS / (1024 * 1024);
      String java =
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      Process process =
          new ProcessBuilder(
                  List.of(
                      java,
                      "-Xmx64m",
                      "-cp",
                      System.getProperty("java.class.path"),
                      SmallHeapLoadMain.class.getName(),
                      kafka.bootstrapServers(),
                      "huge"))
              .redirectErrorStream(true)
              .start();
      String output;
      try (var in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      System.out.println(
          "topic of ~"
              + topicMegabytes
              + " MB loaded by a -Xmx64m JVM: "
              + output.lines().filter(l -> l.startsWith("rows=")).findFirst().orElse(output));
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("rows=" + RECORDS + " textChars=" + (long) RECORDS * PAYLOAD_CHARS);
    }
  }
}
