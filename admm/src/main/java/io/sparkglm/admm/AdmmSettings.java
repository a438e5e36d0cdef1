package io.sparkglm.admm;

import io.sparkglm.spark.solver.SolverOptions;
import io.sparkglm.spark.solver.SolverProvider;
import java.util.Map;
import java.util.Set;

/**
 * Options of the {@code admm} solver (Boyd et al. 2011, sections 3.3, 3.4 and 7.1).
 *
 * @param rho initial penalty parameter; {@code NaN} means {@code 1/N} for N non-empty partitions (each local
 *     term carries about 1/N of the normalized data term, whose curvature is of order 1 in the solver's
 *     standardized variables)
 * @param overRelaxation {@code alpha} in [1, 1.8]; default 1.5. On an unpenalized quadratic, one partition, in its
 *     Hessian metric with {@code rho = 1}, the iteration contracts by {@code 1 - alpha/2} per round, and 1.8 saved a
 *     quarter of the iterations on most reference problems, but stalled binom_sparse on 8 partitions near its
 *     tolerance (74-132 iterations instead of 36-64; {@code benchmarks/results/bench-admm-reference.md})
 * @param absTol absolute tolerance of the primal/dual residual test (Boyd section 3.3.1); default 0 with
 *     {@code relTol} 0: the test is off and the fit stops on the KKT certificate ({@code --tol}), which the residual
 *     test does not bound
 * @param relTol relative tolerance of the primal/dual residual test
 * @param rhoRule how rho adapts (option {@code adaptiveRho}): {@link RhoRule#SPECTRAL} ({@code spectral}, the
 *     default, {@link #DEFAULT_RHO_RULE}), {@link RhoRule#BALANCING} ({@code true}) or {@link RhoRule#FIXED}
 *     ({@code false}); the scaled duals {@code u} are rescaled at every change
 * @param mu residual-balancing ratio
 * @param tau residual-balancing factor
 * @param localMaxIter Newton steps per local update (non-quadratic families)
 * @param localTol optimality tolerance of a local update
 * @param slowPartition TEST/BENCHMARK HOOK: the partition whose local updates first sleep {@code slowMillis}
 *     (a straggler); -1 for none
 * @param slowMillis the straggler's sleep per local update
 * @param hessianMetric the augmented Lagrangian's metric ({@link Metric}): {@code true} (option
 *     {@code metric=hessian}, the default) for the data term's Hessian at the start, gathered in the first job,
 *     when p is at most {@value io.sparkglm.core.solver.NewtonSolver#DEFAULT_MAX_FEATURES}; {@code false}
 *     ({@code metric=identity}) for plain ADMM
 * @param metricRefresh the Hessian metric is rebuilt at z each time the KKT violation has fallen by this factor
 *     since it was built (in (0, 1); {@link #DEFAULT_METRIC_REFRESH})
 * @param nesterov option {@code acceleration=nesterov}: fast ADMM with restart (Goldstein et al. 2014) on the
 *     consensus and the duals ({@link Consensus}); {@code acceleration=none}, the default, for none
 */
public record AdmmSettings(double rho, double overRelaxation, double absTol, double relTol, RhoRule rhoRule,
    double mu, double tau, int localMaxIter, double localTol, int slowPartition, long slowMillis,
    boolean hessianMetric, double metricRefresh, boolean nesterov) {
  /** How rho adapts between rounds. */
  public enum RhoRule {
    /** rho stays (option {@code adaptiveRho=false}). */
    FIXED,
    /**
     * Residual balancing (Boyd et al. 2011, eq. 3.13; {@code adaptiveRho=true}): {@code rho *= tau} when
     * {@code r > mu s}, {@code rho /= tau} when {@code s > mu r}.
     */
    BALANCING,
    /** Spectral penalty selection (AADMM, Xu et al. 2017; {@code adaptiveRho=spectral}): {@link SpectralPenalty}. */
    SPECTRAL
  }

  /**
   * Default rho rule: spectral (AADMM). On the 35 reference problems on 1, 3 and 8 partitions (Hessian metric,
   * over-relaxation 1.5) it took 1813 iterations against residual balancing's 2086, every fit converged, at most
   * 39 iterations per fit (balancing 45), the worst slowdown 19 to 24 iterations
   * ({@code benchmarks/results/bench-admm-reference.md}, third pass).
   */
  public static final RhoRule DEFAULT_RHO_RULE = RhoRule.SPECTRAL;

  static final double DEFAULT_OVER_RELAXATION = 1.5;
  static final double DEFAULT_ABS_TOL = 0.0;
  static final double DEFAULT_REL_TOL = 0.0;
  /** Residual balancing's ratio mu (Boyd et al. 2011, eq. 3.13). */
  public static final double DEFAULT_MU = 10;
  /** Residual balancing's factor tau. */
  public static final double DEFAULT_TAU = 2;
  static final int DEFAULT_LOCAL_MAX_ITER = 20;
  static final double DEFAULT_LOCAL_TOL = 1e-10;
  /**
   * Default of {@code metricRefresh}: the metric is rebuilt each time the KKT violation falls 10x. The Hessian at
   * the start can be far from the one at the optimum (binomial weights mu(1-mu) move), and the closer the metric
   * is to it the faster the iteration contracts; each rebuild costs one Hessian pass in the round's job and a
   * factorization per partition.
   */
  public static final double DEFAULT_METRIC_REFRESH = 0.1;

  /** Option names accepted from the command line / Params. */
  public static final Set<String> OPTIONS = Set.of("rho", "overRelaxation", "absTol", "relTol", "adaptiveRho",
      "localMaxIter", "localTol", "slowPartition", "slowMillis", "metric", "metricRefresh", "acceleration");

  /** The options as the command line's help lists them (one per name of {@link #OPTIONS}). */
  static final java.util.List<SolverProvider.OptionDoc> DOCS = java.util.List.of(
      new SolverProvider.OptionDoc("rho", "number > 0", "1/N", "the initial penalty parameter (N: non-empty "
          + "partitions)"),
      new SolverProvider.OptionDoc("overRelaxation", "number in [1, 1.8]", "" + DEFAULT_OVER_RELAXATION,
          "over-relaxation alpha (Boyd et al. 2011, section 3.4.3)"),
      new SolverProvider.OptionDoc("absTol", "number >= 0", "0", "absolute tolerance of the primal/dual residual "
          + "test; 0 with relTol 0: off, the fit stops on the KKT certificate (--tol)"),
      new SolverProvider.OptionDoc("relTol", "number >= 0", "0", "relative tolerance of the residual test"),
      new SolverProvider.OptionDoc("adaptiveRho", "spectral|true|false", "spectral", "spectral: spectral penalty "
          + "selection (AADMM, Xu et al. 2017) every " + SpectralPenalty.UPDATE_EVERY + " iterations; true: "
          + "residual balancing, rho times or over " + DEFAULT_TAU + " when one residual exceeds " + DEFAULT_MU
          + " times the other; false: rho fixed"),
      new SolverProvider.OptionDoc("localMaxIter", "integer >= 1", "" + DEFAULT_LOCAL_MAX_ITER,
          "Newton steps per local update (non-quadratic families)"),
      new SolverProvider.OptionDoc("localTol", "number > 0", "" + DEFAULT_LOCAL_TOL,
          "optimality tolerance of a local update, tightened to a tenth of the current KKT violation"),
      new SolverProvider.OptionDoc("metric", "hessian|identity", "hessian", "the augmented Lagrangian's metric: "
          + "the data term's Hessian (rebuilt at z when the KKT violation falls by metricRefresh; p <= 2000), or "
          + "plain ADMM"),
      metricRefreshDoc(),
      new SolverProvider.OptionDoc("acceleration", "none|nesterov", "none", "nesterov: fast ADMM with restart "
          + "(Goldstein et al. 2014) on z and the duals"),
      new SolverProvider.OptionDoc("slowPartition", "integer", "-1", "test hook: a partition whose local updates "
          + "sleep slowMillis (-1: none)"),
      new SolverProvider.OptionDoc("slowMillis", "integer >= 0", "0", "test hook: the straggler's sleep per local "
          + "update"));

  /** Validates the settings. */
  public AdmmSettings {
    if (!Double.isNaN(rho) && !(rho > 0 && Double.isFinite(rho))) {
      throw new IllegalArgumentException("admm option rho must be > 0, got " + rho);
    }
    if (!(overRelaxation >= 1 && overRelaxation <= 1.8)) {
      throw new IllegalArgumentException("admm option overRelaxation must be in [1, 1.8], got " + overRelaxation);
    }
    if (!(absTol >= 0) || !(relTol >= 0)) {
      throw new IllegalArgumentException("admm tolerances must be >= 0, got absTol=" + absTol + ", relTol="
          + relTol);
    }
    if (localMaxIter < 1) {
      throw new IllegalArgumentException("admm option localMaxIter must be >= 1, got " + localMaxIter);
    }
    checkMetricRefresh("admm", metricRefresh);
    java.util.Objects.requireNonNull(rhoRule, "admm rhoRule");
  }

  /** Parses options (names in {@link #OPTIONS}), defaults for the rest. */
  public static AdmmSettings parse(Map<String, String> options) {
    return new AdmmSettings(number(options, "rho", Double.NaN),
        number(options, "overRelaxation", DEFAULT_OVER_RELAXATION), number(options, "absTol", DEFAULT_ABS_TOL),
        number(options, "relTol", DEFAULT_REL_TOL), rhoRule(options), DEFAULT_MU, DEFAULT_TAU,
        (int) number(options, "localMaxIter", DEFAULT_LOCAL_MAX_ITER), number(options, "localTol",
            DEFAULT_LOCAL_TOL), (int) number(options, "slowPartition", -1), (long) number(options, "slowMillis", 0),
        hessianMetric("admm", options), number(options, "metricRefresh", DEFAULT_METRIC_REFRESH),
        nesterov(options));
  }

  private static RhoRule rhoRule(Map<String, String> options) {
    String a = options.get("adaptiveRho");
    if (a == null) {
      return DEFAULT_RHO_RULE;
    }
    return switch (a) {
      case "true" -> RhoRule.BALANCING;
      case "false" -> RhoRule.FIXED;
      case "spectral" -> RhoRule.SPECTRAL;
      default -> throw new IllegalArgumentException("admm option adaptiveRho must be true, false or spectral, got '"
          + a + "'");
    };
  }

  private static boolean nesterov(Map<String, String> options) {
    String a = options.getOrDefault("acceleration", "none");
    if (!a.equals("none") && !a.equals("nesterov")) {
      throw new IllegalArgumentException("admm option acceleration must be none or nesterov, got '" + a + "'");
    }
    return a.equals("nesterov");
  }

  /** The documentation of option {@code metricRefresh} (shared with the asynchronous solver). */
  public static SolverProvider.OptionDoc metricRefreshDoc() {
    return new SolverProvider.OptionDoc("metricRefresh", "number in (0, 1)", "" + DEFAULT_METRIC_REFRESH,
        "the Hessian metric is rebuilt at z each time the KKT violation has fallen by this factor");
  }

  /** Validates option {@code metricRefresh} of {@code solver}. */
  public static void checkMetricRefresh(String solver, double metricRefresh) {
    if (!(metricRefresh > 0 && metricRefresh < 1)) {
      throw new IllegalArgumentException(solver + " option metricRefresh must be in (0, 1), got " + metricRefresh);
    }
  }

  /**
   * The local updates' tolerance for the next round (inexact ADMM, as exact as the outer iteration needs): the
   * option {@code localTol} while the KKT violation of z is above ten times it, then a tenth of that violation,
   * never below a tenth of the stopping tolerance. A fixed local tolerance leaves the fixed point that far from
   * the optimum: the outer iteration stalls at a KKT violation of about {@code localTol}.
   *
   * @param kkt the latest KKT violation of z (NaN before the first)
   */
  public static double localTolerance(double localTol, double stopTolerance, double kkt) {
    if (!(kkt >= 0)) {
      return localTol;
    }
    return Math.min(localTol, Math.max(0.1 * stopTolerance, 0.1 * kkt));
  }

  /** Parses option {@code metric} ({@code hessian}, the default, or {@code identity}) for {@code solver}. */
  public static boolean hessianMetric(String solver, Map<String, String> options) {
    String m = options.getOrDefault("metric", "hessian");
    if (!m.equals("hessian") && !m.equals("identity")) {
      throw new IllegalArgumentException(solver + " option metric must be hessian or identity, got '" + m + "'");
    }
    return m.equals("hessian");
  }

  private static double number(Map<String, String> options, String key, double fallback) {
    return SolverOptions.number("admm", options, key, fallback);
  }
}
