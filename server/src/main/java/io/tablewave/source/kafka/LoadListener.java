package io.tablewave.source.kafka;

/** Hears how far a load has got; called on the loading thread a few times a second at most. */
@FunctionalInterface
public interface LoadListener {
  LoadListener NONE = rowsLoaded -> {};

  void onProgress(long rowsLoaded);
}
