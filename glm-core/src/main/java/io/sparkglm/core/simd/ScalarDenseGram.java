package io.sparkglm.core.simd;

/**
 * {@link DenseGram} in plain Java by rank-4 updates: four rows at a time,
 * {@code H[a][b] += sum_{r<4} d_r x_ra x_rb} for {@code b >= a}. The inner loop over {@code b} is stride-1 in
 * {@code H} and in the four rows, and each entry of {@code H} is loaded and stored once per four rows. No
 * scratch is used.
 */
final class ScalarDenseGram implements DenseGram {
  static final ScalarDenseGram INSTANCE = new ScalarDenseGram();

  private ScalarDenseGram() {
  }

  @Override
  public double[] addWeightedGramInto(double[] x, int n, int p, double[] d, double[] hessOut, double[] scratch) {
    final int p1 = p + 1;
    double dSum = 0.0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      final double d0 = d[i];
      final double d1 = d[i + 1];
      final double d2 = d[i + 2];
      final double d3 = d[i + 3];
      final int o0 = i * p;
      final int o1 = o0 + p;
      final int o2 = o1 + p;
      final int o3 = o2 + p;
      for (int a = 0; a < p; a++) {
        final double u0 = d0 * x[o0 + a];
        final double u1 = d1 * x[o1 + a];
        final double u2 = d2 * x[o2 + a];
        final double u3 = d3 * x[o3 + a];
        final int row = a * p1;
        for (int b = a; b < p; b++) {
          hessOut[row + b] += u0 * x[o0 + b] + u1 * x[o1 + b] + u2 * x[o2 + b] + u3 * x[o3 + b];
        }
        hessOut[row + p] += u0 + u1 + u2 + u3;
      }
      dSum += d0 + d1 + d2 + d3;
    }
    for (; i < n; i++) {
      final double di = d[i];
      final int o = i * p;
      for (int a = 0; a < p; a++) {
        final double u = di * x[o + a];
        final int row = a * p1;
        for (int b = a; b < p; b++) {
          hessOut[row + b] += u * x[o + b];
        }
        hessOut[row + p] += u;
      }
      dSum += di;
    }
    hessOut[p * p1 + p] += dSum;
    return scratch;
  }
}
