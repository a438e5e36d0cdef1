package io.sparkglm.spark.train;

import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.penalty.Penalty;

/**
 * Sequential strong rules for a path (Tibshirani, Bien, Friedman, Hastie, Simon, Taylor and Tibshirani 2012,
 * "Strong rules for discarding predictors in lasso-type problems", JRSS B 74, section 5). With the penalty of
 * {@link FitSetup} ({@code l1_j(lambda) = lambda alpha f_j}, {@code f_j} the penalty factor times {@code s_j} under
 * standardization), feature {@code j} is left out of the fit at {@code lambda_k} when it was zero at
 * {@code lambda_{k-1}} and {@code |g_j(b(lambda_{k-1}))| < alpha (2 lambda_k - lambda_{k-1}) f_j}, {@code g} the
 * data term's gradient on the original scale. The rule can be wrong; after the fit on the rest, the KKT conditions
 * of the full problem are checked over the left-out features ({@link #violators}), and violators join and the fit
 * is repeated, so the answer is the full problem's.
 */
final class StrongRules {
  private StrongRules() {
  }

  /**
   * The features to leave out at {@code lambda} (length p).
   *
   * @param full the setup at {@code lambda} without exclusions
   * @param previousLambda the lambda of {@code previous} ({@code lambda_max} at the start)
   * @param previous the solution at {@code previousLambda}, original scale (length p+1); not modified
   * @param gradient the data term's gradient at {@code previous} (length p+1); not modified
   */
  static boolean[] discarded(FitSetup full, double lambda, double previousLambda, double[] previous,
      double[] gradient) {
    int p = full.stats().numFeatures();
    Penalty penalty = full.penalty();
    boolean[] fixed = full.fixed();
    boolean[] out = new boolean[p];
    double ratio = 2.0 - previousLambda / lambda;
    for (int j = 0; j < p; j++) {
      double l1 = penalty.l1(j);
      out[j] = !fixed[j] && previous[j] == 0.0 && l1 > 0 && Math.abs(gradient[j]) < l1 * ratio;
    }
    return out;
  }

  /**
   * The left-out features that violate the full problem's KKT conditions at {@code b} (zero there): those with
   * {@code |g_j| > l1_j} (one-sided at a bound of 0). Strictly positive violations count, so the returned fit
   * is exactly the full problem's optimum over the features kept.
   *
   * @param full the setup at this lambda without exclusions
   * @param discarded the features left out (length p); not modified
   * @param b the solution, original scale (length p+1); not modified
   * @param gradient the data term's gradient at {@code b} (length p+1); not modified
   */
  static boolean[] violators(FitSetup full, boolean[] discarded, double[] b, double[] gradient) {
    boolean[] out = new boolean[discarded.length];
    for (int j = 0; j < discarded.length; j++) {
      out[j] = discarded[j] && !(full.penalty().kktViolation(j, b[j], gradient[j]) <= 0.0);
    }
    return out;
  }

  /** The number of {@code true} entries. */
  static int count(boolean[] flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }
}
