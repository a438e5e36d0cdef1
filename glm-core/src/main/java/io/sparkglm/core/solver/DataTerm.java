package io.sparkglm.core.solver;

import io.sparkglm.core.kernel.Order;

/**
 * The smooth data term {@code D(b) = (1/sum w) sum_i w_i l(y_i, eta_i)} of a GLM objective, wherever its data
 * lives: in local blocks ({@link LocalDataTerm}) or in a Spark RDD (glm-spark). Solvers see only this.
 *
 * <p>Coefficient vectors have length {@link #dimension()} = {@code p + 1}, intercept last. One call to
 * {@link #evaluate} is one pass over the data; {@link #passes()} counts them.
 */
public interface DataTerm {
  /** {@code p + 1}. */
  int dimension();

  /**
   * Evaluates {@code D} (and its gradient and Hessian, by {@code order}) at {@code coef}.
   *
   * @param coef length {@link #dimension()}; not modified
   */
  Evaluation evaluate(double[] coef, Order order);

  /** Evaluations made so far. */
  long passes();

  /**
   * A label for the next evaluations (shown in the Spark UI as the job description); no-op by default.
   */
  default void describe(String what) {
  }
}
