package io.tablewave.demo;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until new topics can take writes. Producing right after creation can meet a broker that
 * does not yet know it leads the partition, which sends an idempotent producer into a long retry
 * loop; answering a list-offsets request proves the leader is ready.
 */
final class TopicReadiness {
  private TopicReadiness() {}

  static void await(Admin admin, Collection<String> topics, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    Exception last = null;
    while (System.currentTimeMillis() < deadline) {
      try {
        Map<String, TopicDescription> descriptions =
            admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions
            .values()
            .forEach(
                d ->
                    d.partitions()
                        .forEach(
                            p ->
                                request.put(
                                    new TopicPartition(d.name(), p.partition()),
                                    OffsetSpec.latest())));
        admin.listOffsets(request).all().get(5, TimeUnit.SECONDS);
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException(
        "topics " + topics + " not ready after " + timeoutMillis + " ms", last);
  }
}
