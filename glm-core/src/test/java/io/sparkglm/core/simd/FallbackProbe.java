package io.sparkglm.core.simd;

/**
 * Run by {@link ScalarFallbackTest} in a JVM started without {@code jdk.incubator.vector}: prints whether the
 * vectorized implementations were selected and the loss and Gram of a fixed block, as raw long bits.
 */
public final class FallbackProbe {
  private FallbackProbe() {
  }

  public static void main(String[] args) {
    System.out.println(LossLoops.best().vectorized() + " " + (DenseGram.best() == DenseGram.scalar()) + " "
        + Long.toHexString(Double.doubleToRawLongBits(checksum(LossLoops.best(), DenseGram.best()))));
  }

  /** Binomial and poisson loops and the Gram on fixed data, folded into one number. */
  static double checksum(LossLoops loops, DenseGram gram) {
    int n = 37;
    int p = 5;
    double[] eta = new double[n];
    double[] y = new double[n];
    double[] x = new double[n * p];
    for (int i = 0; i < n; i++) {
      eta[i] = Math.sin(i) * 30;
      y[i] = i % 2;
      for (int j = 0; j < p; j++) {
        x[i * p + j] = Math.cos(i * p + j);
      }
    }
    double[] d1 = new double[n];
    double[] d2 = new double[n];
    double[] h = new double[(p + 1) * (p + 1)];
    double s = loops.binomialLogit(y, eta, null, n, d1, d2)
        + loops.poissonLog(y, eta, null, n, d1, d2);
    gram.addWeightedGramInto(x, n, p, d2, h, null);
    for (int k = 0; k < n; k++) {
      s += d1[k] + d2[k];
    }
    for (double v : h) {
      s += v;
    }
    return s;
  }
}
