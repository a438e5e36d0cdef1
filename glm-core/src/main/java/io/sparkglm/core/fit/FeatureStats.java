package io.sparkglm.core.fit;

import io.sparkglm.core.data.Block;
import java.io.Serializable;

/**
 * Weighted moments of the training data, from one pass: row count, weight sum, the weighted mean and
 * population standard deviation of every feature ({@code m_j = sum_i v_i x_ij},
 * {@code s_j = sqrt(sum_i v_i (x_ij - m_j)^2)}, {@code v_i = w_i / sum w}: glmnet's 1/n form), the root mean
 * square of every feature, and the weighted mean of the label (and of the offset).
 *
 * <p>Blocks are combined with Chan, Golub and LeVeque's pairwise update of means and centered sums of
 * squares, so a feature with a large mean and small spread keeps its digits. {@link #add} and {@link #merge}
 * modify this object and return it; it is the accumulator Spark's {@code treeAggregate} uses.
 */
public final class FeatureStats implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int numFeatures;
  private long rows;
  private long storedValues;
  private double weightSum;
  private double labelSum;
  private double offsetSum;
  private double[] mean;
  private double[] m2;
  private double[] sumSq;
  /** {@code sum_i w_i y_i x_ij}: the label's cross moments, for the gradient at the start ({@link FitSetup}). */
  private double[] labelMoment;

  /** Empty statistics for {@code numFeatures} features. */
  public FeatureStats(int numFeatures) {
    this.numFeatures = numFeatures;
  }

  /** Adds one block; returns this, modified. */
  public FeatureStats add(Block block) {
    int n = block.numRows();
    if (n == 0) {
      return this;
    }
    double w = 0.0;
    double ys = 0.0;
    double os = 0.0;
    double[] y = block.labels();
    double[] off = block.offsets();
    for (int i = 0; i < n; i++) {
      double wi = block.weight(i);
      w += wi;
      ys += wi * y[i];
      if (off != null) {
        os += wi * off[i];
      }
    }
    double[] s1 = new double[numFeatures];
    double[] s2 = new double[numFeatures];
    block.addFeatureMomentsInto(s1, s2);
    double[] wy = new double[n];
    for (int i = 0; i < n; i++) {
      wy[i] = block.weight(i) * y[i];
    }
    double[] cross = new double[numFeatures + 1];
    block.addTransposeTimesInto(wy, cross);
    FeatureStats b = new FeatureStats(numFeatures);
    b.rows = n;
    b.storedValues = block.storedValues();
    b.weightSum = w;
    b.labelSum = ys;
    b.offsetSum = os;
    b.mean = new double[numFeatures];
    b.m2 = new double[numFeatures];
    b.sumSq = s2;
    b.labelMoment = java.util.Arrays.copyOf(cross, numFeatures);
    for (int j = 0; j < numFeatures; j++) {
      b.mean[j] = w > 0 ? s1[j] / w : 0.0;
      // Within a block of at most a few thousand rows the direct form is accurate enough; across blocks
      // the pairwise merge below keeps the precision.
      b.m2[j] = Math.max(0.0, s2[j] - w * b.mean[j] * b.mean[j]);
    }
    return merge(b);
  }

  /** Adds another statistics object; returns this, modified ({@code other} is not). */
  public FeatureStats merge(FeatureStats other) {
    if (other.rows == 0) {
      return this;
    }
    if (rows == 0) {
      mean = other.mean.clone();
      m2 = other.m2.clone();
      sumSq = other.sumSq.clone();
      labelMoment = other.labelMoment.clone();
    } else {
      double wa = weightSum;
      double wb = other.weightSum;
      double w = wa + wb;
      for (int j = 0; j < numFeatures; j++) {
        double delta = other.mean[j] - mean[j];
        if (w > 0) {
          mean[j] += delta * wb / w;
          m2[j] += other.m2[j] + delta * delta * wa * wb / w;
        }
        sumSq[j] += other.sumSq[j];
        labelMoment[j] += other.labelMoment[j];
      }
    }
    rows += other.rows;
    storedValues += other.storedValues;
    weightSum += other.weightSum;
    labelSum += other.labelSum;
    offsetSum += other.offsetSum;
    return this;
  }

  /** Number of features p. */
  public int numFeatures() {
    return numFeatures;
  }

  /** Rows seen. */
  public long rows() {
    return rows;
  }

  /** Stored feature values (n*p for dense blocks, non-zeros for sparse ones). */
  public long storedValues() {
    return storedValues;
  }

  /** {@code sum_i w_i}. */
  public double weightSum() {
    return weightSum;
  }

  /** Weighted mean of the label. */
  public double labelMean() {
    return weightSum > 0 ? labelSum / weightSum : Double.NaN;
  }

  /** Weighted mean of the offset (0 without offsets). */
  public double offsetMean() {
    return weightSum > 0 ? offsetSum / weightSum : 0.0;
  }

  /** Weighted means {@code m_j} (a copy). */
  public double[] mean() {
    return mean == null ? new double[numFeatures] : mean.clone();
  }

  /** Weighted population standard deviations {@code s_j} (a copy). */
  public double[] sd() {
    double[] s = new double[numFeatures];
    for (int j = 0; j < numFeatures && m2 != null; j++) {
      s[j] = Math.sqrt(Math.max(0.0, m2[j] / weightSum));
    }
    return s;
  }

  /** Weighted means of {@code y x_j}: {@code sum_i w_i y_i x_ij / sum_i w_i} (a copy). */
  public double[] labelFeatureMean() {
    double[] m = new double[numFeatures];
    for (int j = 0; j < numFeatures && labelMoment != null; j++) {
      m[j] = labelMoment[j] / weightSum;
    }
    return m;
  }

  /** Weighted root mean squares {@code sqrt(sum_i v_i x_ij^2)} (a copy). */
  public double[] rootMeanSquare() {
    double[] s = new double[numFeatures];
    for (int j = 0; j < numFeatures && sumSq != null; j++) {
      s[j] = Math.sqrt(Math.max(0.0, sumSq[j] / weightSum));
    }
    return s;
  }
}
