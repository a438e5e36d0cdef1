package io.sparkglm.spark.ml;

import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.spark.train.FitResult;
import java.io.Serializable;
import java.util.List;

/**
 * What the fit of a {@link GlmRegressionModel} reported: solver, convergence, passes, the objective history
 * and the optimality certificate. Not persisted with the model (as in spark.ml).
 */
public final class GlmTrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;
  private final transient FitResult result;
  private final List<String> featureNames;

  GlmTrainingSummary(FitResult result, List<String> featureNames) {
    this.result = result;
    this.featureNames = List.copyOf(featureNames);
  }

  /** The full fit result. */
  public FitResult result() {
    return result;
  }

  /** The solver that ran. */
  public String solver() {
    return result.solver();
  }

  /** Whether the solver converged. */
  public boolean converged() {
    return result.converged();
  }

  /**
   * How the fit ended: {@code CONVERGED}, {@code MAX_ITERATIONS}, {@code LINE_SEARCH_FAILED}, {@code TIME_BUDGET},
   * {@code NOT_FINITE}, {@code STALLED} or {@code SEPARATED} (see {@link io.sparkglm.core.solver.Status}).
   */
  public String status() {
    return result.status().name();
  }

  /** What a statistician would warn about (aliased columns, separation...), as {@code code: message} lines. */
  public List<String> warnings() {
    return result.warnings().stream().map(w -> w.code() + ": " + w.message()).toList();
  }

  /** The KKT violation relative to the one at the intercept-only start (scale-free). */
  public double relativeKkt() {
    return result.relativeKkt();
  }

  /** Iterations done. */
  public int iterations() {
    return result.iterations();
  }

  /** Data passes used by the solver. */
  public long passes() {
    return result.passes();
  }

  /** The objective at the solution. */
  public double objective() {
    return result.objective();
  }

  /** The KKT violation at the solution (the optimality certificate). */
  public double kktViolation() {
    return result.kktViolation();
  }

  /** Objective after each iteration. */
  public double[] objectiveHistory() {
    return result.history().stream().mapToDouble(IterationRecord::objective).toArray();
  }

  /**
   * R-style statistics: deviance, null deviance, residual df, dispersion, AIC, and the coefficient table with
   * standard errors, z/t values and p-values (those three NaN for penalized fits).
   */
  public io.sparkglm.spark.stats.GlmStatistics statistics() {
    return result.statistics().orElseThrow();
  }

  /** Feature names (from ML attribute metadata, else x1..xp). */
  public List<String> featureNames() {
    return featureNames;
  }
}
