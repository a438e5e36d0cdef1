package io.sparkglm.asyncadmm;

import io.sparkglm.admm.Metric;
import io.sparkglm.admm.MetricProx;
import io.sparkglm.core.penalty.Penalty;
import java.util.List;
import java.util.Map;

/**
 * The consensus state of asynchronous ADMM, kept as a running sum: {@code S = sum_i (b_i + u_i)} over the N
 * non-empty partitions, so that a partition's report costs O(p) (subtract its old contribution, add its new
 * one) and never a pass over all partitions (the "what we could have done better" of the async-ADMM seed).
 *
 * <p>A consensus update from the reports of a set A of partitions (one report in {@code single} mode, all
 * that arrived in {@code batched} mode):
 * <pre>
 *   S   = S - (b_i + u_i) + (b_i' + u_i)     for i in A      (b_i' the new local solution)
 *   z   = prox_{P/(N rho)}(S / N)
 *   u_i = u_i + b_i' - z                   for i in A      (and S follows u_i)
 * </pre>
 * as in Zhang and Kwok 2014, "Asynchronous Distributed ADMM for Consensus Optimization". The primal residual
 * {@code sqrt(sum_i |b_i - z|^2)} and the dual residual {@code rho sqrt(N) |z - z_prev|} are those of Boyd et
 * al. 2011, section 3.3, over the latest reports. Staleness of partition i: consensus updates since its last
 * report. {@link #rescaleRho} changes rho by residual balancing and rescales every scaled dual {@code u_i} by
 * the inverse factor (Boyd et al. 2011, section 3.4.1). Mutable; not thread-safe (the driver's loop owns it).
 */
final class RunningConsensus {
  private final Penalty penalty;
  private final int parts;
  private final int dim;
  private double rho;
  private final double[][] b;
  private final double[][] u;
  private final double[] sum;
  private double[] z;
  private double[] zRound;
  private final int[] lastReport;
  private final int[] reports;
  private int updates;
  private double primal = Double.NaN;
  private double dual = Double.NaN;
  private Metric metric;
  private MetricProx proximal;
  private final double zDamping;

  /**
   * Starts from one synchronous round: every partition's local solution {@code b0[i]} (all computed from the
   * same start); then {@code z = prox(mean b0)} and {@code u_i = b0_i - z}.
   */
  RunningConsensus(Penalty penalty, double rho, double[][] b0) {
    this(penalty, rho, b0, Metric.identity(b0[0].length), 0.0);
  }

  /**
   * As {@link #RunningConsensus(Penalty, double, double[][])} in the augmented Lagrangian's metric {@code M}
   * ({@link Metric}) and with a proximal term on z (Zhang and Kwok 2014, eq. 8): the z-update is
   * {@code argmin P(z) + (N rho/2)|z - S/N|_M^2 + (gamma/2)|z - z_prev|_M^2} with {@code gamma = zDamping N rho},
   * which keeps the fixed points and damps the oscillation that stale reports otherwise feed; residuals in
   * {@code |.|_M}.
   */
  RunningConsensus(Penalty penalty, double rho, double[][] b0, Metric metric, double zDamping) {
    this.zDamping = zDamping;
    this.metric = metric;
    this.proximal = new MetricProx(penalty, metric);
    this.penalty = penalty;
    this.parts = b0.length;
    this.dim = b0[0].length;
    this.rho = rho;
    this.b = new double[parts][];
    this.u = new double[parts][dim];
    this.sum = new double[dim];
    this.lastReport = new int[parts];
    this.reports = new int[parts];
    for (int i = 0; i < parts; i++) {
      b[i] = b0[i].clone();
      reports[i] = 1;
      for (int j = 0; j < dim; j++) {
        sum[j] += b[i][j];
      }
    }
    z = prox();
    zRound = z.clone();
    for (int i = 0; i < parts; i++) {
      for (int j = 0; j < dim; j++) {
        u[i][j] = b[i][j] - z[j];
        sum[j] += u[i][j];
      }
    }
    residuals(z);
  }

  /** For {@link #restore}: every field is set there. */
  private RunningConsensus(Penalty penalty, int parts, int dim, double zDamping) {
    this.penalty = penalty;
    this.parts = parts;
    this.dim = dim;
    this.zDamping = zDamping;
    this.b = new double[parts][];
    this.u = new double[parts][];
    this.sum = new double[dim];
    this.lastReport = new int[parts];
    this.reports = new int[parts];
  }

  /**
   * Everything a resumed run continues from (flattened slot by slot): every b_i and u_i, z, the running sum, z at
   * the last residual balancing, the report counters, the metric, rho, the residuals and the update count.
   */
  io.sparkglm.core.solver.SolverState state(String solver, Map<String, double[]> moreVectors,
      Map<String, Double> moreScalars) {
    double[] flatB = new double[parts * dim];
    double[] flatU = new double[parts * dim];
    double[] last = new double[parts];
    double[] count = new double[parts];
    for (int i = 0; i < parts; i++) {
      System.arraycopy(b[i], 0, flatB, i * dim, dim);
      System.arraycopy(u[i], 0, flatU, i * dim, dim);
      last[i] = lastReport[i];
      count[i] = reports[i];
    }
    Map<String, double[]> vectors = new java.util.LinkedHashMap<>(moreVectors);
    vectors.put("b", flatB);
    vectors.put("u", flatU);
    vectors.put("z", z);
    vectors.put("sum", sum);
    vectors.put("zRound", zRound);
    vectors.put("lastReport", last);
    vectors.put("reports", count);
    if (!metric.isIdentity()) {
      vectors.put("metric", metric.matrix());
    }
    Map<String, Double> scalars = new java.util.LinkedHashMap<>(moreScalars);
    scalars.put("rho", rho);
    scalars.put("primal", primal);
    scalars.put("dual", dual);
    scalars.put("zDamping", zDamping);
    return new io.sparkglm.core.solver.SolverState(solver, updates, vectors, scalars);
  }

  /** The consensus {@link #state} saved, for {@code parts} slots of dimension {@code dim}. */
  static RunningConsensus restore(Penalty penalty, io.sparkglm.core.solver.SolverState s, int parts, int dim,
      double zDamping) {
    if (s.scalar("zDamping") != zDamping) {
      throw new IllegalArgumentException(s.solver() + " checkpoint was saved with zDamping " + s.scalar("zDamping")
          + ", this run has " + zDamping);
    }
    double[] flatB = s.vector("b");
    double[] flatU = s.vector("u");
    double[] z = s.vector("z");
    if (z.length != dim || flatB.length != parts * dim || flatU.length != parts * dim) {
      throw new IllegalArgumentException(s.solver() + " checkpoint holds " + flatB.length / Math.max(1, z.length)
          + " partitions of dimension " + z.length + ", this run has " + parts + " of dimension " + dim
          + ": it was saved by another fit");
    }
    RunningConsensus c = new RunningConsensus(penalty, parts, dim, zDamping);
    double[] last = s.vector("lastReport");
    double[] count = s.vector("reports");
    for (int i = 0; i < parts; i++) {
      c.b[i] = java.util.Arrays.copyOfRange(flatB, i * dim, (i + 1) * dim);
      c.u[i] = java.util.Arrays.copyOfRange(flatU, i * dim, (i + 1) * dim);
      c.lastReport[i] = (int) last[i];
      c.reports[i] = (int) count[i];
    }
    System.arraycopy(s.vector("sum"), 0, c.sum, 0, dim);
    c.z = z;
    c.zRound = s.vector("zRound");
    c.updates = s.iteration();
    c.rho = s.scalar("rho");
    c.primal = s.scalar("primal");
    c.dual = s.scalar("dual");
    c.metric = s.vectors().containsKey("metric") ? Metric.ofMatrix(s.vector("metric"), dim) : Metric.identity(dim);
    c.proximal = new MetricProx(penalty, c.metric);
    return c;
  }

  /** A partition's report: its slot and its new local solution. */
  record Report(int slot, double[] b) {
  }

  /** One consensus update from {@code arrived} (each slot at most once). */
  void update(List<Report> arrived) {
    for (Report r : arrived) {
      int i = r.slot();
      for (int j = 0; j < dim; j++) {
        sum[j] += r.b()[j] - b[i][j];
      }
      b[i] = r.b().clone();
    }
    double[] zOld = z;
    z = prox();
    updates++;
    for (Report r : arrived) {
      int i = r.slot();
      for (int j = 0; j < dim; j++) {
        double du = b[i][j] - z[j];
        u[i][j] += du;
        sum[j] += du;
      }
      lastReport[i] = updates;
      reports[i]++;
    }
    residuals(zOld);
  }

  /**
   * Multiplies rho by {@code factor} and divides every {@code u_i} by it (the scaled duals {@code u = y / rho}
   * keep the unscaled duals y), then recomputes the running sum. z and the residuals stay as they are.
   */
  void rescaleRho(double factor) {
    rho *= factor;
    java.util.Arrays.fill(sum, 0.0);
    for (int i = 0; i < parts; i++) {
      for (int j = 0; j < dim; j++) {
        u[i][j] /= factor;
        sum[j] += b[i][j] + u[i][j];
      }
    }
  }

  /**
   * Residual balancing (Boyd et al. 2011, eq. 3.13) over the last round, meant to be called once per N consensus
   * updates: the primal residual of the latest reports against the dual residual {@code rho sqrt(N) |z - z_r|},
   * where {@code z_r} is z at the previous call (or the start). The per-update dual residual would not do: one
   * update moves z by about 1/N of a synchronous round, so balancing on it raises rho without cause. Rho is
   * multiplied by tau when the primal residual exceeds mu times the dual one, divided by tau in the opposite
   * case; returns the factor applied (1 for none).
   */
  double balanceRho(double mu, double tau) {
    double[] dz = new double[dim];
    for (int j = 0; j < dim; j++) {
      dz[j] = z[j] - zRound[j];
    }
    double dz2 = metric.normSquared(dz);
    double roundDual = rho * Math.sqrt(parts * dz2);
    zRound = z.clone();
    double factor = primal > mu * roundDual ? tau : roundDual > mu * primal ? 1.0 / tau : 1.0;
    if (factor != 1.0) {
      rescaleRho(factor);
    }
    return factor;
  }

  /** The current metric. */
  Metric metric() {
    return metric;
  }

  /**
   * Moves to a new metric keeping the unscaled duals {@code y_i = rho M u_i} ({@code u_i <- M'^-1 M u_i}), as
   * {@code admm} does; the running sum follows, z and the residuals stay.
   */
  void changeMetric(Metric next) {
    java.util.Arrays.fill(sum, 0.0);
    for (int i = 0; i < parts; i++) {
      u[i] = next.solve(metric.apply(u[i]));
      for (int j = 0; j < dim; j++) {
        sum[j] += b[i][j] + u[i][j];
      }
    }
    metric = next;
    proximal = new MetricProx(penalty, next);
  }

  private double[] prox() {
    double[] mean = new double[dim];
    for (int j = 0; j < dim; j++) {
      mean[j] = sum[j] / parts;
    }
    if (z == null || zDamping == 0.0) {
      return proximal.solve(mean, parts * rho, z == null ? new double[dim] : z);
    }
    double weight = 1.0 / (1.0 + zDamping);
    for (int j = 0; j < dim; j++) {
      mean[j] = weight * mean[j] + (1 - weight) * z[j];
    }
    return proximal.solve(mean, parts * rho * (1 + zDamping), z);
  }

  private void residuals(double[] zOld) {
    double r2 = 0.0;
    double[] d = new double[dim];
    for (int i = 0; i < parts; i++) {
      for (int j = 0; j < dim; j++) {
        d[j] = b[i][j] - z[j];
      }
      r2 += metric.normSquared(d);
    }
    for (int j = 0; j < dim; j++) {
      d[j] = z[j] - zOld[j];
    }
    double dz2 = metric.normSquared(d);
    primal = Math.sqrt(r2);
    dual = rho * Math.sqrt(parts * dz2);
  }

  double[] z() {
    return z.clone();
  }

  double[] u(int slot) {
    return u[slot].clone();
  }

  double[] b(int slot) {
    return b[slot].clone();
  }

  /** The running sum (a copy), for tests. */
  double[] sum() {
    return sum.clone();
  }

  int updates() {
    return updates;
  }

  int parts() {
    return parts;
  }

  double rho() {
    return rho;
  }

  double primalResidual() {
    return primal;
  }

  double dualResidual() {
    return dual;
  }

  /** Consensus updates since the slot last reported. */
  int staleness(int slot) {
    return updates - lastReport[slot];
  }

  int maxStaleness() {
    int m = 0;
    for (int i = 0; i < parts; i++) {
      m = Math.max(m, staleness(i));
    }
    return m;
  }

  /** Reports received from each slot (the synchronous first round counts as one). */
  int[] reportCounts() {
    return reports.clone();
  }

  /** Boyd's residual test with absolute and relative tolerances. */
  boolean residualsConverged(double absTol, double relTol) {
    double b2 = 0.0;
    double u2 = 0.0;
    double z2 = 0.0;
    for (int i = 0; i < parts; i++) {
      for (int j = 0; j < dim; j++) {
        b2 += b[i][j] * b[i][j];
        u2 += u[i][j] * u[i][j];
      }
    }
    for (double v : z) {
      z2 += v * v;
    }
    double root = Math.sqrt((double) parts * dim);
    double epsPri = root * absTol + relTol * Math.max(Math.sqrt(b2), Math.sqrt(parts * z2));
    double epsDual = root * absTol + relTol * rho * Math.sqrt(u2);
    return primal <= epsPri && dual <= epsDual;
  }
}
