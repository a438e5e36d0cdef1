package io.sparkglm.core.data;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Dense rows stored row-major in one array: value {@code (i, j)} at {@code x[i * p + j]}.
 *
 * <p>Row-major was chosen because the loaders produce rows, a row's features are contiguous for the
 * per-row loop, and both products the kernel needs are one BLAS {@code dgemv} on the same array (read as
 * the column-major {@code p x n} matrix {@code X'}). The Gram matrix {@code X' D X} is one {@code dsyrk}
 * on a row-scaled copy.
 */
public final class DenseBlock extends Block {
  private static final long serialVersionUID = 1L;
  private final double[] values;

  /**
   * @param values row-major {@code n x p}, length at least {@code n * p}; kept, not copied
   */
  public DenseBlock(int numRows, int numFeatures, double[] values, double[] labels, double[] weights,
      double[] offsets) {
    super(numRows, numFeatures, labels, weights, offsets);
    if ((long) numRows * numFeatures > values.length) {
      throw new IllegalArgumentException("values has " + values.length + " entries for " + numRows + " x "
          + numFeatures);
    }
    this.values = values;
  }

  /** The row-major values; not to be modified. */
  public double[] values() {
    return values;
  }

  @Override
  public long storedValues() {
    return (long) numRows * numFeatures;
  }

  @Override
  public long sizeInBytes() {
    long arrays = values.length + labels.length + (weights == null ? 0 : weights.length)
        + (offsets == null ? 0 : offsets.length);
    return 8 * arrays + 96;
  }

  @Override
  public void linearPredictorInto(double[] coef, double[] etaOut) {
    final int n = numRows;
    final int p = numFeatures;
    final double intercept = coef[p];
    if (offsets == null) {
      java.util.Arrays.fill(etaOut, 0, n, intercept);
    } else {
      for (int i = 0; i < n; i++) {
        etaOut[i] = offsets[i] + intercept;
      }
    }
    if (p == 0 || n == 0) {
      return;
    }
    // X' is p x n column-major with leading dimension p: eta += (X')' coef = X coef.
    BLAS.getInstance().dgemv("T", p, n, 1.0, values, p, coef, 1, 1.0, etaOut, 1);
  }

  @Override
  public void addTransposeTimesInto(double[] r, double[] gradOut) {
    final int n = numRows;
    final int p = numFeatures;
    double s = 0.0;
    for (int i = 0; i < n; i++) {
      s += r[i];
    }
    gradOut[p] += s;
    if (p == 0 || n == 0) {
      return;
    }
    BLAS.getInstance().dgemv("N", p, n, 1.0, values, p, r, 1, 1.0, gradOut, 1);
  }

  @Override
  public double[] addWeightedGramInto(double[] d, double[] hessOut, double[] scratch) {
    final int n = numRows;
    final int p = numFeatures;
    final int p1 = p + 1;
    if (n == 0) {
      return scratch;
    }
    // Scaled copy S (p1 x n column-major = n x p1 row-major): row i = sqrt(d_i) * [x_i, 1]. d_i >= 0.
    int need = n * p1;
    double[] s = scratch != null && scratch.length >= need ? scratch : new double[need];
    for (int i = 0; i < n; i++) {
      double r = Math.sqrt(d[i]);
      int src = i * p;
      int dst = i * p1;
      for (int j = 0; j < p; j++) {
        s[dst + j] = r * values[src + j];
      }
      s[dst + p] = r;
    }
    // hessOut is row-major (p1 x p1); its upper triangle is the lower triangle of the column-major view.
    // dsyrk("L", "N") computes C = S S' + C on the lower triangle of column-major C with S p1 x n.
    BLAS.getInstance().dsyrk("L", "N", p1, n, 1.0, s, p1, 1.0, hessOut, p1);
    return s;
  }

  @Override
  public void addFeatureMomentsInto(double[] sumOut, double[] sumSqOut) {
    final int p = numFeatures;
    for (int i = 0; i < numRows; i++) {
      double w = weight(i);
      int off = i * p;
      for (int j = 0; j < p; j++) {
        double v = values[off + j];
        sumOut[j] += w * v;
        sumSqOut[j] += w * v * v;
      }
    }
  }
}
