package io.tablewave.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A generated batch: for each table, the tables of the batch it reads (earlier indexes only), the
 * rows it reads from a registered table outside the batch, and how long its load takes.
 *
 * @param name the shape, for reports
 * @param reads for each table, the indexes of the tables it reads
 * @param millis for each table, its load time
 * @param sourceRows for each table, the rows of the registered table it also reads (0: none); the
 *     planner sees these row counts, never the load times
 */
record Dag(String name, List<Set<Integer>> reads, double[] millis, long[] sourceRows) {

  Dag(String name, List<Set<Integer>> reads, double[] millis) {
    this(name, reads, millis, new long[reads.size()]);
  }

  /**
   * Load times that follow the rows read: each table reads its own registered source and what its
   * batch inputs produce; each produces a random share (5% to 100%) of what it reads. The mean load
   * takes {@code meanMillis}.
   */
  static Dag sized(
      String name, List<Set<Integer>> reads, long[] sourceRows, double meanMillis, long seed) {
    Random random = new Random(seed);
    int size = reads.size();
    double[] rowsRead = new double[size];
    double[] produced = new double[size];
    double total = 0;
    for (int i = 0; i < size; i++) {
      rowsRead[i] = sourceRows[i];
      for (int read : reads.get(i)) {
        rowsRead[i] += produced[read];
      }
      produced[i] = rowsRead[i] * (0.05 + 0.95 * random.nextDouble());
      total += rowsRead[i];
    }
    double[] millis = new double[size];
    for (int i = 0; i < size; i++) {
      millis[i] = rowsRead[i] / total * size * meanMillis;
    }
    return new Dag(name, reads, millis, sourceRows);
  }

  int size() {
    return reads.size();
  }

  double totalWork() {
    double total = 0;
    for (double m : millis) {
      total += m;
    }
    return total;
  }

  /** The longest chain of loads, by time: no schedule can be shorter. */
  double criticalPath() {
    double[] finish = new double[size()];
    double longest = 0;
    for (int i = 0; i < size(); i++) {
      double start = 0;
      for (int read : reads.get(i)) {
        start = Math.max(start, finish[read]);
      }
      finish[i] = start + millis[i];
      longest = Math.max(longest, finish[i]);
    }
    return longest;
  }

  double lowerBound(int workers) {
    return Math.max(criticalPath(), totalWork() / workers);
  }

  static Dag chain(int length, double millis) {
    List<Set<Integer>> reads = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      reads.add(i == 0 ? Set.of() : Set.of(i - 1));
    }
    return new Dag("chain of " + length, reads, uniform(length, millis));
  }

  static Dag wide(int width, double millis) {
    List<Set<Integer>> reads = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      reads.add(Set.of());
    }
    return new Dag("wide, " + width + " independent", reads, uniform(width, millis));
  }

  /** Levels of {@code width} tables, each reading two tables of the level before. */
  static List<Set<Integer>> lattice(int levels, int width) {
    List<Set<Integer>> reads = new ArrayList<>();
    for (int level = 0; level < levels; level++) {
      for (int i = 0; i < width; i++) {
        if (level == 0) {
          reads.add(Set.of());
        } else {
          int previous = (level - 1) * width;
          reads.add(Set.of(previous + i, previous + (i + 1) % width));
        }
      }
    }
    return reads;
  }

  /** Each table reads up to three random earlier tables; a fifth of the tables have none. */
  static List<Set<Integer>> random(int size, long seed) {
    Random random = new Random(seed);
    List<Set<Integer>> reads = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Set<Integer> mine = new TreeSet<>();
      if (i > 0 && random.nextInt(5) != 0) {
        int count = 1 + random.nextInt(3);
        for (int r = 0; r < count; r++) {
          mine.add(random.nextInt(i));
        }
      }
      reads.add(mine);
    }
    return reads;
  }

  static double[] uniform(int size, double millis) {
    double[] all = new double[size];
    java.util.Arrays.fill(all, millis);
    return all;
  }

  /**
   * Most tables small, a few large: Pareto-distributed row counts (shape 1.2) from 10,000 to 400
   * times that.
   */
  static long[] skewedRows(int size, long seed) {
    Random random = new Random(seed);
    long[] rows = new long[size];
    for (int i = 0; i < size; i++) {
      double pareto = 10_000 / Math.pow(1 - random.nextDouble(), 1 / 1.2);
      rows[i] = (long) Math.min(pareto, 10_000 * 400.0);
    }
    return rows;
  }
}
