package io.sparkglm.core.fit;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.family.NegativeBinomialTheta;
import java.io.Serializable;

/**
 * One pass of the sums that estimate the negative binomial's {@code theta} at fixed coefficients (so fixed means
 * {@code mu_i = g^-1(x_i b + o_i)}), R's {@code MASS::theta.ml} and {@code glm.nb}'s {@code loglik}: the weight sum
 * {@code n = sum w_i}, the moment sum {@code sum w_i (y_i / mu_i - 1)^2} (theta.ml's start is {@code n} over it),
 * and, at a given {@code theta}, the log-likelihood {@code sum w_i log f(y_i; mu_i, theta)}, its score
 * {@code d/dtheta} and observed information {@code -d2/dtheta2} ({@link NegativeBinomialTheta}). Built with
 * {@code theta = NaN} it sums only {@code n} and the moment (no digamma). {@link #add} and {@link #merge} modify
 * this object (the treeAggregate accumulator).
 */
public final class ThetaSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Link link;
  private final double theta;
  private double weightSum;
  private double moment;
  private double logLikelihood;
  private double score;
  private double information;
  private transient double[] eta;

  /**
   * @param link the link, for {@code mu = g^-1(eta)}
   * @param theta where to evaluate the likelihood terms, or NaN for the moment sum only
   */
  public ThetaSums(Link link, double theta) {
    this.link = link;
    this.theta = theta;
  }

  /**
   * Adds the rows of {@code block} at {@code coef} (length p + 1, intercept last).
   *
   * @return this, modified
   */
  public ThetaSums add(Block block, double[] coef) {
    int n = block.numRows();
    if (n == 0) {
      return this;
    }
    if (eta == null || eta.length < n) {
      eta = new double[n];
    }
    block.linearPredictorInto(coef, eta);
    double[] y = block.labels();
    boolean terms = !Double.isNaN(theta);
    for (int i = 0; i < n; i++) {
      double w = block.weight(i);
      if (w == 0.0) {
        continue;
      }
      double mu = link.inverse(eta[i]);
      double r = y[i] / mu - 1.0;
      weightSum += w;
      moment += w * r * r;
      if (terms) {
        logLikelihood += w * NegativeBinomialTheta.logLikelihood(y[i], mu, theta);
        score += w * NegativeBinomialTheta.score(y[i], mu, theta);
        information += w * NegativeBinomialTheta.information(y[i], mu, theta);
      }
    }
    return this;
  }

  /**
   * Adds {@code other}'s sums.
   *
   * @return this, modified
   */
  public ThetaSums merge(ThetaSums other) {
    weightSum += other.weightSum;
    moment += other.moment;
    logLikelihood += other.logLikelihood;
    score += other.score;
    information += other.information;
    return this;
  }

  /** The {@code theta} the likelihood terms are at (NaN: none). */
  public double theta() {
    return theta;
  }

  /** {@code sum w_i}. */
  public double weightSum() {
    return weightSum;
  }

  /** {@code sum w_i (y_i / mu_i - 1)^2}. */
  public double moment() {
    return moment;
  }

  /** {@code sum w_i log f(y_i; mu_i, theta)}. */
  public double logLikelihood() {
    return logLikelihood;
  }

  /** {@code d/dtheta} of the log-likelihood. */
  public double score() {
    return score;
  }

  /** {@code -d2/dtheta2} of the log-likelihood, the observed information. */
  public double information() {
    return information;
  }
}
