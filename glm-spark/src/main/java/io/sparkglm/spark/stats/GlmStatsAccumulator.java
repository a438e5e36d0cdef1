package io.sparkglm.spark.stats;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import java.io.Serializable;

/**
 * One pass of goodness-of-fit sums at fixed coefficients: the deviance {@code sum_i w_i d(y_i, mu_i)}, the
 * Pearson statistic {@code sum_i w_i (y_i - mu_i)^2 / V(mu_i)}, the Fisher information {@code X1' W X1} with
 * the expected-information weights (optional), the family's sums for R's AIC ({@link Family#addAicTerms}), and
 * (optional) the data term's value and gradient through {@link GlmAccumulator}, so the trainer's certificate
 * (objective and KKT at the solution) comes from the same pass; and (optional) the deviance at one constant mean
 * {@code mu0}, {@code sum_i w_i d(y_i, mu0)}: the null deviance when there are no offsets, from the same pass.
 * {@link #add} and {@link #merge} modify this object (the treeAggregate accumulator).
 */
final class GlmStatsAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GlmLoss loss;
  private final int numFeatures;
  private final boolean withInformation;
  private final double nullMean;
  long rows;
  /** Rows whose fitted mean is at the edge of the family's domain ({@link Family#meanAtBoundary}). */
  long boundaryRows;
  double weightSum;
  double deviance;
  /** {@code sum w d(y, mu0)} when a constant mean mu0 was given, else 0. */
  double nullDeviance;
  double pearson;
  double sumLogWeight;
  /** The family's {@link Family#aicTermCount()} sums for its AIC. */
  final double[] aicSums;
  double[] information;
  /** {@code sum w l'(eta)} and {@code sum w l''(eta)}: the intercept's gradient and curvature. */
  double interceptGradient;
  double interceptCurvature;
  /** The data term's loss and gradient sums, or {@code null} when not asked for. */
  GlmAccumulator dataTerm;

  private transient double[] eta;
  private transient double[] d;
  private transient double[] scratch;

  GlmStatsAccumulator(GlmLoss loss, int numFeatures, boolean withInformation, boolean withDataTerm) {
    this(loss, numFeatures, withInformation, withDataTerm, Double.NaN);
  }

  /**
   * @param nullMean the constant mean {@code mu0} whose deviance {@link #nullDeviance} sums, or NaN for none
   */
  GlmStatsAccumulator(GlmLoss loss, int numFeatures, boolean withInformation, boolean withDataTerm,
      double nullMean) {
    this.nullMean = nullMean;
    this.loss = loss;
    this.numFeatures = numFeatures;
    this.withInformation = withInformation;
    this.aicSums = new double[loss.family().aicTermCount()];
    this.dataTerm = withDataTerm ? new GlmAccumulator(loss, numFeatures, Order.GRADIENT) : null;
  }

  GlmStatsAccumulator add(Block block, double[] coef) {
    int n = block.numRows();
    if (n == 0) {
      return this;
    }
    if (eta == null || eta.length < n) {
      eta = new double[n];
      d = new double[n];
    }
    if (dataTerm != null) {
      dataTerm.add(block, coef);
    }
    block.linearPredictorInto(coef, eta);
    Family family = loss.family();
    double[] aic = aicSums;
    double[] y = block.labels();
    boolean withNull = !Double.isNaN(nullMean);
    for (int i = 0; i < n; i++) {
      double w = block.weight(i);
      double mu = loss.mean(eta[i]);
      rows++;
      if (family.meanAtBoundary(mu)) {
        boundaryRows++;
      }
      weightSum += w;
      sumLogWeight += w == 1.0 ? 0.0 : Math.log(w);
      deviance += w * family.unitDeviance(y[i], mu);
      if (withNull) {
        nullDeviance += w * family.unitDeviance(y[i], nullMean);
      }
      double r = y[i] - mu;
      pearson += w * r * r / family.variance(mu);
      family.addAicTerms(y[i], mu, w, aic);
      interceptGradient += w * loss.derivative(y[i], eta[i]);
      interceptCurvature += w * loss.curvature(y[i], eta[i]);
      d[i] = w * loss.expectedInformation(eta[i]);
    }
    if (withInformation) {
      if (information == null) {
        information = new double[(numFeatures + 1) * (numFeatures + 1)];
      }
      scratch = block.addWeightedGramInto(d, information, scratch);
    }
    return this;
  }

  GlmStatsAccumulator merge(GlmStatsAccumulator o) {
    rows += o.rows;
    boundaryRows += o.boundaryRows;
    weightSum += o.weightSum;
    deviance += o.deviance;
    nullDeviance += o.nullDeviance;
    pearson += o.pearson;
    sumLogWeight += o.sumLogWeight;
    for (int k = 0; k < aicSums.length; k++) {
      aicSums[k] += o.aicSums[k];
    }
    interceptGradient += o.interceptGradient;
    interceptCurvature += o.interceptCurvature;
    if (o.dataTerm != null) {
      dataTerm = dataTerm == null ? o.dataTerm : dataTerm.merge(o.dataTerm);
    }
    if (o.information != null) {
      if (information == null) {
        information = o.information.clone();
      } else {
        for (int j = 0; j < information.length; j++) {
          information[j] += o.information[j];
        }
      }
    }
    return this;
  }

  /** The information matrix, full symmetric (the accumulated upper triangle mirrored). */
  double[] fullInformation() {
    int p1 = numFeatures + 1;
    return GlmAccumulator.symmetricFromUpper(
        information == null ? new double[p1 * p1] : information.clone(), p1);
  }
}
