package io.sparkglm.core.kernel;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Sums of the GLM data term over blocks, fused in one pass: with {@code eta_i = x_i'beta + b0 + offset_i},
 * <pre>
 *   loss     = sum_i w_i l(y_i, eta_i)
 *   gradient = sum_i w_i l'(y_i, eta_i) [x_i, 1]                (length p+1, intercept last)
 *   hessian  = sum_i w_i l''(y_i, eta_i) [x_i, 1][x_i, 1]'       (row-major (p+1)^2, upper triangle)
 * </pre>
 * and {@code weightSum = sum_i w_i}, {@code rows}. The sums are not normalized by the weight sum.
 *
 * <p>This is the one kernel of the project: every family and link goes through the same loop, the
 * family-specific part being the pointwise {@link GlmLoss}. {@link #add} modifies this accumulator and
 * returns it; {@link #merge} modifies this accumulator with another's sums. The arrays are allocated on the
 * first {@code add}, so an empty accumulator is cheap to ship as a Spark zero value. Per-row work uses
 * per-accumulator scratch arrays: no allocation in the row loop.
 *
 * <p>With Hessian columns {@code S} ({@link #GlmAccumulator(GlmLoss, int, Order, int[])}) the Hessian sum covers
 * only the features in {@code S} and the intercept: {@code (|S|+1)^2} sums instead of {@code (p+1)^2}, the
 * {@code p^2} part of a pass cut to {@code |S|^2} (a regularization path's Newton steps over the features its
 * strong rule keeps); value and gradient still cover every feature. {@link #hessian()} returns the full matrix
 * with zeros outside {@code S}.
 */
public final class GlmAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GlmLoss loss;
  private final int numFeatures;
  private final Order order;
  private final int[] hessianColumns;
  private final int[] position;

  private double weightSum;
  private double lossSum;
  private long rows;
  private double[] gradient;
  private double[] hessian;

  private transient double[] eta;
  private transient double[] d1;
  private transient double[] d2;
  private transient double[] gramScratch;
  private transient double[] ySel;
  private transient double[] wSel;
  private transient double[][] gramColumnsScratch;

  /** An empty accumulator for models with {@code numFeatures} features, computing up to {@code order}. */
  public GlmAccumulator(GlmLoss loss, int numFeatures, Order order) {
    this(loss, numFeatures, order, null);
  }

  /**
   * An empty accumulator whose Hessian sum covers only the features {@code hessianColumns} and the intercept.
   *
   * @param hessianColumns strictly increasing feature indices in {@code [0, numFeatures)}, or {@code null} for every
   *     feature; copied
   * @throws IllegalArgumentException when the indices are not strictly increasing in range
   */
  public GlmAccumulator(GlmLoss loss, int numFeatures, Order order, int[] hessianColumns) {
    this.loss = loss;
    this.numFeatures = numFeatures;
    this.order = order;
    this.hessianColumns = hessianColumns == null ? null : hessianColumns.clone();
    this.position = hessianColumns == null ? null : positions(hessianColumns, numFeatures);
  }

  private static int[] positions(int[] columns, int p) {
    int[] pos = new int[p];
    java.util.Arrays.fill(pos, -1);
    for (int a = 0; a < columns.length; a++) {
      int j = columns[a];
      if (j < 0 || j >= p || a > 0 && j <= columns[a - 1]) {
        throw new IllegalArgumentException("Hessian columns must be strictly increasing in [0, " + p + "), got "
            + java.util.Arrays.toString(columns));
      }
      pos[j] = a;
    }
    return pos;
  }

  /**
   * Adds one block evaluated at {@code coef}.
   *
   * @param coef length {@code p + 1}, intercept last; not modified
   * @return this accumulator, modified
   */
  public GlmAccumulator add(Block block, double[] coef) {
    if (block.numFeatures() != numFeatures) {
      throw new IllegalArgumentException("block has " + block.numFeatures() + " features, model has "
          + numFeatures);
    }
    final int n = block.numRows();
    if (n == 0) {
      return this;
    }
    ensureScratch(n);
    block.linearPredictorInto(coef, eta);
    double[] w = block.weights();
    if (order == Order.VALUE) {
      lossSum += loss.valueSum(block.labels(), eta, w, n);
    } else {
      allocateSums();
      boolean withHessian = order == Order.HESSIAN;
      lossSum += loss.valueAndDerivativesInto(block.labels(), eta, w, n, d1, withHessian ? d2 : null);
      block.addTransposeTimesInto(d1, gradient);
      if (withHessian && hessianColumns == null) {
        gramScratch = block.addWeightedGramInto(d2, hessian, gramScratch);
      } else if (withHessian) {
        if (gramColumnsScratch == null) {
          gramColumnsScratch = new double[2][];
        }
        block.addWeightedGramColumnsInto(hessianColumns, position, d2, hessian, gramColumnsScratch);
      }
    }
    if (w == null) {
      weightSum += n;
    } else {
      for (int i = 0; i < n; i++) {
        weightSum += w[i];
      }
    }
    rows += n;
    return this;
  }

  /**
   * Adds the rows {@code selected[0 .. count)} of one block evaluated at {@code coef}, without copying the block
   * (for mini-batch gradients: the sampled rows of a cached block). A row listed twice counts twice. Equal to
   * {@link #add} on a block made of those rows.
   *
   * @param coef length {@code p + 1}, intercept last; not modified
   * @param selected row indices in {@code [0, block.numRows())}, entries {@code [0, count)} used; not modified
   * @return this accumulator, modified
   */
  public GlmAccumulator addRows(Block block, double[] coef, int[] selected, int count) {
    if (block.numFeatures() != numFeatures) {
      throw new IllegalArgumentException("block has " + block.numFeatures() + " features, model has "
          + numFeatures);
    }
    if (count <= 0) {
      return this;
    }
    ensureScratch(count);
    if (ySel == null || ySel.length < count) {
      ySel = new double[eta.length];
      wSel = new double[eta.length];
    }
    double[] y = block.labels();
    double[] w = block.weights();
    double wSum = 0.0;
    for (int k = 0; k < count; k++) {
      int i = selected[k];
      ySel[k] = y[i];
      wSel[k] = w == null ? 1.0 : w[i];
      wSum += wSel[k];
    }
    block.linearPredictorRowsInto(coef, selected, count, eta);
    if (order == Order.VALUE) {
      lossSum += loss.valueSum(ySel, eta, wSel, count);
    } else {
      allocateSums();
      boolean withHessian = order == Order.HESSIAN;
      lossSum += loss.valueAndDerivativesInto(ySel, eta, wSel, count, d1, withHessian ? d2 : null);
      block.addTransposeTimesRowsInto(selected, count, d1, gradient);
      if (withHessian && hessianColumns != null) {
        throw new IllegalStateException("addRows with Hessian columns is not supported");
      }
      if (withHessian) {
        block.addWeightedGramRowsInto(selected, count, d2, hessian);
      }
    }
    weightSum += wSum;
    this.rows += count;
    return this;
  }

  /**
   * Adds another accumulator's sums to this one.
   *
   * @return this accumulator, modified; {@code other} is not modified
   */
  public GlmAccumulator merge(GlmAccumulator other) {
    if (other.rows == 0) {
      return this;
    }
    weightSum += other.weightSum;
    lossSum += other.lossSum;
    rows += other.rows;
    if (other.gradient != null) {
      allocateSums();
      for (int j = 0; j < gradient.length; j++) {
        gradient[j] += other.gradient[j];
      }
      if (other.hessian != null) {
        for (int j = 0; j < hessian.length; j++) {
          hessian[j] += other.hessian[j];
        }
      }
    }
    return this;
  }

  private void allocateSums() {
    if (gradient == null && order.includes(Order.GRADIENT)) {
      gradient = new double[numFeatures + 1];
    }
    if (hessian == null && order == Order.HESSIAN) {
      int k1 = (hessianColumns == null ? numFeatures : hessianColumns.length) + 1;
      hessian = new double[k1 * k1];
    }
  }

  private void ensureScratch(int n) {
    if (eta == null || eta.length < n) {
      eta = new double[n];
      d1 = new double[n];
      d2 = new double[n];
    }
  }

  /** The order this accumulator computes. */
  public Order order() {
    return order;
  }

  /** Sum of weights of the rows added. */
  public double weightSum() {
    return weightSum;
  }

  /** {@code sum_i w_i l(y_i, eta_i)}. */
  public double lossSum() {
    return lossSum;
  }

  /** Rows added. */
  public long rows() {
    return rows;
  }

  /** The gradient sum (length p+1, a copy; zeros when no rows were added). */
  public double[] gradient() {
    return gradient == null ? new double[numFeatures + 1] : gradient.clone();
  }

  /**
   * The Hessian sum as a full symmetric row-major {@code (p+1) x (p+1)} matrix (a copy, with the lower
   * triangle filled from the upper).
   */
  public double[] hessian() {
    int p1 = numFeatures + 1;
    if (hessianColumns == null || hessian == null) {
      return symmetricFromUpper(hessian == null ? new double[p1 * p1] : hessian.clone(), p1);
    }
    int k = hessianColumns.length;
    int k1 = k + 1;
    double[] full = new double[p1 * p1];
    for (int a = 0; a < k1; a++) {
      int ja = a == k ? numFeatures : hessianColumns[a];
      for (int b = a; b < k1; b++) {
        int jb = b == k ? numFeatures : hessianColumns[b];
        full[ja * p1 + jb] = hessian[a * k1 + b];
      }
    }
    return symmetricFromUpper(full, p1);
  }

  /** The features the Hessian sum covers besides the intercept (a copy), or {@code null} for every feature. */
  public int[] hessianColumns() {
    return hessianColumns == null ? null : hessianColumns.clone();
  }

  /**
   * The sums as one flat array, for shipping as bytes (glm-spark's all-reduce): {@code [weightSum, lossSum, rows]},
   * then the gradient sum (p+1) and the Hessian sum ((p+1)^2, as stored: upper triangle filled) when they were
   * allocated. {@link #fromSums} rebuilds an accumulator that {@link #merge}s exactly as this one does.
   *
   * @return a new array
   */
  public double[] toSums() {
    if (hessianColumns != null && hessian != null) {
      throw new IllegalStateException("toSums of an accumulator with Hessian columns is not supported");
    }
    int g = gradient == null ? 0 : gradient.length;
    int h = hessian == null ? 0 : hessian.length;
    double[] out = new double[3 + g + h];
    out[0] = weightSum;
    out[1] = lossSum;
    out[2] = rows;
    if (g > 0) {
      System.arraycopy(gradient, 0, out, 3, g);
    }
    if (h > 0) {
      System.arraycopy(hessian, 0, out, 3 + g, h);
    }
    return out;
  }

  /**
   * The accumulator whose {@link #toSums} is {@code sums}.
   *
   * @param sums not modified
   * @throws IllegalArgumentException when the length fits neither {@code 3}, {@code 3 + (p+1)} nor
   *     {@code 3 + (p+1) + (p+1)^2} for this order
   */
  public static GlmAccumulator fromSums(GlmLoss loss, int numFeatures, Order order, double[] sums) {
    int p1 = numFeatures + 1;
    GlmAccumulator acc = new GlmAccumulator(loss, numFeatures, order);
    boolean withGradient = sums.length >= 3 + p1 && order.includes(Order.GRADIENT);
    boolean withHessian = sums.length == 3 + p1 + p1 * p1 && order == Order.HESSIAN;
    int expected = 3 + (withGradient ? p1 : 0) + (withHessian ? p1 * p1 : 0);
    if (sums.length != expected) {
      throw new IllegalArgumentException("accumulator sums of length " + sums.length + " do not fit p = "
          + numFeatures + " and order " + order);
    }
    acc.weightSum = sums[0];
    acc.lossSum = sums[1];
    acc.rows = (long) sums[2];
    if (withGradient) {
      acc.gradient = java.util.Arrays.copyOfRange(sums, 3, 3 + p1);
    }
    if (withHessian) {
      acc.hessian = java.util.Arrays.copyOfRange(sums, 3 + p1, sums.length);
    }
    return acc;
  }

  /**
   * Fills the lower triangle of the row-major {@code d x d} matrix {@code m} from its upper triangle.
   *
   * @param m modified
   * @return {@code m}
   */
  public static double[] symmetricFromUpper(double[] m, int d) {
    for (int a = 0; a < d; a++) {
      for (int b = a + 1; b < d; b++) {
        m[b * d + a] = m[a * d + b];
      }
    }
    return m;
  }

  @Override
  public String toString() {
    return "GlmAccumulator[rows=" + rows + ", weightSum=" + weightSum + ", loss=" + lossSum + ", order="
        + order + ", p=" + numFeatures + (gradient == null ? "" : ", grad=" + Arrays.toString(gradient)) + "]";
  }
}
