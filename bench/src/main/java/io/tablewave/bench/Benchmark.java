package io.tablewave.bench;

/**
 * One whole-system benchmark: starts what it needs, measures Tablewave beside a baseline, reports
 * ratios.
 */
interface Benchmark {
  /** The name used on the command line and for the results file. */
  String name();

  Report run(Scale scale) throws Exception;
}
