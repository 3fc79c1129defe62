package io.tablewave.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code --demo} starts: the single-node broker, with the sample topics written. The server
 * reaches this class by name, from this module's jar, so that the broker stays out of its own
 * classpath.
 */
public final class DemoKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoKafka.class);

  /** The same demo data on every start, so the README's tour shows the same figures. */
  private static final long SEED = 20261123L;

  private final EmbeddedKafka broker;

  private DemoKafka(EmbeddedKafka broker) {
    this.broker = broker;
  }

  /** Starts the broker on {@code port} (a free one when 0) and writes the demo topics. */
  public static DemoKafka start(int port) {
    EmbeddedKafka broker = EmbeddedKafka.start(port);
    try {
      DemoData.Summary summary =
          DemoData.endingBefore(broker.bootstrapServers(), SEED, System.currentTimeMillis())
              .write();
      LOG.info(
          "demo Kafka broker on {} with topics customers ({} records), orders ({}), clicks ({}); {} records"
              + " are malformed on purpose",
          broker.bootstrapServers(),
          summary.customers(),
          summary.orders(),
          summary.clicks(),
          summary.malformed());
      return new DemoKafka(broker);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void close() {
    broker.close();
  }
}
