package io.sparkglm.core.fit;

/**
 * The cross-validation curve as R's {@code cv.glmnet} computes it for {@code type.measure = "deviance"},
 * {@code grouped = TRUE} (glmnet 4.1, {@code cvcompute} and {@code cvstats}): with {@code e_kl} the weighted mean
 * held-out deviance of fold {@code k} at lambda {@code l} and {@code W_k} the fold's weight sum,
 * <pre>
 *   cvm_l  = sum_k W_k e_kl / sum_k W_k
 *   cvsd_l = sqrt( (sum_k W_k (e_kl - cvm_l)^2 / sum_k W_k) / (K - 1) )
 * </pre>
 * {@code lambdaMin} is the largest lambda with the smallest {@code cvm}; {@code lambda1se} the largest lambda whose
 * {@code cvm} is at most {@code cvm + cvsd} at {@code lambdaMin} (glmnet's {@code getOptcv.glmnet}).
 *
 * @param lambdas the sequence, decreasing (length L)
 * @param cvm mean cross-validated deviance per lambda (length L)
 * @param cvsd its standard error (length L)
 * @param indexMin the index of {@code lambdaMin}
 * @param index1se the index of {@code lambda1se}
 */
public record CvCurve(double[] lambdas, double[] cvm, double[] cvsd, int indexMin, int index1se) {

  /**
   * The curve from the per-fold figures.
   *
   * @param lambdas length L, decreasing; not modified
   * @param foldDeviance {@code K x L}: fold k's weighted mean held-out deviance at each lambda; not modified
   * @param foldWeights length K: each fold's held-out weight sum; not modified
   * @throws IllegalArgumentException with fewer than 2 folds, shapes that do not match, or a fold without weight
   */
  public static CvCurve of(double[] lambdas, double[][] foldDeviance, double[] foldWeights) {
    int folds = foldDeviance.length;
    int count = lambdas.length;
    if (folds < 2 || foldWeights.length != folds) {
      throw new IllegalArgumentException("cross validation needs at least 2 folds with one weight each, got "
          + folds + " folds and " + foldWeights.length + " weights");
    }
    double total = 0.0;
    for (int k = 0; k < folds; k++) {
      if (foldDeviance[k].length != count || !(foldWeights[k] > 0)) {
        throw new IllegalArgumentException("fold " + (k + 1) + ": " + foldDeviance[k].length + " deviances for "
            + count + " lambdas, weight sum " + foldWeights[k] + " (every fold needs held-out rows)");
      }
      total += foldWeights[k];
    }
    double[] cvm = new double[count];
    double[] cvsd = new double[count];
    for (int l = 0; l < count; l++) {
      double mean = 0.0;
      for (int k = 0; k < folds; k++) {
        mean += foldWeights[k] * foldDeviance[k][l];
      }
      mean /= total;
      double var = 0.0;
      for (int k = 0; k < folds; k++) {
        double d = foldDeviance[k][l] - mean;
        var += foldWeights[k] * d * d;
      }
      cvm[l] = mean;
      cvsd[l] = Math.sqrt(var / total / (folds - 1));
    }
    int min = 0;
    for (int l = 1; l < count; l++) {
      if (cvm[l] < cvm[min] || cvm[l] == cvm[min] && lambdas[l] > lambdas[min]) {
        min = l;
      }
    }
    double bound = cvm[min] + cvsd[min];
    int oneSe = min;
    for (int l = 0; l < count; l++) {
      if (cvm[l] <= bound && lambdas[l] > lambdas[oneSe]) {
        oneSe = l;
      }
    }
    return new CvCurve(lambdas.clone(), cvm, cvsd, min, oneSe);
  }

  /** The lambda with the smallest mean cross-validated deviance (the largest such). */
  public double lambdaMin() {
    return lambdas[indexMin];
  }

  /** The largest lambda within one standard error of the minimum. */
  public double lambda1se() {
    return lambdas[index1se];
  }
}
