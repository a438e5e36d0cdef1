package io.sparkglm.core.data;

import dev.ludovic.netlib.blas.BLAS;
import io.sparkglm.core.simd.DenseGram;

/**
 * Dense rows stored row-major in one array: value {@code (i, j)} at {@code x[i * p + j]}.
 *
 * <p>Row-major was chosen because the loaders produce rows, a row's features are contiguous for the
 * per-row loop, and both products the kernel needs are one BLAS {@code dgemv} on the same array (read as
 * the column-major {@code p x n} matrix {@code X'}). The Gram matrix {@code X' D X} is computed by
 * {@link DenseGram}.
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

  @Override
  public DenseBlock withWeights(double[] w) {
    return new DenseBlock(numRows, numFeatures, values, labels, w, offsets);
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

  /**
   * {@link DenseGram#best()}: register-tiled multiply-adds on the Vector API when present, rank-4 row updates
   * otherwise. No square roots and no scaled copy of the block (the former dsyrk on a sqrt(d)-scaled copy cost
   * 5-20x more per row: benchmarks/results/kernel-bench.md).
   */
  @Override
  public double[] addWeightedGramInto(double[] d, double[] hessOut, double[] scratch) {
    return DenseGram.best().addWeightedGramInto(values, numRows, numFeatures, d, hessOut, scratch);
  }

  /** Gathers the columns into a compact {@code n x k} block ({@code scratch[0]}) and runs the same Gram on it. */
  @Override
  public void addWeightedGramColumnsInto(int[] columns, int[] position, double[] d, double[] hessOut,
      double[][] scratch) {
    final int p = numFeatures;
    final int k = columns.length;
    final int n = numRows;
    if (scratch[0] == null || scratch[0].length < n * k) {
      scratch[0] = new double[n * k];
    }
    double[] compact = scratch[0];
    for (int i = 0; i < n; i++) {
      int from = i * p;
      int to = i * k;
      for (int c = 0; c < k; c++) {
        compact[to + c] = values[from + columns[c]];
      }
    }
    scratch[1] = DenseGram.best().addWeightedGramInto(compact, n, k, d, hessOut, scratch[1]);
  }

  @Override
  public void linearPredictorRowsInto(double[] coef, int[] rows, int count, double[] etaOut) {
    final int p = numFeatures;
    final double intercept = coef[p];
    for (int k = 0; k < count; k++) {
      int i = rows[k];
      int off = i * p;
      double s = offsets == null ? intercept : offsets[i] + intercept;
      for (int j = 0; j < p; j++) {
        s += values[off + j] * coef[j];
      }
      etaOut[k] = s;
    }
  }

  @Override
  public void addTransposeTimesRowsInto(int[] rows, int count, double[] r, double[] gradOut) {
    final int p = numFeatures;
    double s = 0.0;
    for (int k = 0; k < count; k++) {
      double rk = r[k];
      s += rk;
      int off = rows[k] * p;
      for (int j = 0; j < p; j++) {
        gradOut[j] += rk * values[off + j];
      }
    }
    gradOut[p] += s;
  }

  @Override
  public void addWeightedGramRowsInto(int[] rows, int count, double[] d, double[] hessOut) {
    final int p = numFeatures;
    final int p1 = p + 1;
    for (int k = 0; k < count; k++) {
      double dk = d[k];
      int off = rows[k] * p;
      for (int a = 0; a < p; a++) {
        double va = dk * values[off + a];
        int rowOff = a * p1;
        for (int b = a; b < p; b++) {
          hessOut[rowOff + b] += va * values[off + b];
        }
        hessOut[rowOff + p] += va;
      }
      hessOut[p * p1 + p] += dk;
    }
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
