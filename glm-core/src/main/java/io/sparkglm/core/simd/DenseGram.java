package io.sparkglm.core.simd;

/**
 * The weighted Gram matrix of a dense row-major block with an intercept column:
 * {@code H += X1' diag(d) X1}, {@code X1 = [X, 1]} ({@code n x (p+1)}), written to the upper triangle of the
 * row-major {@code (p+1) x (p+1)} matrix {@code H} (intercept row and column last); the lower triangle is not
 * touched. Costs {@code n (p+1)(p+2)/2} multiply-adds; implementations differ only in summation order.
 */
public interface DenseGram {

  /** The fastest implementation this JVM supports (the Vector API one when present). */
  static DenseGram best() {
    return SimdSelection.DENSE_GRAM;
  }

  /** The plain Java implementation (four rows per update of {@code H}). */
  static DenseGram scalar() {
    return ScalarDenseGram.INSTANCE;
  }

  /**
   * Adds {@code X1' diag(d) X1} to the upper triangle of {@code hessOut}.
   *
   * @param x row-major {@code n x p}, value {@code (i, j)} at {@code x[i * p + j]}; not modified
   * @param d length at least {@code n}; not modified
   * @param hessOut length {@code (p+1)^2}; upper triangle modified
   * @param scratch a reusable buffer (may be replaced if too small, or {@code null}); its content is irrelevant
   * @return the scratch buffer to reuse next time (possibly a larger one)
   */
  double[] addWeightedGramInto(double[] x, int n, int p, double[] d, double[] hessOut, double[] scratch);
}
