package io.sparkglm.core.fit;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.DenseBlock;
import java.io.Serializable;

/**
 * Which columns of the design are aliased: linear combinations of the intercept and of the columns before them,
 * as R's {@code lm}/{@code glm} find with the pivoted QR decomposition and report as {@code NA} ("not defined
 * because of singularities"). An unpenalized fit with an aliased column has no unique solution; R drops the
 * column from the fit, and so does the trainer (its coefficient is held at 0 and reported as aliased).
 *
 * <p>One pass accumulates the prior-weighted Gram matrix {@code sum_i w_i z_i z_i'} of the standardized columns
 * {@code z_ij = (x_ij - m_j) / s_j} (centered only with an intercept; {@code m}, {@code s} the weighted means and
 * spreads of {@link FeatureStats}). Dense blocks are centered row by row before the product, so a column with a
 * large mean and a small spread keeps its digits; sparse blocks are centered afterwards from their sums (their
 * means are small next to their spreads). Centering by the weighted means is the intercept's elimination, so the
 * rank decision then runs over the features alone. The curvature weights of any family are positive where the
 * mean is inside its domain, so this rank is the rank of the information matrix at any interior point.
 *
 * <p>{@link #aliased} walks the columns in order with a Cholesky decomposition: a column is aliased when the part
 * of it not explained by the kept columns before it has a squared norm at most {@value #TOLERANCE} of its own
 * ({@code 1 - R^2 <= } {@value #TOLERANCE}). R's QR uses {@code 1e-7} on norms ({@code 1e-14} in squares); the
 * Gram matrix squares the condition, so its rounding (about {@code sqrt(n)} machine epsilons) needs the wider
 * margin. Kept in R's order, the first of two identical columns stays and the second is aliased.
 */
public final class ColumnRank implements Serializable {
  private static final long serialVersionUID = 1L;
  /** {@code 1 - R^2} at or below which a column is aliased. */
  public static final double TOLERANCE = 1e-10;

  private final int p;
  private final double[] center;
  private final double[] scale;
  private final boolean[] skip;
  /** Upper triangle of the (p+1) x (p+1) Gram of [z, 1], row-major (the intercept slot is unused). */
  private double[] gram;
  private transient double[] scratch;

  /**
   * @param center the column means to subtract (null: no centering, a fit without intercept)
   * @param scale the columns' spreads (positive where not skipped)
   * @param skip columns already held at zero (constant ones), left out of the decision
   */
  public ColumnRank(double[] center, double[] scale, boolean[] skip) {
    this.p = scale.length;
    this.center = center == null ? null : center.clone();
    this.scale = scale.clone();
    this.skip = skip.clone();
  }

  /** Adds one block; returns this, modified. */
  public ColumnRank add(Block block) {
    int n = block.numRows();
    if (n == 0) {
      return this;
    }
    if (gram == null) {
      gram = new double[(p + 1) * (p + 1)];
    }
    double[] w = block.weights() != null ? block.weights() : ones(n);
    if (block instanceof DenseBlock dense) {
      double[] x = dense.values();
      double[] z = new double[n * p];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < p; j++) {
          double v = x[i * p + j] - (center == null ? 0.0 : center[j]);
          z[i * p + j] = skip[j] ? 0.0 : v / scale[j];
        }
      }
      scratch = new DenseBlock(n, p, z, block.labels(), null, null).addWeightedGramInto(w, gram, scratch);
      return this;
    }
    double[] raw = new double[(p + 1) * (p + 1)];
    scratch = block.addWeightedGramInto(w, raw, scratch);
    int d = p + 1;
    double wSum = raw[p * d + p];
    for (int j = 0; j < p; j++) {
      if (skip[j]) {
        continue;
      }
      double mj = center == null ? 0.0 : center[j];
      double sj = raw[j * d + p];
      for (int k = j; k < p; k++) {
        if (skip[k]) {
          continue;
        }
        double mk = center == null ? 0.0 : center[k];
        double sk = raw[k * d + p];
        gram[j * d + k] += (raw[j * d + k] - mj * sk - mk * sj + wSum * mj * mk) / (scale[j] * scale[k]);
      }
    }
    return this;
  }

  /** Adds another accumulator's sums; returns this, modified. */
  public ColumnRank merge(ColumnRank other) {
    if (other.gram == null) {
      return this;
    }
    if (gram == null) {
      gram = other.gram.clone();
      return this;
    }
    for (int i = 0; i < gram.length; i++) {
      gram[i] += other.gram[i];
    }
    return this;
  }

  /** The aliased columns (length p; skipped columns are not aliased here). */
  public boolean[] aliased() {
    return aliased(gram == null ? new double[(p + 1) * (p + 1)] : gram, p, skip);
  }

  /**
   * The aliased columns of the Gram matrix {@code g} (upper triangle of a row-major {@code (p+1) x (p+1)}; the
   * last row and column are ignored), walking the columns in order.
   */
  static boolean[] aliased(double[] g, int p, boolean[] skip) {
    int d = p + 1;
    boolean[] aliased = new boolean[p];
    // l[j*p + k]: the Cholesky factor's entry for kept column j on kept column k < j (row-major, lower).
    double[] l = new double[p * p];
    int[] kept = new int[p];
    int nKept = 0;
    for (int j = 0; j < p; j++) {
      if (skip[j]) {
        continue;
      }
      double diag = g[j * d + j];
      double[] row = new double[nKept];
      double residual = diag;
      for (int a = 0; a < nKept; a++) {
        int k = kept[a];
        double s = g[k * d + j];
        for (int b = 0; b < a; b++) {
          s -= row[b] * l[k * p + kept[b]];
        }
        row[a] = s / l[k * p + k];
        residual -= row[a] * row[a];
      }
      if (!(diag > 0) || residual <= TOLERANCE * diag) {
        aliased[j] = true;
        continue;
      }
      for (int a = 0; a < nKept; a++) {
        l[j * p + kept[a]] = row[a];
      }
      l[j * p + j] = Math.sqrt(residual);
      kept[nKept++] = j;
    }
    return aliased;
  }

  private static double[] ones(int n) {
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1.0);
    return w;
  }
}
