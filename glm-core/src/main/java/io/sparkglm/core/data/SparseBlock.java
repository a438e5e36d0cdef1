package io.sparkglm.core.data;

/**
 * Sparse rows in compressed sparse row (CSR) form: row {@code i} holds the column indices
 * {@code colIdx[rowPtr[i] .. rowPtr[i+1])} (0-based, strictly increasing) and their values.
 *
 * <p>Every operation costs O(nnz) (the Gram matrix O(sum_i nnz_i^2)), never O(n*p).
 */
public final class SparseBlock extends Block {
  private static final long serialVersionUID = 1L;
  private final int[] rowPtr;
  private final int[] colIdx;
  private final double[] values;

  /**
   * @param rowPtr length {@code n + 1}; kept, not copied
   * @param colIdx 0-based column indices, strictly increasing within a row; kept, not copied
   * @param values the non-zero values; kept, not copied
   */
  public SparseBlock(int numRows, int numFeatures, int[] rowPtr, int[] colIdx, double[] values,
      double[] labels, double[] weights, double[] offsets) {
    super(numRows, numFeatures, labels, weights, offsets);
    if (rowPtr.length < numRows + 1) {
      throw new IllegalArgumentException("rowPtr has " + rowPtr.length + " entries for " + numRows + " rows");
    }
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.values = values;
  }

  @Override
  public SparseBlock withWeights(double[] w) {
    return new SparseBlock(numRows, numFeatures, rowPtr, colIdx, values, labels, w, offsets);
  }

  /** Row pointers, length n+1; not to be modified. */
  public int[] rowPtr() {
    return rowPtr;
  }

  /** Column indices of the non-zeros; not to be modified. */
  public int[] colIdx() {
    return colIdx;
  }

  /** Values of the non-zeros; not to be modified. */
  public double[] values() {
    return values;
  }

  @Override
  public long storedValues() {
    return rowPtr[numRows];
  }

  @Override
  public long sizeInBytes() {
    long doubles = values.length + labels.length + (weights == null ? 0 : weights.length)
        + (offsets == null ? 0 : offsets.length);
    return 8 * doubles + 4L * (colIdx.length + rowPtr.length) + 112;
  }

  @Override
  public void linearPredictorInto(double[] coef, double[] etaOut) {
    final double intercept = coef[numFeatures];
    for (int i = 0; i < numRows; i++) {
      double s = offsets == null ? intercept : offsets[i] + intercept;
      for (int k = rowPtr[i], end = rowPtr[i + 1]; k < end; k++) {
        s += values[k] * coef[colIdx[k]];
      }
      etaOut[i] = s;
    }
  }

  @Override
  public void addTransposeTimesInto(double[] r, double[] gradOut) {
    double s = 0.0;
    for (int i = 0; i < numRows; i++) {
      double ri = r[i];
      s += ri;
      for (int k = rowPtr[i], end = rowPtr[i + 1]; k < end; k++) {
        gradOut[colIdx[k]] += ri * values[k];
      }
    }
    gradOut[numFeatures] += s;
  }

  @Override
  public double[] addWeightedGramInto(double[] d, double[] hessOut, double[] scratch) {
    final int p = numFeatures;
    final int p1 = p + 1;
    for (int i = 0; i < numRows; i++) {
      double di = d[i];
      if (di == 0.0) {
        continue;
      }
      int start = rowPtr[i];
      int end = rowPtr[i + 1];
      for (int a = start; a < end; a++) {
        int ja = colIdx[a];
        double va = di * values[a];
        int rowOff = ja * p1;
        for (int b = a; b < end; b++) {
          hessOut[rowOff + colIdx[b]] += va * values[b];
        }
        hessOut[rowOff + p] += va;
      }
      hessOut[p * p1 + p] += di;
    }
    return scratch;
  }

  @Override
  public void addWeightedGramColumnsInto(int[] columns, int[] position, double[] d, double[] hessOut,
      double[][] scratch) {
    final int k = columns.length;
    final int k1 = k + 1;
    for (int i = 0; i < numRows; i++) {
      double di = d[i];
      if (di == 0.0) {
        continue;
      }
      int start = rowPtr[i];
      int end = rowPtr[i + 1];
      for (int a = start; a < end; a++) {
        int pa = position[colIdx[a]];
        if (pa < 0) {
          continue;
        }
        double va = di * values[a];
        int rowOff = pa * k1;
        for (int b = a; b < end; b++) {
          int pb = position[colIdx[b]];
          if (pb >= 0) {
            hessOut[rowOff + pb] += va * values[b];
          }
        }
        hessOut[rowOff + k] += va;
      }
      hessOut[k * k1 + k] += di;
    }
  }

  @Override
  public void linearPredictorRowsInto(double[] coef, int[] rows, int count, double[] etaOut) {
    final double intercept = coef[numFeatures];
    for (int k = 0; k < count; k++) {
      int i = rows[k];
      double s = offsets == null ? intercept : offsets[i] + intercept;
      for (int q = rowPtr[i], end = rowPtr[i + 1]; q < end; q++) {
        s += values[q] * coef[colIdx[q]];
      }
      etaOut[k] = s;
    }
  }

  @Override
  public void addTransposeTimesRowsInto(int[] rows, int count, double[] r, double[] gradOut) {
    double s = 0.0;
    for (int k = 0; k < count; k++) {
      int i = rows[k];
      double rk = r[k];
      s += rk;
      for (int q = rowPtr[i], end = rowPtr[i + 1]; q < end; q++) {
        gradOut[colIdx[q]] += rk * values[q];
      }
    }
    gradOut[numFeatures] += s;
  }

  @Override
  public void addWeightedGramRowsInto(int[] rows, int count, double[] d, double[] hessOut) {
    final int p = numFeatures;
    final int p1 = p + 1;
    for (int k = 0; k < count; k++) {
      int i = rows[k];
      double dk = d[k];
      int start = rowPtr[i];
      int end = rowPtr[i + 1];
      for (int a = start; a < end; a++) {
        double va = dk * values[a];
        int rowOff = colIdx[a] * p1;
        for (int b = a; b < end; b++) {
          hessOut[rowOff + colIdx[b]] += va * values[b];
        }
        hessOut[rowOff + p] += va;
      }
      hessOut[p * p1 + p] += dk;
    }
  }

  @Override
  public void addFeatureMomentsInto(double[] sumOut, double[] sumSqOut) {
    for (int i = 0; i < numRows; i++) {
      double w = weight(i);
      for (int k = rowPtr[i], end = rowPtr[i + 1]; k < end; k++) {
        double v = values[k];
        sumOut[colIdx[k]] += w * v;
        sumSqOut[colIdx[k]] += w * v * v;
      }
    }
  }
}
