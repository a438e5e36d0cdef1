package io.sparkglm.core.family;

/** Gaussian with the identity link: {@code l = (eta - y)^2 / 2}, {@code dl/deta = eta - y}, curvature 1. */
final class GaussianIdentityLoss extends AbstractGlmLoss {
  private static final long serialVersionUID = 1L;

  GaussianIdentityLoss(Family family) {
    super(family, Link.IDENTITY);
  }

  @Override
  public double mean(double eta) {
    return eta;
  }

  @Override
  public double value(double y, double eta) {
    double r = eta - y;
    return 0.5 * r * r;
  }

  @Override
  public double derivative(double y, double eta) {
    return eta - y;
  }

  @Override
  public double curvature(double y, double eta) {
    return 1.0;
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
      double r = eta[i] - y[i];
      sum += wi * r * r;
      d1Out[i] = wi * r;
      if (d2Out != null) {
        d2Out[i] = wi;
      }
    }
    return 0.5 * sum;
  }

  @Override
  public double valueSum(double[] y, double[] eta, double[] w, int n) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi == 0.0) {
        continue;
      }
      double r = eta[i] - y[i];
      sum += wi * r * r;
    }
    return 0.5 * sum;
  }
}
