package io.sparkglm.core.family;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The negative binomial (NB2) log-likelihood of one row as a function of {@code theta} at a fixed mean, and its
 * first two derivatives in {@code theta}, the per-row terms of R's {@code MASS::glm.nb} ({@code loglik}) and
 * {@code MASS::theta.ml} ({@code score}, {@code info}):
 * <pre>
 *   log f(y; mu, theta) = lgamma(theta + y) - lgamma(theta) - lgamma(y + 1) + theta log theta + y log mu
 *                         - (theta + y) log(theta + mu)
 *   d/dtheta            = digamma(theta + y) - digamma(theta) + log theta + 1 - log(theta + mu)
 *                         - (y + theta) / (mu + theta)
 *   -d2/dtheta2         = -trigamma(theta + y) + trigamma(theta) - 1/theta + 2/(mu + theta)
 *                         - (y + theta) / (mu + theta)^2
 * </pre>
 * evaluated in forms that stay accurate as {@code theta} grows (where the terms cancel towards the poisson
 * limit): {@code lgamma(theta + y) - lgamma(theta) = lgamma(y) - log B(theta, y)} with Commons Math's
 * {@link Beta#logBeta} (accurate for large arguments), {@code log theta - log(theta + mu) = -log1p(mu / theta)}.
 * Digamma and trigamma are Commons Math's {@link Gamma#digamma}, {@link Gamma#trigamma}. Stateless.
 */
public final class NegativeBinomialTheta {
  private NegativeBinomialTheta() {
  }

  /** {@code log f(y; mu, theta)}; {@code y log mu} is 0 at {@code y = 0} (R's {@code y log(mu + (y == 0))}). */
  public static double logLikelihood(double y, double mu, double theta) {
    double lgammaRatio = y == 0.0 ? 0.0 : Gamma.logGamma(y) - Beta.logBeta(theta, y);
    double yLogMu = y == 0.0 ? 0.0 : y * Math.log(mu);
    return lgammaRatio - Gamma.logGamma(y + 1) + yLogMu - y * Math.log(theta + mu)
        - theta * Math.log1p(mu / theta);
  }

  /** {@code d log f / d theta} (theta.ml's {@code score} term). */
  public static double score(double y, double mu, double theta) {
    double digammaRatio = y == 0.0 ? 0.0 : Gamma.digamma(theta + y) - Gamma.digamma(theta);
    return digammaRatio - Math.log1p(mu / theta) + (mu - y) / (mu + theta);
  }

  /** {@code -d2 log f / d theta2} (theta.ml's {@code info} term, the observed information). */
  public static double information(double y, double mu, double theta) {
    double trigammaRatio = y == 0.0 ? 0.0 : Gamma.trigamma(theta) - Gamma.trigamma(theta + y);
    double s = mu + theta;
    return trigammaRatio - 1.0 / theta + 2.0 / s - (y + theta) / (s * s);
  }
}
