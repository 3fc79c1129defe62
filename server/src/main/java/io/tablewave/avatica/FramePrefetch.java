package io.tablewave.avatica;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads that read the next frame of a store query while the client takes the one before
 * ({@link PrefetchingCursor}): the store's reading then runs beside the writing, sending and
 * decoding of the frame before, on another core.
 */
public final class FramePrefetch implements AutoCloseable {
  private final ExecutorService threads;

  /**
   * @param threads how many frames are read ahead at once; a cursor whose read has not started when
   *     its client asks reads the frame itself
   */
  public FramePrefetch(int threads) {
    this.threads =
        Executors.newFixedThreadPool(
            threads,
            new ThreadFactoryBuilder()
                .setNameFormat("tablewave-prefetch-%d")
                .setDaemon(true)
                .build());
  }

  ResultCursor readingAhead(ResultCursor cursor) {
    return new PrefetchingCursor(cursor, threads);
  }

  /** Stops the threads; a read under way ends with its store statement, closed by its cursor. */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
