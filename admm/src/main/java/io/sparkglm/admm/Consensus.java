package io.sparkglm.admm;

import io.sparkglm.core.penalty.Penalty;

/**
 * The driver-side half of consensus ADMM in scaled form (Boyd et al. 2011, sections 3.1.1, 3.4.3 and 7.1):
 * given the partitions' local solutions {@code b_i}, the relaxed {@code bh_i = alpha b_i + (1-alpha) z},
 * <pre>
 *   z   = prox_{P/(N rho)}( mean_i (bh_i + u_i) )     (soft-thresholding and shrinkage, intercept unpenalized)
 *   u_i = u_i + bh_i - z
 *   r   = sqrt(sum_i |b_i - z|^2)                   (primal residual)
 *   s   = rho sqrt(N) |z - z_old|                   (dual residual)
 * </pre>
 * so that the fixed point minimizes {@code sum_i f_i + P}, the full objective. In a metric {@code M}
 * ({@link Metric}; the augmented Lagrangian {@code (rho/2)|b_i - z + u_i|_M^2}) the z-update is
 * {@code argmin P(z) + (N rho/2)|z - mean|_M^2} ({@link MetricProx}) and the residuals are measured in
 * {@code |.|_M}; the u-update is the same. Residual balancing or the spectral rule ({@link SpectralPenalty})
 * adapts {@code rho} and rescales {@code u}. With {@code acceleration=nesterov} the next round starts from extrapolated
 * {@code (z^, u^)} ({@link #accelerate}, fast ADMM with restart). Mutable: {@link #update} modifies {@code z},
 * {@code u} and {@code rho}.
 */
public final class Consensus {
  private final Penalty penalty;
  private final AdmmSettings settings;
  private final int parts;
  private final int dim;
  private double rho;
  private double[] z;
  private final double[][] u;
  private double primal = Double.NaN;
  private double dual = Double.NaN;
  private double epsPrimal = Double.NaN;
  private double epsDual = Double.NaN;
  private Metric metric;
  private MetricProx prox;
  /** Nesterov acceleration (Goldstein et al. 2014, fast ADMM with restart): the iterates the next round uses. */
  private double[] zHat;
  private double[][] uHat;
  private double[] zPrev;
  private double[][] uPrev;
  private double momentum = 1.0;
  private double combinedPrev = Double.POSITIVE_INFINITY;
  private int restarts;
  /** Spectral penalty selection ({@code adaptiveRho=spectral}), else null. */
  private final SpectralPenalty spectral;
  /** Fast ADMM's restart test: momentum is kept while the combined residual falls below this factor of its last. */
  static final double RESTART_ETA = 0.999;

  /**
   * @param start the initial consensus z; copied
   * @param parts N, the number of non-empty partitions
   */
  Consensus(Penalty penalty, AdmmSettings settings, int parts, double[] start, double rho) {
    this(penalty, settings, parts, start, rho, Metric.identity(start.length));
  }

  /**
   * @param start the initial consensus z; copied
   * @param parts N, the number of non-empty partitions
   * @param metric the augmented Lagrangian's metric M (residuals are measured in its norm)
   */
  Consensus(Penalty penalty, AdmmSettings settings, int parts, double[] start, double rho, Metric metric) {
    this.metric = metric;
    this.prox = new MetricProx(penalty, metric);
    this.penalty = penalty;
    this.settings = settings;
    this.parts = parts;
    this.dim = start.length;
    this.z = start.clone();
    this.u = new double[parts][dim];
    this.rho = rho;
    this.spectral = settings.rhoRule() == AdmmSettings.RhoRule.SPECTRAL ? new SpectralPenalty(parts) : null;
    resetMomentum();
  }

  /**
   * The consensus the next round starts from (a copy): z, or with Nesterov acceleration the extrapolated
   * {@code z^ = z + (a_k - 1)/a_(k+1) (z - z_prev)}.
   */
  double[] z() {
    return zHat.clone();
  }

  /** Momentum restarts so far (Nesterov acceleration). */
  int restarts() {
    return restarts;
  }

  /** Drops the momentum: the next round starts from z and u (after a change of rho or metric, and at the start). */
  private void resetMomentum() {
    zHat = z;
    uHat = u;
    zPrev = z;
    uPrev = u;
    momentum = 1.0;
    combinedPrev = Double.POSITIVE_INFINITY;
  }

  /** The current metric. */
  Metric metric() {
    return metric;
  }

  /**
   * Moves to a new metric {@code M'} keeping the unscaled duals {@code y_i = rho M u_i}: {@code u_i <- M'^-1 M u_i}
   * (z, rho and the residuals stay).
   */
  void changeMetric(Metric next) {
    for (int k = 0; k < parts; k++) {
      u[k] = next.solve(metric.apply(u[k]));
    }
    metric = next;
    prox = new MetricProx(penalty, next);
    if (spectral != null) {
      spectral.reset();
    }
    resetMomentum();
  }

  /** The scaled dual of partition slot k the next round uses (a copy; with acceleration the extrapolated one). */
  double[] u(int k) {
    return uHat[k].clone();
  }

  /** Copies of every block's scaled dual {@code u_k}, as sent to the partitions. */
  double[][] duals() {
    double[][] copy = new double[parts][];
    for (int k = 0; k < parts; k++) {
      copy[k] = u(k);
    }
    return copy;
  }

  double rho() {
    return rho;
  }

  /** The state a resumed run needs: z, every u_k (flattened, slot by slot), rho and the residuals. */
  io.sparkglm.core.solver.SolverState state(String solver, int iteration, double[][] warm, double kkt,
      double kktAtMetric) {
    double[] flatU = new double[parts * dim];
    double[] flatWarm = new double[parts * dim];
    for (int k = 0; k < parts; k++) {
      System.arraycopy(uHat[k], 0, flatU, k * dim, dim);
      System.arraycopy(warm[k], 0, flatWarm, k * dim, dim);
    }
    // With acceleration the extrapolated point is saved and a resumed run restarts the momentum from it.
    java.util.Map<String, double[]> vectors = new java.util.HashMap<>(java.util.Map.of("z", zHat, "u", flatU, "warm",
        flatWarm));
    if (!metric.isIdentity()) {
      vectors.put("metric", metric.matrix());
    }
    java.util.Map<String, Double> scalars = new java.util.HashMap<>(java.util.Map.of("rho", rho, "primal", primal,
        "dual", dual, "epsPrimal", epsPrimal, "epsDual", epsDual, "kkt", kkt, "kktAtMetric", kktAtMetric));
    if (spectral != null) {
      spectral.saveInto(vectors, scalars);
    }
    return new io.sparkglm.core.solver.SolverState(solver, iteration, vectors, scalars);
  }

  /** Continues from a saved {@link #state}; returns the local solutions' warm starts. */
  double[][] restore(io.sparkglm.core.solver.SolverState s) {
    double[] flatU = s.vector("u");
    double[] flatWarm = s.vector("warm");
    double[] zs = s.vector("z");
    if (zs.length != dim || flatU.length != parts * dim || flatWarm.length != parts * dim) {
      throw new IllegalArgumentException(s.solver() + " checkpoint is of " + flatU.length / Math.max(1, zs.length)
          + " partitions of dimension " + zs.length + ", this run has " + parts + " of dimension " + dim
          + ": resume with the same data and --partitions");
    }
    z = zs;
    if (s.vectors().containsKey("metric")) {
      metric = Metric.ofMatrix(s.vector("metric"), dim);
      prox = new MetricProx(penalty, metric);
    }
    double[][] warm = new double[parts][];
    for (int k = 0; k < parts; k++) {
      u[k] = java.util.Arrays.copyOfRange(flatU, k * dim, (k + 1) * dim);
      warm[k] = java.util.Arrays.copyOfRange(flatWarm, k * dim, (k + 1) * dim);
    }
    rho = s.scalar("rho");
    primal = s.scalar("primal");
    dual = s.scalar("dual");
    epsPrimal = s.scalar("epsPrimal");
    epsDual = s.scalar("epsDual");
    if (spectral != null) {
      spectral.restore(s);
    }
    resetMomentum();
    return warm;
  }

  double primalResidual() {
    return primal;
  }

  double dualResidual() {
    return dual;
  }

  /** Whether both residuals are below their tolerances (Boyd section 3.3.1). */
  boolean residualsConverged() {
    return primal <= epsPrimal && dual <= epsDual;
  }

  /**
   * One z- and u-update from the local solutions {@code b[k]} (slot k = k-th non-empty partition); then the
   * residuals and, if enabled, the rho adaptation.
   */
  void update(double[][] b) {
    double alpha = settings.overRelaxation();
    double[] zOld = zHat;
    double[][] relaxed = new double[parts][dim];
    double[] mean = new double[dim];
    for (int k = 0; k < parts; k++) {
      for (int j = 0; j < dim; j++) {
        relaxed[k][j] = alpha * b[k][j] + (1 - alpha) * zOld[j];
        mean[j] += (relaxed[k][j] + uHat[k][j]) / parts;
      }
    }
    double[] zNew = prox.solve(mean, parts * rho, zOld);
    double r2 = 0.0;
    double b2 = 0.0;
    double u2 = 0.0;
    double du2 = 0.0;
    double[] d = new double[dim];
    double[] dz = new double[dim];
    double[][] uNew = new double[parts][dim];
    for (int k = 0; k < parts; k++) {
      for (int j = 0; j < dim; j++) {
        uNew[k][j] = uHat[k][j] + relaxed[k][j] - zNew[j];
        d[j] = b[k][j] - zNew[j];
      }
      r2 += metric.normSquared(d);
      b2 += metric.normSquared(b[k]);
      u2 += metric.normSquared(uNew[k]);
      for (int j = 0; j < dim; j++) {
        d[j] = uNew[k][j] - uHat[k][j];
      }
      du2 += metric.normSquared(d);
    }
    for (int j = 0; j < dim; j++) {
      dz[j] = zNew[j] - zOld[j];
    }
    double dz2 = metric.normSquared(dz);
    double z2 = metric.normSquared(zNew);
    double nextRho = spectral == null ? rho : spectralRho(b, zOld, zNew, uNew);
    if (settings.nesterov()) {
      accelerate(zNew, uNew, rho * (du2 + parts * dz2));
    } else {
      z = zNew;
      for (int k = 0; k < parts; k++) {
        u[k] = uNew[k];
      }
      zHat = z;
      uHat = u;
    }
    primal = Math.sqrt(r2);
    dual = rho * Math.sqrt(parts * dz2);
    double root = Math.sqrt((double) parts * dim);
    epsPrimal = root * settings.absTol() + settings.relTol() * Math.max(Math.sqrt(b2), Math.sqrt(parts * z2));
    epsDual = root * settings.absTol() + settings.relTol() * rho * Math.sqrt(u2);
    if (settings.rhoRule() == AdmmSettings.RhoRule.BALANCING) {
      adapt();
    } else if (nextRho != rho) {
      rescale(nextRho / rho);
    }
  }

  /**
   * The spectral rule's rho for the next round ({@link SpectralPenalty}), from this round's local solutions, the
   * consensus and duals the round started from ({@code zIn}, the current {@code uHat}) and the new ones.
   */
  private double spectralRho(double[][] b, double[] zIn, double[] zNew, double[][] uNew) {
    double[][] yHat = new double[parts][dim];
    double[][] y = new double[parts][dim];
    for (int k = 0; k < parts; k++) {
      for (int j = 0; j < dim; j++) {
        yHat[k][j] = rho * (b[k][j] - zIn[j] + uHat[k][j]);
        y[k][j] = rho * uNew[k][j];
      }
    }
    return spectral.next(b, yHat, zNew, y, rho, metric);
  }

  /** The last spectral curvature estimates (data term, penalty); NaN without the spectral rule. */
  double[] spectralCurvatures() {
    return spectral == null ? new double[] {Double.NaN, Double.NaN}
        : new double[] {spectral.dataCurvature(), spectral.penaltyCurvature()};
  }

  /**
   * The consensus z-update {@code argmin_z P(z) + (scale/2) |z - mean|^2} coordinate by coordinate:
   * {@code S(mean_j, l1_j/scale) / (1 + l2_j/scale)} clipped to the coordinate's bounds, the intercept
   * unpenalized, fixed coordinates 0.
   *
   * @param scale {@code N rho}
   * @return a new array
   */
  public static double[] proximalAverage(Penalty penalty, double[] mean, double scale) {
    double[] z = new double[mean.length];
    for (int j = 0; j < mean.length; j++) {
      z[j] = penalty.isFixed(j) ? 0.0
          : penalty.clip(j, Penalty.softThreshold(mean[j], penalty.l1(j) / scale) / (1 + penalty.l2(j) / scale));
    }
    return z;
  }

  /**
   * Fast ADMM with restart (Goldstein, O'Donoghue, Setzer and Baraniuk 2014, algorithm 8), the consensus {@code z}
   * and the scaled duals {@code u} as its {@code (v, lambda)}: with the combined residual
   * {@code c = rho (sum_i |u_i - u^_i|^2 + N |z - z^|^2)} (metric norms) below {@value #RESTART_ETA} times its
   * last value, the next round starts from {@code z^ = z + (a_k - 1)/a_(k+1) (z - z_prev)} (and u^ alike),
   * {@code a_(k+1) = (1 + sqrt(1 + 4 a_k^2)) / 2}; otherwise the momentum restarts from the previous iterate.
   */
  private void accelerate(double[] zNew, double[][] uNew, double combined) {
    if (combined < RESTART_ETA * combinedPrev) {
      double next = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
      double w = (momentum - 1) / next;
      zHat = new double[dim];
      uHat = new double[parts][dim];
      for (int j = 0; j < dim; j++) {
        zHat[j] = zNew[j] + w * (zNew[j] - z[j]);
      }
      for (int k = 0; k < parts; k++) {
        for (int j = 0; j < dim; j++) {
          uHat[k][j] = uNew[k][j] + w * (uNew[k][j] - u[k][j]);
        }
      }
      momentum = next;
      combinedPrev = combined;
      z = zNew;
      for (int k = 0; k < parts; k++) {
        u[k] = uNew[k];
      }
    } else {
      // Restart: the next round starts again from the last accepted iterate (z, u stay), without momentum.
      restarts++;
      momentum = 1.0;
      combinedPrev = combinedPrev / RESTART_ETA;
      zHat = z;
      uHat = u;
    }
  }

  private void adapt() {
    double factor = 1.0;
    if (primal > settings.mu() * dual) {
      factor = settings.tau();
    } else if (dual > settings.mu() * primal) {
      factor = 1.0 / settings.tau();
    }
    if (factor != 1.0) {
      rescale(factor);
    }
  }

  /** {@code rho *= factor}, keeping the unscaled duals {@code rho M u}: {@code u /= factor}. */
  private void rescale(double factor) {
    rho *= factor;
    for (double[] uk : u) {
      for (int j = 0; j < dim; j++) {
        uk[j] /= factor;
      }
    }
    if (settings.nesterov()) {
      resetMomentum();
    }
  }
}
