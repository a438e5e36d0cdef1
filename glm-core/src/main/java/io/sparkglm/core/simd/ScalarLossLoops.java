package io.sparkglm.core.simd;

/** {@link LossLoops} one row at a time on {@code Math.exp/log1p}: the reference and the fallback. */
final class ScalarLossLoops implements LossLoops {
  static final ScalarLossLoops INSTANCE = new ScalarLossLoops();

  private ScalarLossLoops() {
  }

  @Override
  public boolean vectorized() {
    return false;
  }

  @Override
  public double binomialLogit(double[] y, double[] eta, double[] w, int n, double[] d1Out, double[] d2Out) {
    return binomialLogitRows(y, eta, w, 0, n, d1Out, d2Out);
  }

  /** Rows {@code [from, to)} of {@link #binomialLogit}; also the vectorized loops' tail. */
  static double binomialLogitRows(double[] y, double[] eta, double[] w, int from, int to, double[] d1Out,
      double[] d2Out) {
    double sum = 0.0;
    for (int i = from; i < to; i++) {
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
  public double binomialLogitValue(double[] y, double[] eta, double[] w, int n) {
    return binomialLogitValueRows(y, eta, w, 0, n);
  }

  /** Rows {@code [from, to)} of {@link #binomialLogitValue}. */
  static double binomialLogitValueRows(double[] y, double[] eta, double[] w, int from, int to) {
    double sum = 0.0;
    for (int i = from; i < to; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi == 0.0) {
        continue;
      }
      double t = eta[i];
      sum += wi * ((t > 0 ? t : 0.0) + Math.log1p(Math.exp(-Math.abs(t))) - y[i] * t);
    }
    return sum;
  }

  @Override
  public double poissonLog(double[] y, double[] eta, double[] w, int n, double[] d1Out, double[] d2Out) {
    return poissonLogRows(y, eta, w, 0, n, d1Out, d2Out);
  }

  /** Rows {@code [from, to)} of {@link #poissonLog}. */
  static double poissonLogRows(double[] y, double[] eta, double[] w, int from, int to, double[] d1Out,
      double[] d2Out) {
    double sum = 0.0;
    for (int i = from; i < to; i++) {
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
  public double poissonLogValue(double[] y, double[] eta, double[] w, int n) {
    return poissonLogValueRows(y, eta, w, 0, n);
  }

  /** Rows {@code [from, to)} of {@link #poissonLogValue}. */
  static double poissonLogValueRows(double[] y, double[] eta, double[] w, int from, int to) {
    double sum = 0.0;
    for (int i = from; i < to; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (wi == 0.0) {
        continue;
      }
      sum += wi * (Math.exp(eta[i]) - y[i] * eta[i]);
    }
    return sum;
  }
}
