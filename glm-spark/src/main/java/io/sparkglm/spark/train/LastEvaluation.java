package io.sparkglm.spark.train;

import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import java.util.Arrays;

/**
 * A data term that remembers its last evaluation with a gradient, so that a caller needing the full gradient at
 * the point where a solver stopped (a path's KKT check over the features its strong rule left out) gets it
 * without another pass when the solver's last evaluation was there (the gradient of the data term covers every
 * feature, whatever the solver holds fixed).
 */
final class LastEvaluation implements DataTerm {
  private final DataTerm inner;
  private double[] point;
  private Evaluation last;

  LastEvaluation(DataTerm inner) {
    this.inner = inner;
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  @Override
  public Evaluation evaluate(double[] coef, Order order) {
    Evaluation e = inner.evaluate(coef, order);
    if (e.gradient() != null) {
      point = coef.clone();
      last = e;
    }
    return e;
  }

  /**
   * The evaluation (value and gradient) at {@code b}: the remembered one when it was at exactly {@code b}, else a
   * new pass.
   */
  Evaluation gradientAt(double[] b) {
    if (last != null && Arrays.equals(point, b)) {
      return last;
    }
    return evaluate(b, Order.GRADIENT);
  }

  @Override
  public long passes() {
    return inner.passes();
  }

  @Override
  public void describe(String what) {
    inner.describe(what);
  }
}
