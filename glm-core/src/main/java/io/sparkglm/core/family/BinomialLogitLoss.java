package io.sparkglm.core.family;

/**
 * Binomial with the logit link: {@code l = softplus(eta) - y eta}, {@code dl/deta = s - y},
 * curvature {@code s (1 - s)}, with {@code s = 1/(1 + e^-eta)}. Everything is computed from
 * {@code e = e^{-|eta|}} (one {@code exp} per row): {@code softplus(eta) = max(eta, 0) + log1p(e)},
 * {@code s = 1/(1+e)} or {@code e/(1+e)}, {@code s(1-s) = e/(1+e)^2}; nothing overflows for any finite eta.
 */
final class BinomialLogitLoss extends AbstractGlmLoss {
  private static final long serialVersionUID = 1L;

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
      double t = eta[i];
      double e = Math.exp(-Math.abs(t));
      double onePlus = 1.0 + e;
      double softplus = (t > 0 ? t : 0.0) + Math.log1p(e);
      double s = t >= 0 ? 1.0 / onePlus : e / onePlus;
      sum += wi * (softplus - y[i] * t);
      d1Out[i] = wi * (s - y[i]);
      if (d2Out != null) {
        d2Out[i] = wi * (e / (onePlus * onePlus));
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
      double t = eta[i];
      sum += wi * ((t > 0 ? t : 0.0) + Math.log1p(Math.exp(-Math.abs(t))) - y[i] * t);
    }
    return sum;
  }
}
