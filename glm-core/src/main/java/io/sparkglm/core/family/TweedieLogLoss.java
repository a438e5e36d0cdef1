package io.sparkglm.core.family;

/**
 * Tweedie with the log link and {@code 1 < p < 2}: with {@code a = e^{(1-p) eta}} and
 * {@code b = e^{(2-p) eta}} ({@code = mu^(1-p)}, {@code mu^(2-p)}),
 * {@code l = -y a / (1-p) + b / (2-p)}, {@code dl/deta = b - y a}, observed curvature
 * {@code (2-p) b - (1-p) y a}, positive for {@code y >= 0}; where it is not (underflow) the expected
 * information {@code mu'^2 / V = b} is used.
 */
final class TweedieLogLoss extends AbstractGlmLoss {
  private static final long serialVersionUID = 1L;

  private final double oneMinusP;
  private final double twoMinusP;

  TweedieLogLoss(Family family) {
    super(family, Link.LOG);
    double p = family.variancePower();
    if (!(p > 1.0 && p < 2.0)) {
      throw new IllegalArgumentException("TweedieLogLoss needs variancePower in (1, 2), got " + p);
    }
    this.oneMinusP = 1.0 - p;
    this.twoMinusP = 2.0 - p;
  }

  @Override
  public double mean(double eta) {
    return Math.exp(eta);
  }

  @Override
  public double value(double y, double eta) {
    return -y * Math.exp(oneMinusP * eta) / oneMinusP + Math.exp(twoMinusP * eta) / twoMinusP;
  }

  @Override
  public double derivative(double y, double eta) {
    return Math.exp(twoMinusP * eta) - y * Math.exp(oneMinusP * eta);
  }

  @Override
  public double curvature(double y, double eta) {
    double b = Math.exp(twoMinusP * eta);
    double observed = twoMinusP * b - oneMinusP * y * Math.exp(oneMinusP * eta);
    return observed > 0.0 ? observed : b;
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
      double ya = y[i] * Math.exp(oneMinusP * eta[i]);
      double b = Math.exp(twoMinusP * eta[i]);
      sum += wi * (-ya / oneMinusP + b / twoMinusP);
      d1Out[i] = wi * (b - ya);
      if (d2Out != null) {
        double observed = twoMinusP * b - oneMinusP * ya;
        d2Out[i] = wi * (observed > 0.0 ? observed : b);
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
      sum += wi * (-y[i] * Math.exp(oneMinusP * eta[i]) / oneMinusP + Math.exp(twoMinusP * eta[i]) / twoMinusP);
    }
    return sum;
  }
}
