package io.sparkglm.admm;

/**
 * Spectral penalty selection for consensus ADMM (AADMM: Xu, Figueiredo and Goldstein 2017, "Adaptive ADMM with
 * spectral penalty parameter selection", AISTATS, algorithm 2), option {@code adaptiveRho=spectral}.
 *
 * <p>Consensus ADMM is the problem {@code min H(x) + G(z)} with {@code H = sum_i f_i}, {@code G = P} and the
 * constraint {@code A x + B z = 0}, {@code A = M^(1/2)} on every block and {@code B = -[M^(1/2); ...]} ({@code M}
 * the {@link Metric}; the augmented Lagrangian {@code (rho/2) sum_i |x_i - z + u_i|_M^2} is the paper's with
 * {@code tau = rho}). Every {@value #UPDATE_EVERY} rounds, from the changes since the last estimate (index 0):
 * <pre>
 *   H side: dx_i = x_i - x_i0, dyh_i = yh_i - yh_i0, yh_i = rho (x_i - z_in + u_in_i) (the intermediate dual,
 *           grad f_i(x_i) = -M yh_i), in M's inner product:
 *           hl = -sum_i &lt;dx_i, dyh_i&gt;, hh = sum_i |dx_i|^2, ll = sum_i |dyh_i|^2
 *   G side: dz = z - z0, dy_i = y_i - y_i0, y_i = rho u_i (sum_i M y_i is in the subdifferential of P at z):
 *           gl = sum_i &lt;dz, dy_i&gt;, gg = N |dz|^2, mm = sum_i |dy_i|^2
 *   steepest descent / minimum gradient: a_SD = ll/hl, a_MG = hl/hh, a = a_MG if 2 a_MG &gt; a_SD else
 *           a_SD - a_MG/2 (b from gl, gg, mm alike); correlations a_cor = hl/sqrt(hh ll), b_cor = gl/sqrt(gg mm)
 *   rho' = sqrt(a b) if both correlations exceed {@value #MIN_CORRELATION}, a or b if only one does, else rho;
 *          kept within a factor 1 + {@value #CONVERGENCE_CONSTANT}/k^2 of rho (the paper's convergence safeguard)
 * </pre>
 * {@code a} estimates the curvature of the data term and {@code b} that of the penalty (both relative to
 * {@code M}); rho' is their geometric mean. Over-relaxation leaves the estimates as they are (the intermediate
 * dual is the unrelaxed one, as in the relaxed variant ARADMM, Xu et al. 2017, CVPR). A change of metric changes
 * the problem's {@code A}: the reference is dropped and the next estimate comes {@value #UPDATE_EVERY} rounds after
 * a new one. Mutable; the caller rescales the scaled duals {@code u} by {@code rho/rho'}. Its state (the reference
 * and the round count) goes into the solver's checkpoints ({@link #saveInto}), so that a resumed fit takes the
 * same steps.
 */
final class SpectralPenalty {
  /** T_f: rounds between two estimates (the paper's 2). */
  static final int UPDATE_EVERY = 2;
  /** epsilon_cor: an estimate is used only when its correlation exceeds this (the paper's 0.2). */
  static final double MIN_CORRELATION = 0.2;
  /** C_cg of the convergence safeguard (the paper's 1e10). */
  static final double CONVERGENCE_CONSTANT = 1e10;

  private final int parts;
  private int round;
  private int referenceRound = -1;
  private double[][] x0;
  private double[][] yHat0;
  private double[] z0;
  private double[][] y0;
  private double lastA = Double.NaN;
  private double lastB = Double.NaN;

  SpectralPenalty(int parts) {
    this.parts = parts;
  }

  /** Drops the reference (after a change of metric); the next round becomes the new one. */
  void reset() {
    referenceRound = -1;
  }

  /** The last curvature estimate of the data term ({@code NaN} before the first or when not correlated). */
  double dataCurvature() {
    return lastA;
  }

  /** The last curvature estimate of the penalty ({@code NaN} before the first or when not correlated). */
  double penaltyCurvature() {
    return lastB;
  }

  /**
   * One round: the penalty parameter for the next round.
   *
   * @param x the local solutions {@code x_i} of this round (not modified)
   * @param yHat the intermediate duals {@code rho (x_i - z_in + u_in_i)} (not modified)
   * @param z the new consensus (not modified)
   * @param y the new duals {@code rho u_i} (not modified)
   * @param rho the current penalty parameter
   * @return the next penalty parameter ({@code rho} itself when no estimate is due or none is trusted)
   */
  double next(double[][] x, double[][] yHat, double[] z, double[][] y, double rho, Metric metric) {
    round++;
    if (referenceRound < 0) {
      keep(x, yHat, z, y);
      return rho;
    }
    if (round - referenceRound < UPDATE_EVERY) {
      return rho;
    }
    double hl = 0.0;
    double hh = 0.0;
    double ll = 0.0;
    double gl = 0.0;
    double mm = 0.0;
    double[] dz = minus(z, z0);
    double[] mdz = metric.apply(dz);
    double gg = parts * dot(dz, mdz);
    for (int k = 0; k < parts; k++) {
      double[] dx = minus(x[k], x0[k]);
      double[] dyh = minus(yHat[k], yHat0[k]);
      double[] mdyh = metric.apply(dyh);
      hl -= dot(dx, mdyh);
      hh += metric.normSquared(dx);
      ll += dot(dyh, mdyh);
      double[] dy = minus(y[k], y0[k]);
      gl += dot(dy, mdz);
      mm += metric.normSquared(dy);
    }
    lastA = estimate(hl, hh, ll);
    lastB = estimate(gl, gg, mm);
    double proposed = rho;
    if (lastA > 0 && lastB > 0) {
      proposed = Math.sqrt(lastA * lastB);
    } else if (lastA > 0) {
      proposed = lastA;
    } else if (lastB > 0) {
      proposed = lastB;
    }
    double bound = 1 + CONVERGENCE_CONSTANT / ((double) round * round);
    keep(x, yHat, z, y);
    return Math.min(rho * bound, Math.max(rho / bound, proposed));
  }

  /**
   * The hybrid spectral step of a pair: {@code NaN} unless the correlation {@code cross/sqrt(own dual)} exceeds
   * {@value #MIN_CORRELATION}.
   *
   * @param cross {@code <d(variable), d(dual)>}, the secant's inner product
   * @param own {@code |d(variable)|^2}
   * @param dual {@code |d(dual)|^2}
   */
  static double estimate(double cross, double own, double dual) {
    if (!(cross > 0 && own > 0 && dual > 0) || !(cross > MIN_CORRELATION * Math.sqrt(own * dual))) {
      return Double.NaN;
    }
    double steepest = dual / cross;
    double minimumGradient = cross / own;
    return 2 * minimumGradient > steepest ? minimumGradient : steepest - minimumGradient / 2;
  }

  /** Adds this rule's state to a checkpoint's vectors and scalars (modified), under names {@code spectral.*}. */
  void saveInto(java.util.Map<String, double[]> vectors, java.util.Map<String, Double> scalars) {
    scalars.put("spectral.round", (double) round);
    scalars.put("spectral.referenceRound", (double) referenceRound);
    if (!Double.isNaN(lastA)) {
      scalars.put("spectral.a", lastA);
    }
    if (!Double.isNaN(lastB)) {
      scalars.put("spectral.b", lastB);
    }
    if (referenceRound >= 0) {
      vectors.put("spectral.x0", flatten(x0));
      vectors.put("spectral.yHat0", flatten(yHat0));
      vectors.put("spectral.z0", z0.clone());
      vectors.put("spectral.y0", flatten(y0));
    }
  }

  /** Continues from {@link #saveInto}'s state in {@code s} (none saved: the next round becomes the reference). */
  void restore(io.sparkglm.core.solver.SolverState s) {
    if (!s.scalars().containsKey("spectral.round")) {
      reset();
      return;
    }
    round = (int) s.scalar("spectral.round");
    referenceRound = (int) s.scalar("spectral.referenceRound");
    lastA = s.scalars().getOrDefault("spectral.a", Double.NaN);
    lastB = s.scalars().getOrDefault("spectral.b", Double.NaN);
    if (referenceRound >= 0) {
      z0 = s.vector("spectral.z0").clone();
      x0 = unflatten(s.vector("spectral.x0"), z0.length);
      yHat0 = unflatten(s.vector("spectral.yHat0"), z0.length);
      y0 = unflatten(s.vector("spectral.y0"), z0.length);
    }
  }

  private double[] flatten(double[][] a) {
    int dim = a[0].length;
    double[] flat = new double[parts * dim];
    for (int k = 0; k < parts; k++) {
      System.arraycopy(a[k], 0, flat, k * dim, dim);
    }
    return flat;
  }

  private double[][] unflatten(double[] flat, int dim) {
    double[][] a = new double[parts][];
    for (int k = 0; k < parts; k++) {
      a[k] = java.util.Arrays.copyOfRange(flat, k * dim, (k + 1) * dim);
    }
    return a;
  }

  private void keep(double[][] x, double[][] yHat, double[] z, double[][] y) {
    referenceRound = round;
    x0 = copy(x);
    yHat0 = copy(yHat);
    z0 = z.clone();
    y0 = copy(y);
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int k = 0; k < a.length; k++) {
      c[k] = a[k].clone();
    }
    return c;
  }

  private static double[] minus(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int j = 0; j < a.length; j++) {
      d[j] = a[j] - b[j];
    }
    return d;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0.0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
