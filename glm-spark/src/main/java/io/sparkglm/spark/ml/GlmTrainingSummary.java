package io.sparkglm.spark.ml;

import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.spark.stats.GlmStatistics;
import io.sparkglm.spark.train.FitResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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
  public GlmStatistics statistics() {
    return result.statistics().orElseThrow();
  }

  /**
   * The coefficient table of {@link #statistics()} as a DataFrame of the active SparkSession: one row per
   * coefficient, {@code (Intercept)} first, columns name, estimate, stdError, statistic, pValue (NaN where R prints
   * NA or nothing: standard errors, statistics and p-values of penalized fits, aliased coefficients).
   */
  public Dataset<Row> coefficientTable() {
    List<Row> rows = new ArrayList<>();
    for (GlmStatistics.Coefficient c : statistics().coefficients()) {
      rows.add(RowFactory.create(c.name(), c.estimate(), c.stdError(), c.statistic(),
          c.pValue()));
    }
    StructType schema = new StructType()
        .add("name", DataTypes.StringType, false)
        .add("estimate", DataTypes.DoubleType, false)
        .add("stdError", DataTypes.DoubleType, false)
        .add("statistic", DataTypes.DoubleType, false)
        .add("pValue", DataTypes.DoubleType, false);
    return SparkSession.active().createDataFrame(rows, schema);
  }

  /** Feature names (from ML attribute metadata, else x1..xp). */
  public List<String> featureNames() {
    return featureNames;
  }
}
