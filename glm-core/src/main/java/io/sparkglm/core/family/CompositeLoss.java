package io.sparkglm.core.family;

/**
 * The loss of any supported (family, link) pair, composed from the family's variance {@code V},
 * {@code V'} and the link's {@code mu = g^-1(eta)}, {@code mu'}, {@code mu''}:
 * <pre>
 *   dl/deta        = -(y - mu) mu' / V(mu)
 *   observed       = mu'^2 / V(mu) - (y - mu) (mu'' / V(mu) - mu'^2 V'(mu) / V(mu)^2)
 *   expected       = mu'^2 / V(mu)
 *   curvature      = observed if observed &gt; 0, else expected
 * </pre>
 * with {@code l} as in {@link GlmLoss}. The binomial family is evaluated in log space through
 * {@link LogProbabilities}, so probit and cloglog stay finite and accurate in both tails. For the
 * positive-mean families (poisson, gamma, tweedie, negative binomial) {@code l = +Infinity} where {@code mu <= 0}, and for
 * the sqrt and inverse links also where {@code eta <= 0}.
 *
 * <p>Used for the pairs without a specialized loss; the tests also build it for the specialized pairs
 * to check that both agree.
 */
final class CompositeLoss extends AbstractGlmLoss {
  private static final long serialVersionUID = 1L;

  private final Family.Kind kind;
  private final double p;
  private final double theta;

  CompositeLoss(Family family, Link link) {
    super(family, link);
    this.kind = family.effectiveKind();
    this.p = family.variancePower();
    this.theta = family.theta();
  }

  /** Whether {@code eta} maps into the mean domain of a positive-mean family. */
  private boolean outsideDomain(double eta, double mu) {
    switch (kind) {
      case GAUSSIAN:
      case BINOMIAL:
        return false;
      default:
        return !(mu > 0.0 && mu < Double.POSITIVE_INFINITY)
            || ((link == Link.SQRT || link == Link.INVERSE) && !(eta > 0.0));
    }
  }

  @Override
  public double value(double y, double eta) {
    if (kind == Family.Kind.BINOMIAL) {
      double l = 0.0;
      if (y != 0.0) {
        l -= y * LogProbabilities.logMu(link, eta);
      }
      if (y != 1.0) {
        l -= (1.0 - y) * LogProbabilities.logOneMinusMu(link, eta);
      }
      return l;
    }
    double mu = link.inverse(eta);
    if (outsideDomain(eta, mu)) {
      return Double.POSITIVE_INFINITY;
    }
    switch (kind) {
      case GAUSSIAN: {
        double r = y - mu;
        return 0.5 * r * r;
      }
      case POISSON:
        return y == 0.0 ? mu : mu - y * Math.log(mu);
      case GAMMA:
        return y / mu + Math.log(mu);
      case NEGATIVE_BINOMIAL:
        return (y + theta) * Math.log1p(mu / theta) - (y == 0.0 ? 0.0 : y * Math.log(mu));
      default:
        return -y * Math.pow(mu, 1.0 - p) / (1.0 - p) + Math.pow(mu, 2.0 - p) / (2.0 - p);
    }
  }

  @Override
  public double derivative(double y, double eta) {
    if (kind == Family.Kind.BINOMIAL) {
      return -y * LogProbabilities.dLogMu(link, eta) - (1.0 - y) * LogProbabilities.dLogOneMinusMu(link, eta);
    }
    double mu = link.inverse(eta);
    double dmu = link.dmuDeta(eta);
    return -(y - mu) * (dmu / family.variance(mu));
  }

  @Override
  public double curvature(double y, double eta) {
    if (kind == Family.Kind.BINOMIAL) {
      double observed = -y * LogProbabilities.d2LogMu(link, eta)
          - (1.0 - y) * LogProbabilities.d2LogOneMinusMu(link, eta);
      if (observed > 0.0) {
        return observed;
      }
      return -LogProbabilities.dLogMu(link, eta) * LogProbabilities.dLogOneMinusMu(link, eta);
    }
    double mu = link.inverse(eta);
    double dmu = link.dmuDeta(eta);
    double v = family.variance(mu);
    double q = dmu / v; // mu' / V, so mu'^2 / V = q mu' without squaring mu'
    double expected = q * dmu;
    double observed = expected - (y - mu) * (link.d2muDeta2(eta) / v - q * q * family.varianceDerivative(mu));
    return observed > 0.0 ? observed : expected;
  }
}
