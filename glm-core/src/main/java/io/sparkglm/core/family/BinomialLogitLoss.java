package io.sparkglm.core.family;

import io.sparkglm.core.simd.LossLoops;

/**
 * Binomial with the logit link: {@code l = softplus(eta) - y eta}, {@code dl/deta = s - y},
 * curvature {@code s (1 - s)}, with {@code s = 1/(1 + e^-eta)}. Everything is computed from
 * {@code e = e^{-|eta|}} (one {@code exp} per row): {@code softplus(eta) = max(eta, 0) + log1p(e)},
 * {@code s = 1/(1+e)} or {@code e/(1+e)}, {@code s(1-s) = e/(1+e)^2}; nothing overflows for any finite eta.
 */
final class BinomialLogitLoss extends AbstractGlmLoss {
  private static final long serialVersionUID = 1L;
  private static final LossLoops LOOPS = LossLoops.best();

  BinomialLogitLoss(Family family) {
    super(family, Link.LOGIT);
  }

  @Override
  public double value(double y, double eta) {
    return Link.softplus(eta) - y * eta;
  }

  @Override
  public double derivative(double y, double eta) {
    return Link.sigmoid(eta) - y;
  }

  @Override
  public double curvature(double y, double eta) {
    return Link.sigmoidSlope(eta);
  }

  /** The block loop of {@link LossLoops#best()} (vectorized {@code exp} when the Vector API is present). */
  @Override
  public double valueAndDerivativesInto(double[] y, double[] eta, double[] w, int n, double[] d1Out,
      double[] d2Out) {
    return LOOPS.binomialLogit(y, eta, w, n, d1Out, d2Out);
  }

  @Override
  public double valueSum(double[] y, double[] eta, double[] w, int n) {
    return LOOPS.binomialLogitValue(y, eta, w, n);
  }
}
