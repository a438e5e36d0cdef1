package io.sparkglm.spark.ml;

import io.sparkglm.core.fit.CvCurve;
import io.sparkglm.spark.train.CrossValidation;
import io.sparkglm.spark.train.RegularizationPath;

/**
 * What a {@link GlmRegressionCVModel} keeps of its {@link CrossValidation}: the curve, the chosen point, the
 * per-fold figures (K folds, L lambdas). Arrays are not copied here; the model hands out copies.
 *
 * @param curve lambdas (decreasing), cvm, cvsd, indexMin, index1se
 * @param selected the index of the final model's lambda ({@code indexMin} or {@code index1se})
 * @param nonZeros non-zero coefficients of the full-data path at each lambda (cv.glmnet's {@code nzero}; length L)
 * @param foldDeviance {@code K x L} weighted mean held-out deviance
 * @param foldWeights held-out weight sum of each fold (length K)
 * @param foldRows held-out row count of each fold (length K)
 * @param passes data passes of the cross validation (the refit not included)
 */
record CvFigures(CvCurve curve, int selected, int[] nonZeros, double[][] foldDeviance, double[] foldWeights,
    long[] foldRows, long passes) implements java.io.Serializable {

  /** The figures of {@code r} with the final model at index {@code selected}. */
  static CvFigures of(CrossValidation.Result r, int selected) {
    int[] nonZeros = r.path().points().stream().mapToInt(RegularizationPath.Point::nonZeros).toArray();
    return new CvFigures(r.curve(), selected, nonZeros, r.foldDeviance(), r.foldWeights(), r.foldRows(),
        r.passes());
  }

  /**
   * Checks the shapes (what a loaded model must satisfy).
   *
   * @return null when they fit, else what is wrong
   */
  String problem() {
    int l = curve.lambdas().length;
    int k = foldWeights.length;
    if (l < 1) {
      return "no lambdas";
    }
    if (curve.cvm().length != l || curve.cvsd().length != l || nonZeros.length != l) {
      return l + " lambdas but " + curve.cvm().length + " cvm, " + curve.cvsd().length + " cvsd and "
          + nonZeros.length + " nonZeros";
    }
    for (int i : new int[] {curve.indexMin(), curve.index1se(), selected}) {
      if (i < 0 || i >= l) {
        return "index " + i + " is not one of the " + l + " lambdas";
      }
    }
    if (k < 2 || foldRows.length != k || foldDeviance.length != k) {
      return foldWeights.length + " fold weights, " + foldRows.length + " fold row counts, " + foldDeviance.length
          + " folds of deviances (at least 2 folds, each with all three)";
    }
    for (double[] d : foldDeviance) {
      if (d.length != l) {
        return "a fold has " + d.length + " deviances for " + l + " lambdas";
      }
    }
    return null;
  }
}
