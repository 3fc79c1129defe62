package io.tablewave.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.source.kafka.BoundedTopicReader;
import io.tablewave.source.kafka.JsonSchemaInference;
import io.tablewave.source.kafka.KafkaSourceSettings;
import io.tablewave.source.kafka.KafkaTopics;
import io.tablewave.source.kafka.LoadListener;
import io.tablewave.source.kafka.LoadResult;
import io.tablewave.source.kafka.TopicBounds;
import io.tablewave.source.kafka.TopicLoadSpec;
import io.tablewave.source.kafka.TopicLoadSpec.OnBadRecord;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  @Test
  void writesTheDemoTopicsWithLateAndMalformedRecords() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaTopics topics = new KafkaTopics(KafkaSourceSettings.of(kafka.bootstrapServers()))) {
      long base = 1_767_225_600_000L; // 2026-01-01T00:00Z
      DemoData.Summary summary = new DemoData(kafka.bootstrapServers(), 42, base).write();
      assertThat(summary).isEqualTo(new DemoData.Summary(200, 3_000, 2_000, 5));
      assertThat(topics.listTopics()).contains("orders", "customers", "clicks");
      assertThat(topics.partitions("orders")).hasSize(4);

      TopicLoadSpec spec =
          TopicLoadSpec.defaults("orders", topics.settings()).withOnBadRecord(OnBadRecord.SKIP);
      TopicBounds bounds = topics.bounds(spec);
      List<Column> columns = new JsonSchemaInference().infer(spec, bounds);
      assertThat(columns.subList(0, 6))
          .containsExactly(
              Column.of("order_id", ColumnType.BIGINT),
              Column.of("customer_id", ColumnType.BIGINT),
              new Column("amount", ColumnType.DECIMAL, 18, 2, true),
              Column.of("quantity", ColumnType.BIGINT),
              Column.of("status", ColumnType.VARCHAR),
              Column.of("tags", ColumnType.VARCHAR));
      List<Object[]> rows = new ArrayList<>();
      LoadResult result =
          new BoundedTopicReader()
              .load(spec, bounds, columns, rows::add, LoadListener.NONE, () -> false);
      assertThat(result.rowsLoaded()).isEqualTo(2_997);
      assertThat(result.badRecords()).isEqualTo(3);
      LocalDateTime earliestNormal = LocalDateTime.of(2026, 1, 1, 0, 0);
      assertThat(rows).filteredOn(r -> ((LocalDateTime) r[9]).isBefore(earliestNormal)).hasSize(12);

      TopicLoadSpec clicks =
          TopicLoadSpec.defaults("clicks", topics.settings()).withOnBadRecord(OnBadRecord.SKIP);
      TopicBounds clickBounds = topics.bounds(clicks);
      LoadResult clickResult =
          new BoundedTopicReader()
              .load(
                  clicks,
                  clickBounds,
                  new JsonSchemaInference().infer(clicks, clickBounds),
                  row -> {},
                  LoadListener.NONE,
                  () -> false);
      assertThat(clickResult.rowsLoaded()).isEqualTo(1_998);
      assertThat(clickResult.badRecords()).isEqualTo(2);
    }
  }
}
