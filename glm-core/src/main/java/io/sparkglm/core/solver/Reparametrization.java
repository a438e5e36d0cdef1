package io.sparkglm.core.solver;

/**
 * The affine change of variables solvers work in: features scaled to unit spread and, with an intercept,
 * centered. With scale {@code s_j > 0} and center {@code m_j},
 * <pre>
 *   b_j = c_j / s_j                         (features)
 *   b0  = c0 - sum_j m_j c_j / s_j          (intercept, when centering)
 * </pre>
 * so that {@code x'b + b0 = sum_j (x_j - m_j)/s_j c_j + c0}. The data are never transformed: only
 * coefficient-sized vectors are mapped, so sparse data stay sparse. First-order methods and coordinate
 * descent converge much faster in {@code c}; the optimum is the same point.
 *
 * <p>Maps: {@code b = T c}; gradients {@code g_c = T' g_b}; Hessians {@code H_c = T' H_b T}. Immutable.
 */
public final class Reparametrization implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] scale;
  private final double[] center;

  /**
   * @param scale length p, every entry > 0 and finite; copied
   * @param center length p, or {@code null} for no centering; copied
   */
  public Reparametrization(double[] scale, double[] center) {
    for (int j = 0; j < scale.length; j++) {
      if (!(scale[j] > 0) || Double.isInfinite(scale[j])) {
        throw new IllegalArgumentException("scale[" + j + "] must be > 0 and finite, got " + scale[j]);
      }
    }
    this.scale = scale.clone();
    this.center = center == null ? new double[scale.length] : center.clone();
  }

  /** The identity map on p features. */
  public static Reparametrization identity(int numFeatures) {
    double[] one = new double[numFeatures];
    java.util.Arrays.fill(one, 1.0);
    return new Reparametrization(one, null);
  }

  /** The scales {@code s_j} (a copy). */
  public double[] scale() {
    return scale.clone();
  }

  /** {@code b = T c} (a new array). */
  public double[] toOriginal(double[] c) {
    int p = scale.length;
    double[] b = new double[p + 1];
    double b0 = c[p];
    for (int j = 0; j < p; j++) {
      b[j] = c[j] / scale[j];
      b0 -= center[j] * b[j];
    }
    b[p] = b0;
    return b;
  }

  /** {@code c = T^-1 b} (a new array). */
  public double[] fromOriginal(double[] b) {
    int p = scale.length;
    double[] c = new double[p + 1];
    double c0 = b[p];
    for (int j = 0; j < p; j++) {
      c[j] = b[j] * scale[j];
      c0 += center[j] * b[j];
    }
    c[p] = c0;
    return c;
  }

  /**
   * {@link #toOriginal} on each block of {@code p + 1} of a class-major flat vector (a multinomial model's, length
   * {@code K (p + 1)}; a new array).
   */
  public double[] toOriginalBlocks(double[] c) {
    return perBlock(c, true);
  }

  /** {@link #fromOriginal} on each block of {@code p + 1} of a class-major flat vector (a new array). */
  public double[] fromOriginalBlocks(double[] b) {
    return perBlock(b, false);
  }

  private double[] perBlock(double[] v, boolean toOriginal) {
    int q = scale.length + 1;
    if (v.length % q != 0) {
      throw new IllegalArgumentException("vector of length " + v.length + " is not made of blocks of p + 1 = " + q);
    }
    double[] out = new double[v.length];
    for (int k = 0; k < v.length / q; k++) {
      double[] part = java.util.Arrays.copyOfRange(v, k * q, (k + 1) * q);
      System.arraycopy(toOriginal ? toOriginal(part) : fromOriginal(part), 0, out, k * q, q);
    }
    return out;
  }

  /** {@code g_c = T' g_b} (a new array): {@code (g_j - m_j g0) / s_j} and {@code g0}. */
  public double[] gradientToScaled(double[] gb) {
    int p = scale.length;
    double[] gc = new double[p + 1];
    double g0 = gb[p];
    for (int j = 0; j < p; j++) {
      gc[j] = (gb[j] - center[j] * g0) / scale[j];
    }
    gc[p] = g0;
    return gc;
  }

  /** {@code H_c = T' H_b T} for a full row-major {@code (p+1)^2} matrix (a new array). */
  public double[] hessianToScaled(double[] hb) {
    int p1 = scale.length + 1;
    int p = p1 - 1;
    // T = [[diag(1/s), 0], [-(m/s)', 1]]; column k of T: e_k/s_k - (m_k/s_k) e_p for k < p, e_p for k = p.
    double[] t = new double[p1];
    double[] u = new double[p1];
    for (int k = 0; k < p; k++) {
      t[k] = 1.0 / scale[k];
      u[k] = -center[k] / scale[k];
    }
    t[p] = 1.0;
    u[p] = 0.0;
    // (H T)[a][k] = H[a][k] t_k + H[a][p] u_k ; then (T' H T)[k][l] = t_k (HT)[k][l] + u_k (HT)[p][l].
    double[] ht = new double[p1 * p1];
    for (int a = 0; a < p1; a++) {
      double hap = hb[a * p1 + p];
      for (int k = 0; k < p1; k++) {
        ht[a * p1 + k] = hb[a * p1 + k] * t[k] + hap * u[k];
      }
    }
    double[] hc = new double[p1 * p1];
    for (int k = 0; k < p1; k++) {
      for (int l = 0; l < p1; l++) {
        hc[k * p1 + l] = t[k] * ht[k * p1 + l] + u[k] * ht[p * p1 + l];
      }
    }
    return hc;
  }
}
