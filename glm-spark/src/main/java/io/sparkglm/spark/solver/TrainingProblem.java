package io.sparkglm.spark.solver;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.DataTerm;
import org.apache.spark.api.java.JavaRDD;

/**
 * Everything a distributed solver may use: the cached blocks (for solvers that work per partition, such as
 * ADMM), the loss, the {@link FitSetup} (penalty, change of variables, start), and the data term in the
 * solver's variables (for solvers that only need full-data evaluations).
 *
 * @param blocks the cached training blocks
 * @param loss the pointwise loss
 * @param setup penalty, fixed coordinates, change of variables and start
 * @param data the data term in the solver's variables, evaluated with broadcast + treeAggregate
 * @param aggregationDepth treeAggregate depth
 * @param warmStart a start in the solver's variables (e.g. the previous solution on a regularization path), or
 *     {@code null} for the setup's default start
 */
public record TrainingProblem(JavaRDD<Block> blocks, GlmLoss loss, FitSetup setup, DataTerm data,
    int aggregationDepth, double[] warmStart) {

  /** A problem starting from the setup's default start. */
  public TrainingProblem(JavaRDD<Block> blocks, GlmLoss loss, FitSetup setup, DataTerm data,
      int aggregationDepth) {
    this(blocks, loss, setup, data, aggregationDepth, null);
  }
  /** The penalty in the solver's variables. */
  public Penalty penalty() {
    return setup.solverPenalty();
  }

  /**
   * The start in the solver's variables: the warm start when given (projected onto the coefficient bounds), else
   * the setup's default (a copy).
   */
  public double[] start() {
    if (warmStart == null) {
      return setup.startInSolverSpace();
    }
    double[] c = warmStart.clone();
    penalty().projectInPlace(c);
    return c;
  }

  /** Number of features p. */
  public int numFeatures() {
    return setup.stats().numFeatures();
  }
}
