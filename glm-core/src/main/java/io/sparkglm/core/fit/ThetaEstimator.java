package io.sparkglm.core.fit;

import java.util.function.DoubleFunction;

/**
 * The maximum-likelihood {@code theta} of the negative binomial at fixed means, R's {@code MASS::theta.ml}: from
 * the moment estimate {@code theta_0 = n / sum w_i (y_i/mu_i - 1)^2}, Newton steps {@code theta += score / info}
 * on {@code |theta|} ({@link ThetaSums}, one data pass each) until the step is at most {@value #RELATIVE_TOLERANCE}
 * of {@code max(theta, 1 / sqrt(info))} (theta.ml stops at an absolute {@code 1.2e-4}; Newton's quadratic
 * convergence makes that one step more at most; the standard error in the scale keeps a flat likelihood, where
 * the step is at the rounding level of the score, from iterating on noise) or {@code limit} steps were made (theta.ml's "iteration limit
 * reached", the mark of data without overdispersion, where {@code theta} runs to infinity); then one pass at the
 * answer gives its log-likelihood and standard error {@code 1 / sqrt(info)} (theta.ml's {@code SE}, there from
 * the last step's information). Stateless.
 */
public final class ThetaEstimator {
  /** Stop when a Newton step is at most this fraction of {@code theta} (or of its standard error if larger). */
  public static final double RELATIVE_TOLERANCE = 1e-9;
  /** {@code theta} beyond which the estimate is taken to diverge (the model is poisson to rounding). */
  public static final double THETA_LIMIT = 1e12;

  private ThetaEstimator() {
  }

  /**
   * The estimate.
   *
   * @param theta the estimate, finite and positive (the last finite, positive Newton iterate when the iteration
   *     went astray)
   * @param stdError {@code 1 / sqrt(information)} at {@code theta}
   * @param logLikelihood {@code sum w_i log f(y_i; mu_i, theta)}
   * @param iterations Newton steps made
   * @param warning theta.ml's warning ({@code "iteration limit reached"}, {@code "estimate truncated at zero"}) or
   *     {@code "theta diverges"}; {@code null} when it converged
   */
  public record Estimate(double theta, double stdError, double logLikelihood, int iterations, String warning) {
    /** Whether Newton converged to a finite positive {@code theta}. */
    public boolean converged() {
      return warning == null;
    }
  }

  /**
   * Estimates {@code theta}.
   *
   * @param pass the sums at a {@code theta} (NaN: the moment only), one data pass
   * @param limit the most Newton steps (glm.nb passes its {@code maxit}, 25)
   */
  public static Estimate estimate(DoubleFunction<ThetaSums> pass, int limit) {
    ThetaSums start = pass.apply(Double.NaN);
    double t = start.weightSum() / start.moment();
    double lastGood = Double.isFinite(t) && t > 0 ? t : 1.0;
    int it = 0;
    String warning = null;
    while (true) {
      if (it >= limit) {
        warning = "iteration limit reached";
        break;
      }
      t = Math.abs(t);
      ThetaSums s = pass.apply(t);
      double del = s.score() / s.information();
      t += del;
      it++;
      if (!(t > 0) || !Double.isFinite(t) || t > THETA_LIMIT) {
        warning = !Double.isNaN(t) && t <= 0 ? "estimate truncated at zero" : "theta diverges";
        break;
      }
      lastGood = t;
      if (Math.abs(del) <= RELATIVE_TOLERANCE * Math.max(t, 1.0 / Math.sqrt(s.information()))) {
        break;
      }
    }
    double theta = warning == null ? t : lastGood;
    ThetaSums at = pass.apply(theta);
    return new Estimate(theta, 1.0 / Math.sqrt(at.information()), at.logLikelihood(), it, warning);
  }
}
