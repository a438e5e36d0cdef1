package io.sparkglm.spark.train;

import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.spark.eval.SparkDataTerm;
import java.util.Arrays;

/**
 * A regularization path's data term: it remembers its last evaluation with a gradient and can restrict the Hessian
 * to the features a fit leaves free.
 *
 * <ul>
 *   <li>Reuse. An evaluation at exactly the remembered point, of an order the remembered one includes (and, for a
 *       Hessian, over columns it covered), is answered without a pass. So the path's KKT check over the features
 *       its strong rule left out gets the full gradient free when the solver's last evaluation was at the answer
 *       (the gradient covers every feature, whatever the solver holds fixed), and the next lambda's solver, warm-
 *       started there, gets its first evaluation free. The ordered aggregation makes every pass bit-for-bit
 *       reproducible, so a reused evaluation is exactly the one a pass would give.
 *   <li>Restricted Hessian ({@link #restrictHessian}). With a {@link SparkDataTerm} inside, a Hessian pass sums
 *       the Gram matrix only over the features not fixed ({@link SparkDataTerm#evaluate(double[], Order, int[])}:
 *       {@code k^2} instead of {@code p^2}), zeros elsewhere. The solver's view
 *       ({@link io.sparkglm.core.solver.ScaledDataTerm}) replaces the fixed rows and columns by the identity, and
 *       its change of variables mixes each feature only with the intercept, so the solver sees the same Hessian.
 * </ul>
 */
final class LastEvaluation implements DataTerm {
  private final DataTerm inner;
  private int[] hessianColumns;
  private double[] point;
  private Evaluation last;
  private int[] lastColumns;

  LastEvaluation(DataTerm inner) {
    this.inner = inner;
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  /**
   * Restricts the next Hessians to the features not {@code fixed} (length p+1, intercept last; not modified), or,
   * with {@code null}, to none of that: every feature.
   */
  void restrictHessian(boolean[] fixed) {
    if (fixed == null) {
      hessianColumns = null;
      return;
    }
    int p = fixed.length - 1;
    hessianColumns = java.util.stream.IntStream.range(0, p).filter(j -> !fixed[j]).toArray();
    if (hessianColumns.length == p) {
      hessianColumns = null;
    }
  }

  @Override
  public Evaluation evaluate(double[] coef, Order order) {
    if (last != null && last.order().includes(order) && Arrays.equals(point, coef)
        && (order != Order.HESSIAN || covers(lastColumns, hessianColumns))) {
      return last;
    }
    int[] columns = order == Order.HESSIAN ? hessianColumns : null;
    Evaluation e = inner instanceof SparkDataTerm spark ? spark.evaluate(coef, order, columns)
        : inner.evaluate(coef, order);
    if (e.gradient() != null) {
      point = coef.clone();
      last = e;
      lastColumns = columns;
    }
    return e;
  }

  /** Whether the Hessian columns {@code have} ({@code null}: all) include {@code want} (both increasing). */
  private static boolean covers(int[] have, int[] want) {
    if (have == null) {
      return true;
    }
    if (want == null) {
      return false;
    }
    int a = 0;
    for (int j : want) {
      while (a < have.length && have[a] < j) {
        a++;
      }
      if (a == have.length || have[a] != j) {
        return false;
      }
    }
    return true;
  }

  /**
   * The evaluation (value and gradient) at {@code b}: the remembered one when it was at exactly {@code b}, else a
   * new pass.
   */
  Evaluation gradientAt(double[] b) {
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
