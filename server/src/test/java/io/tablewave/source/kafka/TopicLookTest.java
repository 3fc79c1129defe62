package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.demo.EmbeddedKafka;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A look at a topic, as one batch takes it, on a real broker: every question of the look gets the
 * offsets its first question found, so a batch plans, checks and reads the same records; a new look
 * sees what came since.
 */
class TopicLookTest {
  private static EmbeddedKafka kafka;
  private static KafkaCatalog catalog;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    catalog = new KafkaCatalog(kafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    catalog.close();
    kafka.close();
  }

  @Test
  void aLookKeepsWhatItFirstSawAndANewLookSeesWhatCameSince() {
    kafka.createTopic("look", 2);
    produce(10);
    TopicLook look = catalog.look();
    String version = look.dataVersion("look", Map.of());
    assertThat(look.records("look", Map.of())).hasValue(20);

    produce(5);
    assertThat(look.records("look", Map.of())).as("the same look").hasValue(20);
    assertThat(look.dataVersion("look", Map.of())).isEqualTo(version);
    TopicLoadSpec spec = catalog.spec("look", io.tablewave.sql.TableProperties.defaults());
    assertThat(look.snapshot(spec).bounds().rowsExpected()).isEqualTo(20);

    TopicLook next = catalog.look();
    assertThat(next.records("look", Map.of())).as("a new look").hasValue(30);
    assertThat(next.dataVersion("look", Map.of()))
        .isNotEqualTo(version)
        .startsWith(version.split(" ")[0] + " 0:0-15 1:0-15");
  }

  @Test
  void aLookAfterPartitionsWereAddedReadsTheirOffsetsToo() throws Exception {
    kafka.createTopic("look-grow", 2);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      records.send("look-grow", 0, "a", "{\"n\": 1}");
      records.send("look-grow", 1, "b", "{\"n\": 2}");
    }
    assertThat(catalog.look().dataVersion("look-grow", Map.of())).endsWith(" 0:0-1 1:0-1");

    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createPartitions(Map.of("look-grow", NewPartitions.increaseTo(3))).all().get();
    }
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      records.send("look-grow", 2, "c", "{\"n\": 3}");
      records.send("look-grow", 2, "d", "{\"n\": 4}");
    }
    // The offsets asked for with the description are for the two partitions seen before; the
    // description shows three, so they are asked for again.
    TopicLook look = catalog.look();
    assertThat(look.dataVersion("look-grow", Map.of())).endsWith(" 0:0-1 1:0-1 2:0-2");
    assertThat(look.records("look-grow", Map.of())).hasValue(4);
  }

  @Test
  void aTopicTheLookDescribedHasNoProblemAndAMissingOneIsNamed() {
    kafka.createTopic("look-exists", 1);
    TopicLook look = catalog.look();
    assertThat(look.records("look-exists", Map.of())).hasValue(0);
    assertThat(look.problem("look-exists", Map.of())).isEmpty();
    assertThat(look.problem("look-missing", Map.of()))
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .isEqualTo(
                        "topic 'look-missing' does not exist on Kafka cluster "
                            + kafka.bootstrapServers()));
  }

  private static void produce(int perPartition) {
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < perPartition; i++) {
        records.send("look", 0, "k" + i, "{\"n\": " + i + "}");
        records.send("look", 1, "k" + i, "{\"n\": " + i + "}");
      }
    }
  }
}
