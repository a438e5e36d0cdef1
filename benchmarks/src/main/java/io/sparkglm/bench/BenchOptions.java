package io.sparkglm.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's settings, parsed once from {@code scripts/bench}'s flags.
 *
 * @param quick quick mode (tiny data, one run, lower iteration limits)
 * @param scale multiplies every dataset's n
 * @param datasets dataset names, in order
 * @param problems problem names ({@code L2}, {@code L1}, {@code EN})
 * @param out output directory
 * @param runs timed runs per contestant, the median reported (default 3, quick 1)
 * @param partitions partitions of the cached data (0: Spark's default parallelism)
 * @param firstOrderMaxIter iteration limit of proxgrad and gd (default 200, quick 100)
 * @param lbfgsMaxIter iteration limit of sparkglm lbfgs and of MLlib's iterative solvers (default 300, quick 100)
 * @param ablationDataset the dataset the ablation runs on (L2 gradient evaluations), or empty for none
 * @param ablationEvaluations timed evaluations per ablation variant
 */
public record BenchOptions(boolean quick, double scale, List<String> datasets, List<String> problems, String out,
    int runs, int partitions, int firstOrderMaxIter, int lbfgsMaxIter, String ablationDataset,
    int ablationEvaluations) {
  /** Scale of {@code --quick} unless {@code --scale} is given. */
  public static final double QUICK_SCALE = 0.01;
  /** The usage line. */
  public static final String USAGE = "bench [--quick] [--scale F] [--datasets a,b] [--problems L2,L1,EN] "
      + "[--runs R] [--partitions K] [--first-order-max-iter N] [--lbfgs-max-iter N] [--ablation NAME|none] "
      + "[--out DIR]";

  /** Validates the fields. */
  public BenchOptions {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("--scale must be > 0, got " + scale);
    }
    for (String d : datasets) {
      if (!SyntheticData.NAMES.contains(d)) {
        throw new IllegalArgumentException("unknown dataset '" + d + "'; known: " + SyntheticData.NAMES);
      }
    }
    for (String p : problems) {
      if (!List.of("L2", "L1", "EN").contains(p)) {
        throw new IllegalArgumentException("unknown problem '" + p + "'; known: L2, L1, EN");
      }
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
    }
  }

  /** Parses the command line (see {@link #USAGE}). */
  public static BenchOptions parse(String[] args) {
    boolean quick = false;
    Double scale = null;
    Integer runs = null;
    Integer firstOrder = null;
    Integer lbfgs = null;
    List<String> datasets = SyntheticData.NAMES;
    List<String> problems = List.of("L2", "L1", "EN");
    String out = "bench-out";
    String ablation = "wide";
    int partitions = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--quick")) {
        quick = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown flag or missing value: " + a + "; usage: " + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--scale" -> scale = Double.parseDouble(v);
        case "--datasets" -> datasets = List.of(v.split(","));
        case "--problems" -> problems = List.of(v.split(","));
        case "--out" -> out = v;
        case "--runs" -> runs = Integer.parseInt(v);
        case "--partitions" -> partitions = Integer.parseInt(v);
        case "--first-order-max-iter" -> firstOrder = Integer.parseInt(v);
        case "--lbfgs-max-iter" -> lbfgs = Integer.parseInt(v);
        case "--ablation" -> ablation = v.equals("none") ? "" : v;
        default -> throw new IllegalArgumentException("unknown flag " + a + "; usage: " + USAGE);
      }
    }
    return new BenchOptions(quick, scale != null ? scale : quick ? QUICK_SCALE : 1.0, new ArrayList<>(datasets),
        new ArrayList<>(problems), out, runs != null ? runs : quick ? 1 : 3, partitions,
        firstOrder != null ? firstOrder : quick ? 100 : 200, lbfgs != null ? lbfgs : quick ? 100 : 300, ablation,
        quick ? 2 : 10);
  }
}
