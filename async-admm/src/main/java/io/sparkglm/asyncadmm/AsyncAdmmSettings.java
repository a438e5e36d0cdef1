package io.sparkglm.asyncadmm;

import io.sparkglm.spark.solver.SolverOptions;
import io.sparkglm.spark.solver.SolverProvider;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@code async-admm}.
 *
 * @param mode {@code single}: z is updated with every arriving local solution; {@code batched}: with all that
 *     arrived since the last update (Dask's {@code as_completed(...).batches()}), which degrades gracefully to
 *     synchronous ADMM when the driver is the bottleneck
 * @param inFlight single-partition tasks kept running; 0 means twice the cluster's task slots
 * @param maxStaleness K: every partition reports at least once per K consensus updates (z does not advance
 *     while a partition is K updates stale); 0 means 2N, which leaves room for asynchrony (with K below N the
 *     staleness-ordered schedule degenerates towards lock-step rounds)
 * @param evaluateEvery the objective and KKT violation of z are computed (one full pass) every this many
 *     consensus updates; 0 means N (the number of non-empty partitions)
 * @param budgetSeconds wall-clock budget, 0 for none
 * @param rho the initial penalty parameter; NaN means 1/N as in {@code admm}
 * @param adaptiveRho residual balancing once per N consensus updates, as {@code admm} does once per round:
 *     {@code rho *= tau} when {@code r > mu s}, {@code rho /= tau} when {@code s > mu r} (mu and tau those of
 *     {@code admm}), the scaled duals rescaled
 * @param absTol absolute residual tolerance (Boyd section 3.3.1); 0 disables the residual test
 * @param relTol relative residual tolerance
 * @param localMaxIter Newton steps per local update
 * @param localTol local optimality tolerance
 * @param slowPartition TEST HOOK: the partition whose tasks sleep {@code slowMillis} first (-1: none)
 * @param slowMillis TEST HOOK: the sleep
 * @param failPartition TEST HOOK: the partition whose asynchronous local updates throw (-1: none), to show that a
 *     permanently failing partition fails the fit with a clear error and leaves nothing running
 * @param hessianMetric the augmented Lagrangian's metric, as {@code admm}'s option {@code metric}
 *     ({@code hessian}, the default, or {@code identity}; {@link io.sparkglm.admm.Metric})
 * @param zDamping the z-update's proximal weight {@code gamma / (N rho)} (Zhang and Kwok 2014; {@link
 *     RunningConsensus}), default {@value #DEFAULT_Z_DAMPING}; 0 for none
 * @param metricRefresh as {@code admm}'s: the Hessian metric is rebuilt at z (in the evaluation pass) each time
 *     the KKT violation has fallen by this factor, and also when it has not within
 *     {@value #METRIC_STALL_ROUNDS} rounds
 */
record AsyncAdmmSettings(Mode mode, int inFlight, int maxStaleness, int evaluateEvery, double budgetSeconds,
    double rho, boolean adaptiveRho, double absTol, double relTol, int localMaxIter, double localTol, int slowPartition,
    long slowMillis, int failPartition, boolean hessianMetric, double zDamping, double metricRefresh) {

  /** How arriving results are folded into z. */
  enum Mode {
    /** One consensus update per arriving result. */
    SINGLE,
    /** One consensus update per batch of results that arrived together. */
    BATCHED
  }

  /**
   * Rounds (of N consensus updates) after which the Hessian metric is rebuilt at z even when the KKT violation has
   * not fallen by {@code metricRefresh} since it was built. In the metric of the start (binomial weights all 1/4)
   * the asynchronous iteration can crawl: on the breast-cancer lasso on 2 partitions the first 10x fall took 29 to
   * 53 rounds, the arrival order deciding, and one fit in four ended at the 100-round limit; in a metric at a
   * recent z it contracts fast again ({@code benchmarks/results/bench-admm-reference.md}, third pass).
   */
  static final int METRIC_STALL_ROUNDS = 10;

  /** Default of {@code zDamping}. */
  static final double DEFAULT_Z_DAMPING = 1.0;

  static final Set<String> OPTIONS = Set.of("mode", "inFlight", "maxStaleness", "evaluateEvery", "budgetSeconds",
      "rho", "adaptiveRho", "absTol", "relTol", "localMaxIter", "localTol", "slowPartition", "slowMillis", "failPartition",
      "metric", "zDamping", "metricRefresh");

  /** The options as the command line's help lists them (one per name of {@link #OPTIONS}). */
  static final java.util.List<SolverProvider.OptionDoc> DOCS = java.util.List.of(
      new SolverProvider.OptionDoc("mode", "single|batched", "batched", "single: z is updated with every arriving "
          + "local solution; batched: with all that arrived since the last update"),
      new SolverProvider.OptionDoc("inFlight", "integer >= 0", "0", "single-partition tasks kept running; 0: twice "
          + "the cluster's task slots"),
      new SolverProvider.OptionDoc("maxStaleness", "integer >= 0", "0", "K: every partition reports at least once "
          + "per K consensus updates; 0: 2N (N: non-empty partitions)"),
      new SolverProvider.OptionDoc("evaluateEvery", "integer >= 0", "0", "consensus updates between full-data "
          + "objective and KKT evaluations; 0: N"),
      new SolverProvider.OptionDoc("budgetSeconds", "number >= 0", "0", "wall-clock budget; 0: none"),
      new SolverProvider.OptionDoc("rho", "number > 0", "1/N", "the initial penalty parameter"),
      new SolverProvider.OptionDoc("adaptiveRho", "true|false", "true", "residual balancing once per N consensus "
          + "updates, as admm does once per round"),
      new SolverProvider.OptionDoc("absTol", "number >= 0", "0", "absolute residual tolerance; 0 with relTol 0: "
          + "the residual test is off"),
      new SolverProvider.OptionDoc("relTol", "number >= 0", "0", "relative residual tolerance"),
      new SolverProvider.OptionDoc("localMaxIter", "integer >= 1", "20", "Newton steps per local update"),
      new SolverProvider.OptionDoc("localTol", "number > 0", "1e-10", "local optimality tolerance, tightened to a "
          + "tenth of the current KKT violation"),
      new SolverProvider.OptionDoc("metric", "hessian|identity", "hessian", "as admm's metric"),
      new SolverProvider.OptionDoc("metricRefresh", "number in (0, 1)",
          "" + io.sparkglm.admm.AdmmSettings.DEFAULT_METRIC_REFRESH, "the Hessian metric is rebuilt at z each time "
          + "the KKT violation has fallen by this factor, or has not in " + METRIC_STALL_ROUNDS + " rounds"),
      new SolverProvider.OptionDoc("zDamping", "number >= 0", "" + DEFAULT_Z_DAMPING, "the z-update's proximal "
          + "weight gamma/(N rho) against stale reports (Zhang and Kwok 2014); 0: none"),
      new SolverProvider.OptionDoc("slowPartition", "integer", "-1", "test hook: a partition whose tasks sleep "
          + "slowMillis first (-1: none)"),
      new SolverProvider.OptionDoc("slowMillis", "integer >= 0", "0", "test hook: the sleep"),
      new SolverProvider.OptionDoc("failPartition", "integer", "-1", "test hook: a partition whose local updates "
          + "throw (-1: none)"));

  AsyncAdmmSettings {
    if (inFlight < 0 || maxStaleness < 0 || evaluateEvery < 0 || !(budgetSeconds >= 0) || localMaxIter < 1) {
      throw new IllegalArgumentException("async-admm: inFlight >= 0, maxStaleness >= 0, evaluateEvery >= 0, "
          + "budgetSeconds >= 0 and localMaxIter >= 1 are required; got inFlight=" + inFlight + ", maxStaleness="
          + maxStaleness + ", evaluateEvery=" + evaluateEvery + ", budgetSeconds=" + budgetSeconds
          + ", localMaxIter=" + localMaxIter);
    }
    if (!(zDamping >= 0) || Double.isInfinite(zDamping)) {
      throw new IllegalArgumentException("async-admm option zDamping must be >= 0, got " + zDamping);
    }
    if (!Double.isNaN(rho) && !(rho > 0)) {
      throw new IllegalArgumentException("async-admm option rho must be > 0, got " + rho);
    }
    io.sparkglm.admm.AdmmSettings.checkMetricRefresh("async-admm", metricRefresh);
  }

  static AsyncAdmmSettings parse(Map<String, String> o) {
    String m = o.getOrDefault("mode", "batched");
    Mode mode;
    if (m.equals("single")) {
      mode = Mode.SINGLE;
    } else if (m.equals("batched")) {
      mode = Mode.BATCHED;
    } else {
      throw new IllegalArgumentException("async-admm option mode must be single or batched, got '" + m + "'");
    }
    return new AsyncAdmmSettings(mode, (int) num(o, "inFlight", 0), (int) num(o, "maxStaleness", 0),
        (int) num(o, "evaluateEvery", 0), num(o, "budgetSeconds", 0), num(o, "rho", Double.NaN),
        SolverOptions.bool("async-admm", o, "adaptiveRho", true),
        num(o, "absTol", 0.0), num(o, "relTol", 0.0), (int) num(o, "localMaxIter", 20), num(o, "localTol", 1e-10),
        (int) num(o, "slowPartition", -1), (long) num(o, "slowMillis", 0), (int) num(o, "failPartition", -1),
        io.sparkglm.admm.AdmmSettings.hessianMetric("async-admm", o), num(o, "zDamping", DEFAULT_Z_DAMPING),
        num(o, "metricRefresh", io.sparkglm.admm.AdmmSettings.DEFAULT_METRIC_REFRESH));
  }

  private static double num(Map<String, String> o, String key, double fallback) {
    return SolverOptions.number("async-admm", o, key, fallback);
  }
}
