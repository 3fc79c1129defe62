package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.data.Column;
import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.sql.TableProperties;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The columns a table of a topic gets are sampled once per topic and start offsets, on a real
 * broker: a sample cut short by a small topic is taken again when more records came, and a topic
 * deleted and created again under its name is sampled anew.
 */
class SampledColumnsTest {
  private static EmbeddedKafka kafka;
  private static KafkaCatalog catalog;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    catalog = new KafkaCatalog(kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() throws Exception {
    catalog.close();
    kafka.close();
  }

  @Test
  void aSampleOfAFewRecordsIsTakenAgainOnceMoreRecordsCame() {
    kafka.createTopic("sample-few", 1);
    produce("sample-few", 10, "{\"a\": 1}");
    assertThat(valueColumns("sample-few")).containsExactly("a");

    produce("sample-few", 10, "{\"a\": 2, \"b\": \"x\"}");
    assertThat(valueColumns("sample-few")).containsExactly("a", "b");
  }

  @Test
  void aTopicCreatedAgainUnderItsNameIsSampledAnew() throws Exception {
    kafka.createTopic("sample-again", 1);
    produce("sample-again", JsonSchemaInference.DEFAULT_SAMPLE_SIZE + 10, "{\"old_field\": 1}");
    assertThat(valueColumns("sample-again")).containsExactly("old_field");
    assertThat(valueColumns("sample-again"))
        .as("the same topic again")
        .containsExactly("old_field");

    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.deleteTopics(List.of("sample-again")).all().get(60, TimeUnit.SECONDS);
      for (int tries = 0;
          admin.listTopics().names().get(60, TimeUnit.SECONDS).contains("sample-again");
          tries++) {
        assertThat(tries).as("the deleted topic is gone").isLessThan(300);
        Thread.sleep(100);
      }
    }
    createWhenDeletionIsDone("sample-again");
    produce("sample-again", JsonSchemaInference.DEFAULT_SAMPLE_SIZE + 10, "{\"new_field\": 1}");
    assertThat(valueColumns("sample-again")).containsExactly("new_field");
  }

  private static void createWhenDeletionIsDone(String topic) throws InterruptedException {
    for (int tries = 0; ; tries++) {
      try {
        kafka.createTopic(topic, 1);
        return;
      } catch (RuntimeException e) {
        // the broker may still be removing the deleted topic's partitions
        assertThat(tries).as("creating %s again: %s", topic, e.getMessage()).isLessThan(100);
        Thread.sleep(200);
      }
    }
  }

  private static List<String> valueColumns(String topic) {
    return catalog.look().columns(topic, TableProperties.defaults()).stream()
        .map(Column::name)
        .filter(name -> !name.startsWith("_"))
        .toList();
  }

  private static void produce(String topic, int count, String value) {
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < count; i++) {
        records.send(topic, 0, "k" + i, value);
      }
    }
  }
}
