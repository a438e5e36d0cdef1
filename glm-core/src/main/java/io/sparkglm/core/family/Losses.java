package io.sparkglm.core.family;

/**
 * Builds the {@link GlmLoss} of a (family, link) pair: a specialized, fused implementation for the hot
 * pairs (gaussian-identity, binomial-logit, poisson-log, gamma-log, tweedie-log, negative-binomial-log; tweedie at
 * {@code p = 1} and {@code p = 2} reuses poisson-log and gamma-log) and {@link CompositeLoss} for every
 * other supported pair.
 */
public final class Losses {
  private Losses() {
  }

  /**
   * The loss of {@code family} under {@code link}.
   *
   * @throws IllegalArgumentException when the family does not support the link, e.g.
   *     {@code "link 'log' is not supported for family binomial; supported: logit, probit, cloglog"}
   */
  public static GlmLoss of(Family family, Link link) {
    if (family == null || link == null) {
      throw new IllegalArgumentException("family and link must not be null, got " + family + " and " + link);
    }
    family.checkLink(link);
    if (family.estimatesTheta()) {
      throw new IllegalArgumentException("family negative-binomial has no loss until theta is fixed (the fit "
          + "estimates it; give theta to fix it)");
    }
    switch (family.effectiveKind()) {
      case GAUSSIAN:
        return link == Link.IDENTITY ? new GaussianIdentityLoss(family) : new CompositeLoss(family, link);
      case BINOMIAL:
        return link == Link.LOGIT ? new BinomialLogitLoss(family) : new CompositeLoss(family, link);
      case POISSON:
        return link == Link.LOG ? new PoissonLogLoss(family) : new CompositeLoss(family, link);
      case GAMMA:
        return link == Link.LOG ? new GammaLogLoss(family) : new CompositeLoss(family, link);
      case NEGATIVE_BINOMIAL:
        return link == Link.LOG ? new NegativeBinomialLogLoss(family) : new CompositeLoss(family, link);
      default:
        return new TweedieLogLoss(family);
    }
  }

  /** See {@link GlmLoss#curvatureBound()}. */
  static double curvatureBound(Family family, Link link) {
    if (isQuadratic(family, link)) {
      return 1.0;
    }
    return family.kind() == Family.Kind.BINOMIAL && link == Link.LOGIT ? 0.25 : Double.NaN;
  }

  /** See {@link GlmLoss#isQuadratic()}. */
  static boolean isQuadratic(Family family, Link link) {
    return family.kind() == Family.Kind.GAUSSIAN && link == Link.IDENTITY;
  }

  /** The generic composition for any pair, bypassing specialization (for tests and cross-checks). */
  static GlmLoss composite(Family family, Link link) {
    return new CompositeLoss(family, link);
  }
}
