package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.spark.solver.SolverOptions;
import io.sparkglm.spark.solver.SolverProvider.OptionDoc;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Options of {@code downpour-sgd}: those it shares with the other stochastic solvers ({@link StochasticSettings}:
 * learning rate and schedule, averaging, epochs, evaluations, seed, rows per local step) and its own.
 *
 * @param common the shared options
 * @param nFetch local steps per task: a replica fetches the parameters when its task starts and runs this many
 *     mini-batch steps on its partition before the task ends (DistBelief's {@code n_fetch})
 * @param nPush local steps between pushes: the task returns its accrued gradient every this many steps, each a
 *     separate update at the parameter server (DistBelief's {@code n_push}); divides into {@code nFetch} (the
 *     last push takes the remainder)
 * @param adagrad per-coordinate learning rates at the server, {@code learningRate / sqrt(sum of squared pushed
 *     gradients)} (Duchi et al. 2011, as DistBelief used it); false (the default): {@code learningRate *
 *     schedule(epochs)}
 * @param inFlight tasks kept running; 0 means twice the cluster's task slots (at most one per partition)
 * @param maxStaleness K: no push is applied more than K server updates after its task fetched the parameters;
 *     0 means {@code 2 * partitions * ceil(nFetch / nPush)}
 * @param slowPartition TEST HOOK: the partition whose tasks sleep {@code slowMillis} first (-1: none), a straggler
 * @param slowMillis TEST HOOK: the sleep
 */
record DownpourSettings(StochasticSettings common, int nFetch, int nPush, boolean adagrad, int inFlight,
    int maxStaleness, int slowPartition, long slowMillis) implements Serializable {

  /** Default local steps per task. */
  static final int DEFAULT_N_FETCH = 10;
  /** Default rows per local step. */
  static final int DEFAULT_BATCH = 64;
  /** Default Adagrad base rate (a distance in the standardized coordinates). */
  static final double DEFAULT_ADAGRAD_RATE = 0.03;

  private static final Set<String> COMMON = Set.of("learningRate", "rateSchedule", "rateDecay", "ratePeriod",
      "averaging", "epochs", "evaluateEvery", "seed", "lipschitzRows", "localBatchSize");
  private static final Set<String> OWN = Set.of("nFetch", "nPush", "adagrad", "inFlight", "maxStaleness",
      "slowPartition", "slowMillis");
  /** Every option of {@code downpour-sgd}. */
  static final Set<String> OPTIONS;

  static {
    Set<String> all = new TreeSet<>(COMMON);
    all.addAll(OWN);
    OPTIONS = java.util.Collections.unmodifiableSet(all);
  }

  DownpourSettings {
    if (nFetch < 1 || nPush < 1 || nPush > nFetch) {
      throw new IllegalArgumentException("downpour-sgd options nFetch and nPush must be integers with 1 <= nPush <= "
          + "nFetch, got nFetch=" + nFetch + ", nPush=" + nPush);
    }
    if (inFlight < 0 || maxStaleness < 0) {
      throw new IllegalArgumentException("downpour-sgd options inFlight and maxStaleness must be >= 0 (0: the "
          + "default), got inFlight=" + inFlight + ", maxStaleness=" + maxStaleness);
    }
  }

  /** Pushes per task. */
  int pushesPerTask() {
    return (nFetch + nPush - 1) / nPush;
  }

  /** Parses the options; the shared ones as {@link StochasticSettings#parse} with this solver's defaults. */
  static DownpourSettings parse(Map<String, String> o) {
    Map<String, String> common = new HashMap<>();
    for (String k : COMMON) {
      if (o.containsKey(k)) {
        common.put(k, o.get(k));
      }
    }
    common.putIfAbsent("localBatchSize", "" + DEFAULT_BATCH);
    boolean adagrad = SolverOptions.bool("downpour-sgd", o, "adagrad", false);
    if (adagrad) {
      common.putIfAbsent("learningRate", "" + DEFAULT_ADAGRAD_RATE);
    }
    StochasticSettings s = StochasticSettings.parse("downpour-sgd", common);
    int nFetch = integer(o, "nFetch", DEFAULT_N_FETCH);
    return new DownpourSettings(s, nFetch, integer(o, "nPush", 1), adagrad, integer(o, "inFlight", 0),
        integer(o, "maxStaleness", 0), integer(o, "slowPartition", -1), integer(o, "slowMillis", 0));
  }

  private static int integer(Map<String, String> o, String key, int fallback) {
    double v = SolverOptions.number("downpour-sgd", o, key, fallback);
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("downpour-sgd option " + key + " must be an integer, got '" + o.get(key)
          + "'");
    }
    return (int) v;
  }

  /** The help's entries for the options of {@link #OWN}. */
  static List<OptionDoc> ownDocs() {
    return List.of(
        new OptionDoc("nFetch", "integer >= 1", "" + DEFAULT_N_FETCH, "local steps per task: a replica fetches the "
            + "parameters when its task starts (DistBelief's n_fetch)"),
        new OptionDoc("nPush", "integer in [1, nFetch]", "1", "local steps between pushes of the accrued "
            + "gradient, each one update at the parameter server (n_push)"),
        new OptionDoc("adagrad", "true|false", "false", "per-coordinate Adagrad rates at the server (as DistBelief), "
            + "learningRate / sqrt(sum of squared pushes); false: learningRate * rateSchedule"),
        new OptionDoc("inFlight", "integer >= 0", "0", "tasks kept running; 0: twice the task slots (at most one "
            + "per partition)"),
        new OptionDoc("maxStaleness", "integer >= 0", "0", "K: no push is applied more than K server updates "
            + "after its fetch; 0: 2 * partitions * pushes per task"),
        new OptionDoc("slowPartition", "integer", "-1", "test hook: a straggler partition whose tasks sleep "
            + "slowMillis first (-1: none)"),
        new OptionDoc("slowMillis", "integer >= 0", "0", "test hook: the sleep"));
  }
}
