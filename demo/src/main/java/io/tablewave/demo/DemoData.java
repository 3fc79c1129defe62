package io.tablewave.demo;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the demo topics {@code orders}, {@code customers} and {@code clicks}: JSON records derived
 * from a seed (the same seed gives the same records), a few with timestamps days older than their
 * neighbours and a few that are not valid JSON. {@link #endingBefore} places every timestamp in the
 * past, as real data is: a broker keeps records stamped in the future from retention and warns
 * about each such partition.
 */
public final class DemoData {
  public static final String ORDERS = "orders";
  public static final String CUSTOMERS = "customers";
  public static final String CLICKS = "clicks";

  private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR", "IN"};
  private static final String[] PAGES = {"/", "/cart", "/checkout", "/product", "/search"};
  private static final long DAY_MILLIS = 86_400_000L;

  /**
   * The records of a topic are stamped over at most this long after the first one (orders: 3,000 x
   * 0.5 s).
   */
  static final long SPAN_MILLIS = 3_000 * 500L;

  private final String bootstrapServers;
  private final long seed;
  private final long baseTimeMillis;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /**
   * @param baseTimeMillis the timestamp of the first record; the others follow it
   */
  public DemoData(String bootstrapServers, long seed, long baseTimeMillis) {
    this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
    this.seed = seed;
    this.baseTimeMillis = baseTimeMillis;
  }

  /** Demo data whose last record is stamped before {@code nowMillis}. */
  public static DemoData endingBefore(String bootstrapServers, long seed, long nowMillis) {
    return new DemoData(bootstrapServers, seed, nowMillis - SPAN_MILLIS - 1_000);
  }

  /** How many records went to each topic, malformed ones included. */
  public record Summary(int customers, int orders, int clicks, int malformed) {}

  public Summary write() {
    Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      admin
          .createTopics(
              java.util.List.of(
                  new NewTopic(CUSTOMERS, 2, (short) 1),
                  new NewTopic(ORDERS, 4, (short) 1),
                  new NewTopic(CLICKS, 3, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      TopicReadiness.await(admin, java.util.List.of(CUSTOMERS, ORDERS, CLICKS), 30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the demo topics", e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not create the demo topics at " + bootstrapServers + ": " + e.getMessage(), e);
    }
    Random random = new Random(seed);
    Map<String, Object> producerConfig =
        Map.of("bootstrap.servers", bootstrapServers, "linger.ms", "5", "acks", "all");
    failure.set(null);
    int malformed = 0;
    int customers = 200;
    int orders = 3_000;
    int clicks = 2_000;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int id = 1; id <= customers; id++) {
        String json =
            String.format(
                Locale.ROOT,
                "{\"customer_id\":%d,\"name\":\"customer %d\",\"country\":\"%s\",\"vip\":%b}",
                id,
                id,
                COUNTRIES[random.nextInt(COUNTRIES.length)],
                random.nextInt(10) == 0);
        send(producer, CUSTOMERS, "c" + id, json, baseTimeMillis + id * 1_000L);
      }
      for (int id = 1; id <= orders; id++) {
        long time = baseTimeMillis + id * 500L;
        if (id % 250 == 0) {
          time -= 3 * DAY_MILLIS; // late
        }
        String json;
        if (id % 1_000 == 501) {
          json = "{\"order_id\":" + id + ",\"amount\":";
          malformed++;
        } else {
          json =
              String.format(
                  Locale.ROOT,
                  "{\"order_id\":%d,\"customer_id\":%d,\"amount\":%.2f,\"quantity\":%d,"
                      + "\"status\":\"%s\",\"tags\":[\"web\",\"promo%d\"]}",
                  id,
                  1 + random.nextInt(customers),
                  5 + random.nextDouble() * 495,
                  1 + random.nextInt(5),
                  random.nextInt(20) == 0 ? "CANCELLED" : "PAID",
                  random.nextInt(3));
        }
        send(producer, ORDERS, "o" + id, json, time);
      }
      for (int id = 1; id <= clicks; id++) {
        long time = baseTimeMillis + id * 300L;
        if (id % 400 == 0) {
          time -= DAY_MILLIS;
        }
        String json;
        if (id % 1_000 == 999) {
          json = "not json at all";
          malformed++;
        } else {
          json =
              String.format(
                  Locale.ROOT,
                  "{\"click_id\":%d,\"customer_id\":%d,\"page\":\"%s\",\"duration_ms\":%d}",
                  id,
                  1 + random.nextInt(customers),
                  PAGES[random.nextInt(PAGES.length)],
                  random.nextInt(30_000));
        }
        send(producer, CLICKS, "k" + id, json, time);
      }
      producer.flush();
    }
    Exception sendFailure = failure.get();
    if (sendFailure != null) {
      throw new IllegalStateException(
          "could not write the demo records to "
              + bootstrapServers
              + ": "
              + sendFailure.getMessage(),
          sendFailure);
    }
    return new Summary(customers, orders, clicks, malformed);
  }

  private void send(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      String key,
      String value,
      long timestamp) {
    producer.send(
        new ProducerRecord<>(
            topic,
            null,
            timestamp,
            key.getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8)),
        (metadata, exception) -> {
          if (exception != null) {
            failure.compareAndSet(null, exception);
          }
        });
  }
}
