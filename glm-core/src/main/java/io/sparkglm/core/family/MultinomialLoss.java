package io.sparkglm.core.family;

import io.sparkglm.core.data.LabelValidator;
import io.sparkglm.core.penalty.Penalty;

/**
 * The multinomial (softmax) loss of one row in the symmetric parametrization (glmnet's and MLlib's multinomial
 * {@code LogisticRegression}): with {@code K} classes {@code 0 .. K-1}, one linear predictor per class
 * {@code eta_k = b0_k + x'b_k}, class probabilities {@code p_k = exp(eta_k) / sum_l exp(eta_l)} and
 * <pre>
 *   l(y, eta) = -log p_y = logsumexp(eta) - eta_y
 *   dl/deta_k = p_k - [y = k]
 *   d2l/deta_k deta_l = p_k ([k = l] - p_l)
 * </pre>
 * {@code logsumexp} is computed as {@code m + log sum_k exp(eta_k - m)}, {@code m = max_k eta_k}: nothing overflows
 * for finite {@code eta}.
 *
 * <p><b>Coefficient layout.</b> The model's variables are one flat vector of length {@code K (p + 1)}, class-major:
 * class {@code k}'s block {@code [k (p+1), (k+1)(p+1))} is the project's usual layout ({@code b_k} then the
 * intercept {@code b0_k} last), see {@link #index}. A penalty on it is {@link Penalty#perClass}.
 *
 * <p><b>Identifiability.</b> Adding one vector {@code v} (length {@code p + 1}) to every class's block leaves every
 * {@code p_k} unchanged, so the data term is constant along those directions and its gradient is orthogonal to them
 * (its K blocks sum to 0). The intercepts are never penalized, and without a penalty neither are the coefficients:
 * the minimizers then form a set {@code B + 1 v'}. {@link #centreInPlace} picks the representative reported (the
 * minimum-norm one, coordinates centred across classes, on every coordinate the L1 part does not touch; glmnet
 * centres the intercepts the same way).
 *
 * <p>Labels are class indices ({@link LabelValidator}: an integer in {@code [0, K)}; {@link #CLASS_INDEX} accepts
 * any class index, for loading data before K is known). Offsets are not supported (an offset would be needed per
 * class). Immutable and serializable.
 */
public final class MultinomialLoss implements LabelValidator {
  private static final long serialVersionUID = 1L;
  private final int numClasses;

  /**
   * @param numClasses {@code K >= 2}
   * @throws IllegalArgumentException when {@code K < 2}
   */
  public MultinomialLoss(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("multinomial needs at least 2 classes, got " + numClasses);
    }
    this.numClasses = numClasses;
  }

  /** {@code K}. */
  public int numClasses() {
    return numClasses;
  }

  /** The length of the flat coefficient vector, {@code K (p + 1)}. */
  public int dimension(int numFeatures) {
    return numClasses * (numFeatures + 1);
  }

  /** Index of class {@code k}'s coordinate {@code j} ({@code j = p}: the intercept) in the flat vector. */
  public static int index(int k, int j, int numFeatures) {
    return k * (numFeatures + 1) + j;
  }

  /** Labels that are class indices, whatever K: integers {@code >= 0} (below {@code 2^31}). */
  public static final LabelValidator CLASS_INDEX = new LabelValidator() {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isValidLabel(double y) {
      return y >= 0 && y < Integer.MAX_VALUE && y == Math.rint(y);
    }

    @Override
    public String labelDomain() {
      return "a class index for multinomial (an integer >= 0)";
    }
  };

  /** Whether {@code y} is a valid label: an integer in {@code [0, K)}. */
  @Override
  public boolean isValidLabel(double y) {
    return y >= 0 && y < numClasses && y == Math.rint(y);
  }

  /** {@code "a class index 0..K-1 for multinomial with K classes"}. */
  @Override
  public String labelDomain() {
    return "a class index 0.." + (numClasses - 1) + " for multinomial with " + numClasses + " classes";
  }

  /** The reason {@code y} is not a valid label, for error messages. */
  public String invalidLabelMessage(double y) {
    return "label " + y + " is not valid for multinomial with " + numClasses + " classes (an integer in 0.."
        + (numClasses - 1) + ")";
  }

  /**
   * The class probabilities of one row: {@code pOut[k] = p_k}; returns {@code logsumexp(eta)}.
   *
   * @param eta length at least K; not modified
   * @param pOut length at least K; entries {@code [0, K)} overwritten
   */
  public double probabilitiesInto(double[] eta, double[] pOut) {
    double m = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < numClasses; k++) {
      m = Math.max(m, eta[k]);
    }
    double s = 0.0;
    for (int k = 0; k < numClasses; k++) {
      pOut[k] = Math.exp(eta[k] - m);
      s += pOut[k];
    }
    double inv = 1.0 / s;
    for (int k = 0; k < numClasses; k++) {
      pOut[k] *= inv;
    }
    return m + Math.log(s);
  }

  /** {@code l(y, eta) = logsumexp(eta) - eta_y}; NaN when {@code y} is not a valid label. */
  public double value(double y, double[] eta) {
    if (!isValidLabel(y)) {
      return Double.NaN;
    }
    return probabilitiesInto(eta, new double[numClasses]) - eta[(int) y];
  }

  /**
   * Centres, across classes, every coordinate {@code j} (intercept included) that the penalty has no L1 weight on:
   * {@code b_kj <- b_kj - mean_l b_lj}. The data term is unchanged; on such a coordinate the penalty (L2 or none)
   * is smallest at the centred point, so a minimizer stays a minimizer and, without a penalty, becomes the
   * minimum-norm one. Coordinates with an L1 weight are left alone: there the minimizing shift is the penalty's
   * (a weighted median for the lasso), which the solver already found.
   *
   * @param b length {@code K (p + 1)}; modified
   * @param penalty the penalty on the flat vector ({@link Penalty#perClass}), length {@code K (p + 1)}
   */
  public void centreInPlace(double[] b, Penalty penalty) {
    int p1 = b.length / numClasses;
    for (int j = 0; j < p1; j++) {
      if (penalty.l1(j) > 0) {
        continue;
      }
      double mean = 0.0;
      for (int k = 0; k < numClasses; k++) {
        mean += b[k * p1 + j];
      }
      mean /= numClasses;
      for (int k = 0; k < numClasses; k++) {
        b[k * p1 + j] -= mean;
      }
    }
  }

  @Override
  public String toString() {
    return "MultinomialLoss[K=" + numClasses + "]";
  }
}
