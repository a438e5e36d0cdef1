package io.sparkglm.core.simd;

/**
 * Fused block loops of the losses whose per-row cost is an {@code exp} or {@code log1p}: over rows
 * {@code [0, n)} each writes {@code w_i * dl/deta} into {@code d1Out[i]}, {@code w_i * d2l/deta2} into
 * {@code d2Out[i]} (when {@code d2Out != null}) and returns {@code sum_i w_i l(y_i, eta_i)}. A {@code null}
 * {@code w} means all ones; rows with {@code w_i = 0} write zeros and add nothing. Inputs are not modified.
 *
 * <table>
 *   <caption>The losses (stable forms, {@code e = e^-|eta|})</caption>
 *   <tr><th>loss</th><th>l</th><th>dl/deta</th><th>d2l/deta2</th></tr>
 *   <tr><td>binomial-logit</td><td>max(eta, 0) + log1p(e) - y eta</td>
 *       <td>(eta >= 0 ? 1 : e)/(1 + e) - y</td><td>e/(1 + e)^2</td></tr>
 *   <tr><td>poisson-log</td><td>e^eta - y eta</td><td>e^eta - y</td><td>e^eta</td></tr>
 * </table>
 *
 * <p>Implementations differ only in rounding: per row within a few ulps of each other (the Vector API's
 * {@code EXP}/{@code LOG1P} are within 1 ulp of {@code Math.exp/log1p}), sums in a different order. They are
 * stateless and allocation-free.
 */
public interface LossLoops {

  /** The fastest implementation this JVM supports: {@link #vectorized()} when the Vector API is present. */
  static LossLoops best() {
    return SimdSelection.LOSS_LOOPS;
  }

  /** The scalar implementation on {@code Math.exp/log1p}, one row at a time. */
  static LossLoops scalar() {
    return ScalarLossLoops.INSTANCE;
  }

  /** Whether this implementation evaluates several rows per instruction. */
  boolean vectorized();

  /**
   * Binomial-logit value and derivatives (see the class table).
   *
   * @param d1Out modified, entries {@code [0, n)}
   * @param d2Out modified, entries {@code [0, n)}; or {@code null}
   */
  double binomialLogit(double[] y, double[] eta, double[] w, int n, double[] d1Out, double[] d2Out);

  /** {@code sum_i w_i l(y_i, eta_i)} of binomial-logit. */
  double binomialLogitValue(double[] y, double[] eta, double[] w, int n);

  /**
   * Poisson-log value and derivatives (see the class table).
   *
   * @param d1Out modified, entries {@code [0, n)}
   * @param d2Out modified, entries {@code [0, n)}; or {@code null}
   */
  double poissonLog(double[] y, double[] eta, double[] w, int n, double[] d1Out, double[] d2Out);

  /** {@code sum_i w_i l(y_i, eta_i)} of poisson-log. */
  double poissonLogValue(double[] y, double[] eta, double[] w, int n);
}
