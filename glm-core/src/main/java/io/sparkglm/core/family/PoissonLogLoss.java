package io.sparkglm.core.family;

/**
 * Poisson with the log link (and tweedie at {@code p = 1}): {@code l = e^eta - y eta},
 * {@code dl/deta = e^eta - y}, curvature {@code e^eta} (observed equals expected).
 */
final class PoissonLogLoss extends AbstractGlmLoss {
  private static final long serialVersionUID = 1L;

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

  @Override
  public double valueAndDerivativesInto(double[] y, double[] eta, double[] w, int n, double[] d1Out,
      double[] d2Out) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi == 0.0) {
        d1Out[i] = 0.0;
        if (d2Out != null) {
          d2Out[i] = 0.0;
        }
        continue;
      }
      double mu = Math.exp(eta[i]);
      sum += wi * (mu - y[i] * eta[i]);
      d1Out[i] = wi * (mu - y[i]);
      if (d2Out != null) {
        d2Out[i] = wi * mu;
      }
    }
    return sum;
  }

  @Override
  public double valueSum(double[] y, double[] eta, double[] w, int n) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi == 0.0) {
        continue;
      }
      sum += wi * (Math.exp(eta[i]) - y[i] * eta[i]);
    }
    return sum;
  }
}
