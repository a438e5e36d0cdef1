package io.sparkglm.core.data;

import java.io.Serializable;

/**
 * A block of training rows held in contiguous primitive arrays: the unit every kernel works on.
 *
 * <p>A block has {@code n} rows and {@code p} features. Labels {@code y} have length {@code n}; weights
 * {@code w} and offsets are optional ({@code null} means all ones and all zeros). Rows with weight 0
 * never reach a block (the loaders drop them, as glmnet does).
 *
 * <p>The linear-algebra primitives use the coefficient layout of the whole project: a vector
 * {@code coef} of length {@code p + 1} holding {@code beta_0 .. beta_{p-1}} followed by the intercept.
 * Blocks are immutable after construction; the methods document what they write.
 */
public abstract sealed class Block implements Serializable permits DenseBlock, SparseBlock {
  private static final long serialVersionUID = 1L;

  protected final int numRows;
  protected final int numFeatures;
  protected final double[] labels;
  protected final double[] weights;
  protected final double[] offsets;

  Block(int numRows, int numFeatures, double[] labels, double[] weights, double[] offsets) {
    if (labels.length < numRows) {
      throw new IllegalArgumentException("labels has " + labels.length + " entries for " + numRows + " rows");
    }
    this.numRows = numRows;
    this.numFeatures = numFeatures;
    this.labels = labels;
    this.weights = weights;
    this.offsets = offsets;
  }

  /** Number of rows {@code n}. */
  public int numRows() {
    return numRows;
  }

  /** Number of features {@code p} (the intercept is not counted). */
  public int numFeatures() {
    return numFeatures;
  }

  /** Labels, length at least {@code n}; not to be modified. */
  public double[] labels() {
    return labels;
  }

  /** Row weights, or {@code null} when every weight is 1; not to be modified. */
  public double[] weights() {
    return weights;
  }

  /** Row offsets, or {@code null} when every offset is 0; not to be modified. */
  public double[] offsets() {
    return offsets;
  }

  /** Weight of row {@code i}. */
  public final double weight(int i) {
    return weights == null ? 1.0 : weights[i];
  }

  /**
   * The same rows with other weights (cross validation's training view of a fold: held-out rows at weight 0).
   * Shares this block's arrays; nothing is copied.
   *
   * @param w length at least {@code n}, entries {@code >= 0} (0 allowed: the row then counts for nothing); kept, not
   *     copied
   */
  public abstract Block withWeights(double[] w);

  /** Number of stored feature values (n*p for dense blocks, the non-zeros for sparse ones). */
  public abstract long storedValues();

  /** Approximate heap bytes held by the arrays of this block. */
  public abstract long sizeInBytes();

  /**
   * Linear predictor {@code eta = X*beta + intercept + offset}.
   *
   * @param coef length {@code p + 1}, intercept last; not modified
   * @param etaOut length at least {@code n}; entries {@code [0, n)} overwritten
   */
  public abstract void linearPredictorInto(double[] coef, double[] etaOut);

  /**
   * Adds {@code X1' r} to {@code gradOut}, where {@code X1 = [X, 1]}: {@code gradOut[j] += sum_i r_i x_ij}
   * for features and {@code gradOut[p] += sum_i r_i} for the intercept.
   *
   * @param r length at least {@code n}; not modified
   * @param gradOut length {@code p + 1}; modified
   */
  public abstract void addTransposeTimesInto(double[] r, double[] gradOut);

  /**
   * Adds {@code X1' diag(d) X1} to the upper triangle of the row-major {@code (p+1) x (p+1)} matrix
   * {@code hessOut} (intercept row and column last). The lower triangle is not touched.
   *
   * @param d length at least {@code n}; not modified
   * @param hessOut length {@code (p+1)^2}; upper triangle modified
   * @param scratch a reusable buffer (may be replaced if too small); its content is irrelevant
   * @return the scratch buffer to reuse next time (possibly a larger one)
   */
  public abstract double[] addWeightedGramInto(double[] d, double[] hessOut, double[] scratch);

  /**
   * The weighted Gram matrix restricted to some columns: with {@code X_S} the columns {@code columns} of {@code X}
   * and {@code k = columns.length}, adds {@code [X_S, 1]' diag(d) [X_S, 1]} to the upper triangle of the row-major
   * {@code (k+1) x (k+1)} matrix {@code hessOut} (entry {@code (a, b)} is feature {@code columns[a]} against
   * {@code columns[b]}, the intercept last). Equal, entry for entry, to the corresponding entries of
   * {@link #addWeightedGramInto}, at a cost in {@code k^2} instead of {@code p^2} (a regularization path's Newton
   * step over its active set).
   *
   * @param columns strictly increasing feature indices in {@code [0, p)}; not modified
   * @param position length p: {@code position[columns[a]] = a}, {@code -1} for the other features; not modified
   * @param d length at least {@code n}; not modified
   * @param hessOut length {@code (k+1)^2}; upper triangle modified
   * @param scratch two reusable buffers (entries may be replaced if too small, or {@code null}); modified, their
   *     content irrelevant
   */
  public abstract void addWeightedGramColumnsInto(int[] columns, int[] position, double[] d, double[] hessOut,
      double[][] scratch);

  /**
   * The linear predictor of selected rows: {@code etaOut[k] = x_{rows[k]}'beta + intercept + offset_{rows[k]}}
   * for {@code k < count}. Used by stochastic solvers to evaluate a sample without copying the block.
   *
   * @param coef length {@code p + 1}, intercept last; not modified
   * @param rows row indices in {@code [0, n)}, entries {@code [0, count)} used (any order, repeats allowed);
   *     not modified
   * @param etaOut length at least {@code count}; entries {@code [0, count)} overwritten
   */
  public abstract void linearPredictorRowsInto(double[] coef, int[] rows, int count, double[] etaOut);

  /**
   * Adds {@code sum_k r_k [x_{rows[k]}, 1]} to {@code gradOut} (the transpose product restricted to selected
   * rows; a row listed twice counts twice).
   *
   * @param rows row indices, entries {@code [0, count)} used; not modified
   * @param r length at least {@code count}, aligned with {@code rows}; not modified
   * @param gradOut length {@code p + 1}; modified
   */
  public abstract void addTransposeTimesRowsInto(int[] rows, int count, double[] r, double[] gradOut);

  /**
   * Adds {@code sum_k d_k [x_{rows[k]}, 1][x_{rows[k]}, 1]'} to the upper triangle of the row-major
   * {@code (p+1) x (p+1)} matrix {@code hessOut}; a plain row loop, O(count p^2) dense.
   *
   * @param rows row indices, entries {@code [0, count)} used; not modified
   * @param d length at least {@code count}, aligned with {@code rows}; not modified
   * @param hessOut length {@code (p+1)^2}; upper triangle modified
   */
  public abstract void addWeightedGramRowsInto(int[] rows, int count, double[] d, double[] hessOut);

  /**
   * Adds this block's feature values to the weighted moments: {@code sumOut[j] += sum_i w_i x_ij},
   * {@code sumSqOut[j] += sum_i w_i x_ij^2}.
   */
  public abstract void addFeatureMomentsInto(double[] sumOut, double[] sumSqOut);
}
