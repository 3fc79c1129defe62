package io.tablewave.source.kafka;

import io.tablewave.data.Column;
import java.util.List;

/**
 * Loads a topic in a JVM started with a small heap and prints {@code rows=N}; run as a child
 * process by {@link LargerThanHeapLoadTest}.
 */
public final class SmallHeapLoadMain {
  private SmallHeapLoadMain() {}

  public static void main(String[] args) {
    KafkaSourceSettings settings = KafkaSourceSettings.of(args[0]);
    TopicLoadSpec spec = TopicLoadSpec.defaults(args[1], settings);
    try (KafkaTopics topics = new KafkaTopics(settings)) {
      TopicBounds bounds = topics.bounds(spec);
      List<Column> columns = new JsonSchemaInference().infer(spec, bounds);
      long[] bytes = new long[1];
      LoadResult result =
          new BoundedTopicReader()
              .load(
                  spec,
                  bounds,
                  columns,
                  row -> bytes[0] += ((String) row[1]).length(),
                  LoadListener.NONE,
                  () -> false);
      System.out.println(
          "rows="
              + result.rowsLoaded()
              + " textChars="
              + bytes[0]
              + " maxHeapMB="
              + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
  }
}
