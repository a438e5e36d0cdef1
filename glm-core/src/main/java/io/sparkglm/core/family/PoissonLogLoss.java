package io.sparkglm.core.family;

import io.sparkglm.core.simd.LossLoops;

/**
 * Poisson with the log link (and tweedie at {@code p = 1}): {@code l = e^eta - y eta},
 * {@code dl/deta = e^eta - y}, curvature {@code e^eta} (observed equals expected).
 */
final class PoissonLogLoss extends AbstractGlmLoss {
  private static final long serialVersionUID = 1L;
  private static final LossLoops LOOPS = LossLoops.best();

  PoissonLogLoss(Family family) {
    super(family, Link.LOG);
  }

  @Override
  public double mean(double eta) {
    return Math.exp(eta);
  }

  @Override
  public double value(double y, double eta) {
    return Math.exp(eta) - y * eta;
  }

  @Override
  public double derivative(double y, double eta) {
    return Math.exp(eta) - y;
  }

  @Override
  public double curvature(double y, double eta) {
    return Math.exp(eta);
  }

  /** The block loop of {@link LossLoops#best()} (vectorized {@code exp} when the Vector API is present). */
  @Override
  public double valueAndDerivativesInto(double[] y, double[] eta, double[] w, int n, double[] d1Out,
      double[] d2Out) {
    return LOOPS.poissonLog(y, eta, w, n, d1Out, d2Out);
  }

  @Override
  public double valueSum(double[] y, double[] eta, double[] w, int n) {
    return LOOPS.poissonLogValue(y, eta, w, n);
  }
}
