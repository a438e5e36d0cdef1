package io.sparkglm.core.kernel;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.MultinomialLoss;
import java.io.Serializable;

/**
 * Sums of the multinomial data term over blocks, fused in one pass ({@link MultinomialLoss}; flat class-major
 * coefficients of length {@code K (p + 1)}, {@code x1 = [x, 1]}):
 * <pre>
 *   loss        = sum_i w_i (logsumexp(eta_i) - eta_{i, y_i})
 *   gradient_k  = sum_i w_i (p_ik - [y_i = k]) x1_i                          (block k, length p+1)
 *   hessian_kl  = sum_i w_i p_ik ([k = l] - p_il) x1_i x1_i'                 (block (k, l), (p+1) x (p+1))
 * </pre>
 * the Hessian as a full symmetric row-major {@code K(p+1) x K(p+1)} matrix. Sums are not normalized by the weight
 * sum. Per block: K linear predictors ({@link Block#linearPredictorInto}), one softmax per row, K transpose products
 * and {@code K(K+1)/2} weighted Gram products (the block Hessian's upper block triangle, each block symmetric).
 *
 * <p>A row whose label is not an integer in {@code [0, K)} makes the loss NaN (no exception in the row loop):
 * labels are validated where the data are loaded. {@link #add} and {@link #merge} modify this accumulator and
 * return it; arrays are allocated on the first {@code add}.
 */
public final class MultinomialAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final MultinomialLoss loss;
  private final int numFeatures;
  private final Order order;

  private double weightSum;
  private double lossSum;
  private long rows;
  /** Rows with a fitted class probability within {@link Family#BOUNDARY_EPS} of 0 (so another's of 1). */
  private long boundaryRows;
  /** Per class, length p+1. */
  private double[][] gradient;
  /** Upper block triangle: block (k, l), k <= l, at index k*K + l, upper triangle of a (p+1)^2 matrix. */
  private double[][] hessian;

  private transient double[][] eta;
  private transient double[][] r;
  private transient double[][] coefK;
  private transient double[] etaRow;
  private transient double[] pRow;
  private transient double[] d;
  private transient double[] gramScratch;

  /** An empty accumulator for {@code numFeatures} features, computing up to {@code order}. */
  public MultinomialAccumulator(MultinomialLoss loss, int numFeatures, Order order) {
    this.loss = loss;
    this.numFeatures = numFeatures;
    this.order = order;
  }

  /**
   * Adds one block evaluated at {@code coef}.
   *
   * @param coef length {@code K (p + 1)}, class-major; not modified
   * @return this accumulator, modified
   * @throws IllegalArgumentException for a block with another feature count, or with offsets
   */
  public MultinomialAccumulator add(Block block, double[] coef) {
    if (block.numFeatures() != numFeatures) {
      throw new IllegalArgumentException("block has " + block.numFeatures() + " features, model has "
          + numFeatures);
    }
    if (block.offsets() != null) {
      throw new IllegalArgumentException("multinomial does not take offsets (one per class would be needed)");
    }
    int n = block.numRows();
    if (n == 0) {
      return this;
    }
    int kk = loss.numClasses();
    int p1 = numFeatures + 1;
    ensureScratch(n);
    for (int k = 0; k < kk; k++) {
      System.arraycopy(coef, k * p1, coefK[k], 0, p1);
      block.linearPredictorInto(coefK[k], eta[k]);
    }
    double[] y = block.labels();
    double[] w = block.weights();
    boolean withGradient = order.includes(Order.GRADIENT);
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      for (int k = 0; k < kk; k++) {
        etaRow[k] = eta[k][i];
      }
      double lse = loss.probabilitiesInto(etaRow, pRow);
      double smallest = 1.0;
      for (int k = 0; k < kk; k++) {
        smallest = Math.min(smallest, pRow[k]);
      }
      boundaryRows += smallest < Family.BOUNDARY_EPS ? 1 : 0;
      double yi = y[i];
      boolean valid = loss.isValidLabel(yi);
      int c = valid ? (int) yi : 0;
      lossSum += valid ? wi * (lse - etaRow[c]) : Double.NaN;
      weightSum += wi;
      if (withGradient) {
        for (int k = 0; k < kk; k++) {
          r[k][i] = wi * (pRow[k] - (k == c ? 1.0 : 0.0));
          eta[k][i] = pRow[k];   // keep p_ik for the Hessian (eta is not needed any more)
        }
      }
    }
    rows += n;
    if (!withGradient) {
      return this;
    }
    allocateSums();
    for (int k = 0; k < kk; k++) {
      block.addTransposeTimesInto(r[k], gradient[k]);
    }
    if (order == Order.HESSIAN) {
      for (int k = 0; k < kk; k++) {
        for (int l = k; l < kk; l++) {
          for (int i = 0; i < n; i++) {
            double wi = w == null ? 1.0 : w[i];
            d[i] = wi * eta[k][i] * ((k == l ? 1.0 : 0.0) - eta[l][i]);
          }
          gramScratch = block.addWeightedGramInto(d, hessian[k * kk + l], gramScratch);
        }
      }
    }
    return this;
  }

  /**
   * Adds another accumulator's sums to this one.
   *
   * @return this accumulator, modified; {@code other} is not modified
   */
  public MultinomialAccumulator merge(MultinomialAccumulator other) {
    if (other.rows == 0) {
      return this;
    }
    weightSum += other.weightSum;
    lossSum += other.lossSum;
    rows += other.rows;
    boundaryRows += other.boundaryRows;
    if (other.gradient != null) {
      allocateSums();
      addInto(other.gradient, gradient);
      if (other.hessian != null) {
        addInto(other.hessian, hessian);
      }
    }
    return this;
  }

  private static void addInto(double[][] from, double[][] to) {
    for (int a = 0; a < from.length; a++) {
      if (from[a] == null) {
        continue;
      }
      for (int j = 0; j < from[a].length; j++) {
        to[a][j] += from[a][j];
      }
    }
  }

  private void allocateSums() {
    int kk = loss.numClasses();
    int p1 = numFeatures + 1;
    if (gradient == null && order.includes(Order.GRADIENT)) {
      gradient = new double[kk][p1];
    }
    if (hessian == null && order == Order.HESSIAN) {
      hessian = new double[kk * kk][];
      for (int k = 0; k < kk; k++) {
        for (int l = k; l < kk; l++) {
          hessian[k * kk + l] = new double[p1 * p1];
        }
      }
    }
  }

  private void ensureScratch(int n) {
    int kk = loss.numClasses();
    if (coefK == null) {
      coefK = new double[kk][numFeatures + 1];
      etaRow = new double[kk];
      pRow = new double[kk];
    }
    if (eta == null || eta[0].length < n) {
      eta = new double[kk][n];
      r = new double[kk][n];
      d = new double[n];
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

  /** {@code sum_i w_i l(y_i, eta_i)} (NaN when a label was invalid). */
  public double lossSum() {
    return lossSum;
  }

  /** Rows added. */
  public long rows() {
    return rows;
  }

  /**
   * Rows whose fitted class probabilities include one numerically 0 ({@code min_k p_ik <} {@link Family#BOUNDARY_EPS},
   * so with two classes the other is numerically 1): R's "fitted probabilities numerically 0 or 1" for binomial,
   * here per class (every order counts them).
   */
  public long boundaryRows() {
    return boundaryRows;
  }

  /** The gradient sum, flat class-major, length {@code K (p + 1)} (a new array; zeros when no rows were added). */
  public double[] gradient() {
    int kk = loss.numClasses();
    int p1 = numFeatures + 1;
    double[] g = new double[kk * p1];
    if (gradient != null) {
      for (int k = 0; k < kk; k++) {
        System.arraycopy(gradient[k], 0, g, k * p1, p1);
      }
    }
    return g;
  }

  /** The Hessian sum as a full symmetric row-major {@code K(p+1) x K(p+1)} matrix (a new array). */
  public double[] hessian() {
    int kk = loss.numClasses();
    int p1 = numFeatures + 1;
    int dim = kk * p1;
    double[] h = new double[dim * dim];
    if (hessian == null) {
      return h;
    }
    for (int k = 0; k < kk; k++) {
      for (int l = k; l < kk; l++) {
        double[] blk = hessian[k * kk + l];
        for (int a = 0; a < p1; a++) {
          for (int b = a; b < p1; b++) {
            double v = blk[a * p1 + b];
            // Block (k, l) is symmetric: entries (a, b) and (b, a); block (l, k) is its transpose (the same).
            h[(k * p1 + a) * dim + l * p1 + b] = v;
            h[(k * p1 + b) * dim + l * p1 + a] = v;
            h[(l * p1 + a) * dim + k * p1 + b] = v;
            h[(l * p1 + b) * dim + k * p1 + a] = v;
          }
        }
      }
    }
    return h;
  }
}
