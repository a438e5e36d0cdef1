package io.sparkglm.core.family;

import java.io.Serializable;

/**
 * The pointwise GLM loss {@code l(y, eta)}: half the unit deviance of a {@link Family} under a {@link Link},
 * with the constants that do not depend on {@code eta} dropped, and its derivatives in {@code eta}.
 *
 * <table>
 *   <caption>l for the canonical cases (the objective of README.md and of the test references in
 *       glm-spark/src/test/resources/reference)</caption>
 *   <tr><th>family</th><th>link</th><th>l(y, eta)</th></tr>
 *   <tr><td>gaussian</td><td>identity</td><td>(y - eta)^2 / 2</td></tr>
 *   <tr><td>binomial</td><td>logit</td><td>log(1 + e^eta) - y eta</td></tr>
 *   <tr><td>poisson</td><td>log</td><td>e^eta - y eta</td></tr>
 *   <tr><td>gamma</td><td>log</td><td>y e^-eta + eta</td></tr>
 * </table>
 * In general, with {@code mu = g^-1(eta)}: gaussian {@code (y-mu)^2/2}; binomial
 * {@code -y log mu - (1-y) log(1-mu)}; poisson {@code mu - y log mu}; gamma {@code y/mu + log mu}; tweedie
 * ({@code 1 < p < 2}) {@code -y mu^(1-p)/(1-p) + mu^(2-p)/(2-p)}; negative binomial (fixed {@code theta})
 * {@code (y + theta) log(1 + mu/theta) - y log mu}.
 *
 * <p>Where {@code eta} maps outside the family's mean domain (e.g. {@code mu <= 0} for poisson with the
 * identity link) the value is {@code +Infinity}; solvers treat that as a rejected step.
 *
 * <p>The curvature used for Hessians is the observed information {@code d2l/deta2} where it is
 * positive and the expected (Fisher) information {@code (dmu/deta)^2 / V(mu)} otherwise, so every Hessian
 * is positive semidefinite and canonical links get exact Newton steps. Implementations are stateless and
 * serializable.
 */
public interface GlmLoss extends Serializable {

  /**
   * The loss of a family under a link.
   *
   * @throws IllegalArgumentException when the family does not support the link, naming the ones it does
   */
  static GlmLoss of(Family family, Link link) {
    return Losses.of(family, link);
  }

  /** The family. */
  Family family();

  /** The link. */
  Link link();

  /** {@code l(y, eta)}; {@code +Infinity} when {@code eta} is outside the valid range. */
  double value(double y, double eta);

  /** {@code dl/deta}. */
  double derivative(double y, double eta);

  /** The Hessian weight: observed {@code d2l/deta2} where positive, else the expected information. */
  double curvature(double y, double eta);

  /**
   * The expected (Fisher) information weight {@code (dmu/deta)^2 / V(mu)} at {@code eta}: the IRLS working
   * weight, used for standard errors (as R's {@code summary.glm} and statsmodels do).
   */
  default double expectedInformation(double eta) {
    double d = link().dmuDeta(eta);
    return d * d / family().variance(mean(eta));
  }

  /**
   * A bound on the curvature {@code d2l/deta2} that holds for every {@code y} and {@code eta}: 1 for gaussian with
   * the identity link, 1/4 for binomial with the logit link; NaN where there is none.
   */
  default double curvatureBound() {
    return Losses.curvatureBound(family(), link());
  }

  /** Whether {@code l} is exactly quadratic in {@code eta} (gaussian, identity link): one Newton step is exact. */
  default boolean isQuadratic() {
    return Losses.isQuadratic(family(), link());
  }

  /** The mean {@code mu = g^-1(eta)}. */
  double mean(double eta);

  /** The link {@code eta = g(mu)}. */
  double linkOf(double mu);

  /**
   * Fused block evaluation over rows {@code [0, n)}: writes {@code w_i * dl/deta} into {@code d1Out[i]}
   * and, when {@code d2Out != null}, {@code w_i * curvature} into {@code d2Out[i]}; returns
   * {@code sum_i w_i * l(y_i, eta_i)}.
   *
   * @param w weights, or {@code null} for all ones; not modified
   * @param d1Out modified, entries {@code [0, n)}
   * @param d2Out modified, entries {@code [0, n)}; or {@code null}
   */
  double valueAndDerivativesInto(double[] y, double[] eta, double[] w, int n, double[] d1Out, double[] d2Out);

  /** {@code sum_i w_i * l(y_i, eta_i)} over rows {@code [0, n)}; {@code w == null} means all ones. */
  double valueSum(double[] y, double[] eta, double[] w, int n);
}
