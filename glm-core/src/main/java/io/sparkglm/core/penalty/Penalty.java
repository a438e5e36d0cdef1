package io.sparkglm.core.penalty;

import java.util.Arrays;

/**
 * A separable elastic-net penalty with per-coordinate weights:
 * <pre>
 *   P(b) = sum_j l1_j |b_j| + sum_j l2_j / 2 * b_j^2
 * </pre>
 * over a coefficient vector of length {@code p + 1} (intercept last, whose weights are always 0). The plain
 * elastic net of README.md ("The objective") is {@code l1_j = lambda*alpha}, {@code l2_j = lambda*(1-alpha)}; glmnet's
 * {@code standardize=TRUE} multiplies them by {@code s_j} and {@code s_j^2}; a change of variables
 * {@code b_j = c_j / s_j} divides them by {@code s_j} and {@code s_j^2} (see {@link #rescaled}).
 *
 * <p>Coordinates can be <em>fixed</em> at zero (a feature the model cannot use, or the intercept when
 * none is fitted): the proximal operator keeps them at 0 and {@link #kktViolation} ignores them.
 *
 * <p>Features can be <em>boxed</em>, {@code lower_j <= b_j <= upper_j} (glmnet's {@code lower.limits} and
 * {@code upper.limits}, {@link #withBounds}): the penalty then includes the box's indicator, which is 0 on the
 * box and {@code +inf} outside. {@link #value} assumes a point in the box (solvers that support bounds keep
 * their iterates there, {@link #projectInPlace}); the proximal operators clip after thresholding (the prox of a
 * convex function of one variable plus an interval's indicator is the clipped prox), and {@link #kktViolation}
 * becomes the condition of the constrained problem. The intercept is never bounded.
 * Immutable and serializable (stochastic solvers ship it to executors for local proximal steps).
 */
public final class Penalty implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] l1;
  private final double[] l2;
  private final boolean[] fixed;
  private final boolean hasL1;
  private final boolean isZero;
  /** Box bounds, length p+1 (intercept -inf, +inf), or {@code null} when no coordinate is bounded. */
  private final double[] lower;
  private final double[] upper;

  private Penalty(double[] l1, double[] l2, boolean[] fixed) {
    this(l1, l2, fixed, null, null);
  }

  private Penalty(double[] l1, double[] l2, boolean[] fixed, double[] lower, double[] upper) {
    this.l1 = l1;
    this.l2 = l2;
    this.fixed = fixed;
    this.lower = lower;
    this.upper = upper;
    boolean anyL1 = false;
    boolean any = false;
    for (int j = 0; j < l1.length; j++) {
      if (l1[j] < 0 || l2[j] < 0 || !Double.isFinite(l1[j]) || !Double.isFinite(l2[j])) {
        throw new IllegalArgumentException("penalty weights must be finite and >= 0; coordinate " + j
            + " has l1=" + l1[j] + ", l2=" + l2[j]);
      }
      anyL1 |= l1[j] > 0 && !fixed[j];
      any |= (l1[j] > 0 || l2[j] > 0) && !fixed[j];
    }
    this.hasL1 = anyL1;
    this.isZero = !any;
  }

  /**
   * The elastic net {@code lambda*(alpha*sum_j f_j|b_j| + (1-alpha)/2*sum_j f_j^2 b_j^2)} on the {@code p}
   * features, intercept unpenalized.
   *
   * @param factors per-feature factors {@code f_j >= 0} (glmnet's standardization uses {@code f_j = s_j}),
   *     or {@code null} for all ones
   * @param fixed coordinates held at zero, length p+1, or {@code null} for none
   */
  public static Penalty elasticNet(int numFeatures, double lambda, double alpha, double[] factors,
      boolean[] fixed) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("regParam (lambda) must be finite and >= 0, got " + lambda);
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("elasticNetParam (alpha) must be in [0, 1], got " + alpha);
    }
    double[] l1 = new double[numFeatures + 1];
    double[] l2 = new double[numFeatures + 1];
    for (int j = 0; j < numFeatures; j++) {
      double f = factors == null ? 1.0 : factors[j];
      l1[j] = lambda * alpha * f;
      l2[j] = lambda * (1 - alpha) * f * f;
    }
    boolean[] fx = fixed == null ? new boolean[numFeatures + 1] : fixed.clone();
    return new Penalty(l1, l2, fx);
  }

  /**
   * The elastic net with glmnet's penalty factors {@code g_j} on top of the scale factors {@code f_j}:
   * {@code lambda * sum_j g_j (alpha f_j |b_j| + (1-alpha)/2 f_j^2 b_j^2)}.
   *
   * @param penaltyFactors {@code g_j >= 0}, length p, or {@code null} for all ones
   */
  public static Penalty elasticNet(int numFeatures, double lambda, double alpha, double[] factors,
      double[] penaltyFactors, boolean[] fixed) {
    if (penaltyFactors == null) {
      return elasticNet(numFeatures, lambda, alpha, factors, fixed);
    }
    if (penaltyFactors.length != numFeatures) {
      throw new IllegalArgumentException("penalty factors: " + penaltyFactors.length + " values for "
          + numFeatures + " features");
    }
    Penalty base = elasticNet(numFeatures, lambda, alpha, factors, fixed);
    double[] l1 = base.l1.clone();
    double[] l2 = base.l2.clone();
    for (int j = 0; j < numFeatures; j++) {
      l1[j] *= penaltyFactors[j];
      l2[j] *= penaltyFactors[j];
    }
    return new Penalty(l1, l2, base.fixed);
  }

  /** No penalty on {@code numFeatures} features and an intercept. */
  public static Penalty none(int numFeatures) {
    return elasticNet(numFeatures, 0.0, 0.0, null, null);
  }

  /**
   * This penalty repeated for {@code numClasses} classes, on the class-major flat vector of length
   * {@code K (p + 1)} of a multinomial model ({@link io.sparkglm.core.family.MultinomialLoss}): class {@code k}'s
   * coordinate {@code j} gets coordinate {@code j}'s weights, fixed flag and box, so every intercept stays
   * unpenalized and {@code P(B) = sum_k P(b_k)}.
   *
   * @param numClasses {@code K >= 1}
   */
  public Penalty perClass(int numClasses) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    int d = l1.length;
    double[] a = new double[numClasses * d];
    double[] q = new double[numClasses * d];
    boolean[] fx = new boolean[numClasses * d];
    double[] lo = lower == null ? null : new double[numClasses * d];
    double[] hi = upper == null ? null : new double[numClasses * d];
    for (int k = 0; k < numClasses; k++) {
      System.arraycopy(l1, 0, a, k * d, d);
      System.arraycopy(l2, 0, q, k * d, d);
      System.arraycopy(fixed, 0, fx, k * d, d);
      if (lo != null) {
        System.arraycopy(lower, 0, lo, k * d, d);
        System.arraycopy(upper, 0, hi, k * d, d);
      }
    }
    return new Penalty(a, q, fx, lo, hi);
  }

  /**
   * The same penalty in the variables {@code c_j = s_j b_j}: weights {@code l1_j / s_j}, {@code l2_j / s_j^2}.
   * Fixed coordinates and the intercept (index p) are unchanged.
   *
   * @param scale {@code s_j > 0} for every non-fixed feature; length p
   */
  public Penalty rescaled(double[] scale) {
    double[] a = l1.clone();
    double[] q = l2.clone();
    double[] lo = lower == null ? null : lower.clone();
    double[] hi = upper == null ? null : upper.clone();
    for (int j = 0; j < scale.length; j++) {
      if (!fixed[j]) {
        a[j] /= scale[j];
        q[j] /= scale[j] * scale[j];
        if (lo != null) {
          lo[j] *= scale[j];
          hi[j] *= scale[j];
        }
      }
    }
    return new Penalty(a, q, fixed, lo, hi);
  }

  /**
   * This penalty with the features boxed, {@code lower_j <= b_j <= upper_j} (infinite entries allowed; the
   * intercept stays unbounded). All-infinite bounds give this penalty unchanged.
   *
   * @param lowerBounds length p, or {@code null} for all {@code -inf}
   * @param upperBounds length p, or {@code null} for all {@code +inf}
   * @throws IllegalArgumentException for a wrong length, a NaN, or {@code lower_j > upper_j}
   */
  public Penalty withBounds(double[] lowerBounds, double[] upperBounds) {
    int p = l1.length - 1;
    double[] lo = new double[p + 1];
    double[] hi = new double[p + 1];
    Arrays.fill(lo, Double.NEGATIVE_INFINITY);
    Arrays.fill(hi, Double.POSITIVE_INFINITY);
    boolean any = false;
    for (int side = 0; side < 2; side++) {
      double[] given = side == 0 ? lowerBounds : upperBounds;
      if (given == null) {
        continue;
      }
      if (given.length != p) {
        throw new IllegalArgumentException((side == 0 ? "lower" : "upper") + " bounds: " + given.length
            + " values for " + p + " features");
      }
      System.arraycopy(given, 0, side == 0 ? lo : hi, 0, p);
    }
    for (int j = 0; j < p; j++) {
      checkBounds(j, lo[j], hi[j]);
      any |= lo[j] > Double.NEGATIVE_INFINITY || hi[j] < Double.POSITIVE_INFINITY;
    }
    return any ? new Penalty(l1, l2, fixed, lo, hi) : new Penalty(l1, l2, fixed);
  }

  /** Checks one feature's box: no NaN, {@code lower <= upper}, neither is {@code +inf} resp. {@code -inf}. */
  public static void checkBounds(int j, double lower, double upper) {
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower == Double.POSITIVE_INFINITY
        || upper == Double.NEGATIVE_INFINITY || lower > upper) {
      throw new IllegalArgumentException("bounds of feature " + (j + 1) + ": lower " + lower + " and upper "
          + upper + " must satisfy -inf <= lower <= upper <= inf (and lower < inf, upper > -inf)");
    }
  }

  /** Whether some feature is boxed (the penalty is then not smooth). */
  public boolean hasBounds() {
    return lower != null;
  }

  /** Whether the penalty is smooth everywhere: no L1 part on a free coordinate and no bound. */
  public boolean isSmooth() {
    return !hasL1 && lower == null;
  }

  /** The lower bound of coordinate j ({@code -inf} when unbounded). */
  public double lower(int j) {
    return lower == null ? Double.NEGATIVE_INFINITY : lower[j];
  }

  /** The upper bound of coordinate j ({@code +inf} when unbounded). */
  public double upper(int j) {
    return upper == null ? Double.POSITIVE_INFINITY : upper[j];
  }

  /** {@code min(max(v, lower_j), upper_j)}: coordinate j's value projected onto its box. */
  public double clip(int j, double v) {
    return lower == null ? v : Math.min(Math.max(v, lower[j]), upper[j]);
  }

  /** Projects {@code b} onto the box (free coordinates) in place, fixed coordinates left as they are. */
  public void projectInPlace(double[] b) {
    if (lower == null) {
      return;
    }
    for (int j = 0; j < b.length; j++) {
      if (!fixed[j]) {
        b[j] = clip(j, b[j]);
      }
    }
  }

  /** Whether free coordinate j of {@code b} sits at its lower or upper bound (a finite one). */
  public boolean atBound(int j, double v) {
    return lower != null && !fixed[j] && (v == lower[j] || v == upper[j]);
  }

  /** Coefficient vector length, {@code p + 1}. */
  public int dimension() {
    return l1.length;
  }

  /** Whether any free coordinate has an L1 weight (the problem is not smooth). */
  public boolean hasL1() {
    return hasL1;
  }

  /** Whether the penalty is zero on every free coordinate. */
  public boolean isZero() {
    return isZero;
  }

  /** The L1 weight of coordinate j. */
  public double l1(int j) {
    return l1[j];
  }

  /** The L2 weight of coordinate j. */
  public double l2(int j) {
    return l2[j];
  }

  /** Whether coordinate j is held at zero. */
  public boolean isFixed(int j) {
    return fixed[j];
  }

  /** A copy of the fixed-coordinate mask. */
  public boolean[] fixedMask() {
    return fixed.clone();
  }

  /** {@code P(b)}. */
  public double value(double[] b) {
    double s = 0.0;
    for (int j = 0; j < l1.length; j++) {
      s += l1[j] * Math.abs(b[j]) + 0.5 * l2[j] * b[j] * b[j];
    }
    return s;
  }

  /** The smooth (L2) part only, {@code sum_j l2_j/2 b_j^2}. */
  public double smoothValue(double[] b) {
    double s = 0.0;
    for (int j = 0; j < l2.length; j++) {
      s += 0.5 * l2[j] * b[j] * b[j];
    }
    return s;
  }

  /** The L1 part only, {@code sum_j l1_j |b_j|}. */
  public double l1Value(double[] b) {
    double s = 0.0;
    for (int j = 0; j < l1.length; j++) {
      s += l1[j] * Math.abs(b[j]);
    }
    return s;
  }

  /**
   * Adds the gradient of the smooth part, {@code l2_j b_j}, to {@code grad} (modified).
   */
  public void addSmoothGradientInto(double[] b, double[] grad) {
    for (int j = 0; j < l2.length; j++) {
      grad[j] += l2[j] * b[j];
    }
  }

  /**
   * The proximal operator of {@code t * (L1 part)} in place: {@code b_j <- sign(b_j) max(|b_j| - t l1_j, 0)}
   * (soft-thresholding) clipped to the box, and fixed coordinates set to 0.
   *
   * @param b modified
   */
  public void softThresholdInPlace(double[] b, double t) {
    for (int j = 0; j < b.length; j++) {
      if (fixed[j]) {
        b[j] = 0.0;
      } else {
        b[j] = clip(j, l1[j] > 0 ? softThreshold(b[j], t * l1[j]) : b[j]);
      }
    }
  }

  /**
   * The proximal operator of {@code t * P} (both parts) in place: {@code b_j <- S(b_j, t l1_j) / (1 + t l2_j)}
   * with {@code S} the soft-threshold, clipped to the box, fixed coordinates set to 0. This is the exact minimizer of
   * {@code t P(u) + |u - b|^2 / 2}, so a proximal-gradient step handles weight decay and L1 alike.
   *
   * @param b modified
   * @param t step size, >= 0
   */
  public void proximalInPlace(double[] b, double t) {
    for (int j = 0; j < b.length; j++) {
      if (fixed[j]) {
        b[j] = 0.0;
      } else {
        b[j] = clip(j, softThreshold(b[j], t * l1[j]) / (1.0 + t * l2[j]));
      }
    }
  }

  /** {@code sign(z) max(|z| - k, 0)}. */
  public static double softThreshold(double z, double k) {
    if (z > k) {
      return z - k;
    }
    if (z < -k) {
      return z + k;
    }
    return 0.0;
  }

  /**
   * The largest violation of the optimality (KKT) conditions of {@code D(b) + P(b)} given the data-term
   * gradient {@code g} at {@code b}: over free coordinates, the distance from 0 to the subdifferential of
   * coordinate j, {@code |g_j + l2_j b_j + l1_j sign(b_j)|} where {@code b_j != 0} and
   * {@code max(0, |g_j| - l1_j)} where {@code b_j = 0}. At a bound the box's normal cone joins in: at
   * {@code b_j = lower_j} the subdifferential reaches down to {@code -inf} (the objective may still decrease
   * outward), so only its upper end must be {@code >= 0}; at {@code upper_j} only its lower end {@code <= 0}
   * (the projected-gradient residual). Zero exactly at the optimum.
   */
  public double kktViolation(double[] b, double[] g) {
    double worst = 0.0;
    for (int j = 0; j < b.length; j++) {
      if (fixed[j]) {
        continue;
      }
      double v = kktViolation(j, b[j], g[j]);
      if (!(v <= worst)) {
        worst = v;
      }
    }
    return worst;
  }

  /**
   * The KKT violation of coordinate {@code j} alone (see {@link #kktViolation(double[], double[])}) at value
   * {@code bj} with data-term gradient {@code gj}; 0 for a fixed coordinate. Used by the strong rules of a path to
   * check the features they left out (Tibshirani et al. 2012).
   */
  public double kktViolation(int j, double bj, double gj) {
    if (fixed[j]) {
      return 0.0;
    }
    double smooth = gj + l2[j] * bj;
    double low;
    double high;
    if (bj != 0.0) {
      low = smooth + l1[j] * Math.signum(bj);
      high = low;
    } else {
      low = smooth - l1[j];
      high = smooth + l1[j];
    }
    if (lower != null && bj == lower[j]) {
      low = Double.NEGATIVE_INFINITY;
    }
    if (lower != null && bj == upper[j]) {
      high = Double.POSITIVE_INFINITY;
    }
    return Math.max(0.0, Math.max(low, -high));
  }

  @Override
  public String toString() {
    return "Penalty[l1=" + Arrays.toString(l1) + ", l2=" + Arrays.toString(l2)
        + (lower == null ? "" : ", lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper)) + "]";
  }
}
