package io.sparkglm.core.family;

/**
 * Gamma with the log link (and tweedie at {@code p = 2}): with {@code u = y e^-eta},
 * {@code l = u + eta}, {@code dl/deta = 1 - u}, observed curvature {@code u} (positive for {@code y > 0});
 * where {@code u} is not positive the expected information {@code 1} is used.
 */
final class GammaLogLoss extends AbstractGlmLoss {
  private static final long serialVersionUID = 1L;

  GammaLogLoss(Family family) {
    super(family, Link.LOG);
  }

  @Override
  public double mean(double eta) {
    return Math.exp(eta);
  }

  @Override
  public double value(double y, double eta) {
    return y * Math.exp(-eta) + eta;
  }

  @Override
  public double derivative(double y, double eta) {
    return 1.0 - y * Math.exp(-eta);
  }

  @Override
  public double curvature(double y, double eta) {
    double u = y * Math.exp(-eta);
    return u > 0.0 ? u : 1.0;
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
      double u = y[i] * Math.exp(-eta[i]);
      sum += wi * (u + eta[i]);
      d1Out[i] = wi * (1.0 - u);
      if (d2Out != null) {
        d2Out[i] = wi * (u > 0.0 ? u : 1.0);
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
      sum += wi * (y[i] * Math.exp(-eta[i]) + eta[i]);
    }
    return sum;
  }
}
