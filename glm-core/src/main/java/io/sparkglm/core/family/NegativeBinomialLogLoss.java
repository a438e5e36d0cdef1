package io.sparkglm.core.family;

/**
 * The negative binomial (NB2) with a fixed {@code theta} and the log link. With {@code mu = e^eta},
 * {@code x = eta - log theta} and {@code s = mu / (mu + theta) = 1 / (1 + e^-x)}:
 * <pre>
 *   l         = (y + theta) log(1 + mu / theta) - y eta  = (y + theta) softplus(x) - y eta
 *   dl/deta   = (y + theta) s - y                        = theta (mu - y) / (mu + theta)
 *   d2l/deta2 = (y + theta) s (1 - s)                    (observed, positive for y &gt;= 0)
 * </pre>
 * half the unit deviance up to terms free of {@code eta} ({@code (y + theta) log theta} is dropped, so {@code l}
 * tends to poisson's {@code e^eta - y eta} as {@code theta -> infinity}). {@code softplus(x) = max(x, 0) +
 * log1p(e^-|x|)} keeps it finite and accurate for every {@code eta}. Scalar row loops (no Vector API path).
 */
final class NegativeBinomialLogLoss extends AbstractGlmLoss {
  private static final long serialVersionUID = 1L;

  private final double theta;
  private final double logTheta;

  NegativeBinomialLogLoss(Family family) {
    super(family, Link.LOG);
    this.theta = family.theta();
    if (!(theta > 0.0) || Double.isInfinite(theta)) {
      throw new IllegalArgumentException("NegativeBinomialLogLoss needs a finite theta > 0, got " + theta);
    }
    this.logTheta = Math.log(theta);
  }

  @Override
  public double mean(double eta) {
    return Math.exp(eta);
  }

  @Override
  public double value(double y, double eta) {
    return (y + theta) * softplus(eta - logTheta) - y * eta;
  }

  @Override
  public double derivative(double y, double eta) {
    return (y + theta) * sigmoid(eta - logTheta) - y;
  }

  @Override
  public double curvature(double y, double eta) {
    double s = sigmoid(eta - logTheta);
    return (y + theta) * s * (1.0 - s);
  }

  /** Expected information {@code mu'^2 / V = theta s}. */
  @Override
  public double expectedInformation(double eta) {
    return theta * sigmoid(eta - logTheta);
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
      double x = eta[i] - logTheta;
      double e = Math.exp(-Math.abs(x));
      double s = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
      double yt = y[i] + theta;
      sum += wi * (yt * (Math.max(x, 0.0) + Math.log1p(e)) - y[i] * eta[i]);
      d1Out[i] = wi * (yt * s - y[i]);
      if (d2Out != null) {
        d2Out[i] = wi * yt * s * (1.0 - s);
      }
    }
    return sum;
  }

  @Override
  public double valueSum(double[] y, double[] eta, double[] w, int n) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi != 0.0) {
        sum += wi * value(y[i], eta[i]);
      }
    }
    return sum;
  }

  /** {@code log(1 + e^x)}, stable. */
  private static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /** {@code 1 / (1 + e^-x)}, stable. */
  private static double sigmoid(double x) {
    double e = Math.exp(-Math.abs(x));
    return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  }
}
