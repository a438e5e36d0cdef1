package io.sparkglm.admm;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.IterationLog;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.eval.ClosableBroadcast;
import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.TrainingProblem;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Consensus ADMM (Boyd et al. 2011, sections 7.1 and 8.2) on Spark: each partition holds its rows and solves
 * {@code argmin f_i(b) + rho/2 |b - z + u_i|^2} (a factored quadratic for gaussian, warm-started Newton
 * otherwise); the driver keeps {@code z} and the scaled duals {@code u_i}, updates them with the penalty's
 * proximal operator ({@link Consensus}) and adapts {@code rho}.
 *
 * <p>Spark shape: the per-partition problems (blocks plus factorizations) live in a persisted RDD built once per
 * fit (rebuilt from lineage if an executor is lost). One iteration is one Spark job: {@code z}, the {@code u_i},
 * the warm starts and {@code rho} travel by broadcast (O(N p) doubles), and each task returns its new
 * {@code b_i} together with {@code f_i(z)} and {@code grad f_i(z)} computed in the same task, so every iteration
 * also reports the exact objective and KKT violation of the consensus {@code z} entering it.
 *
 * <p>Stops when the KKT violation of {@code z} is at most the stopping rule's tolerance, or when the primal and
 * dual residuals fall below {@code eps_pri}/{@code eps_dual} (Boyd section 3.3.1), or at the iteration limit.
 */
public final class AdmmSolver implements DistributedSolver {
  private final AdmmSettings settings;
  /** A solver with these settings. */
  public AdmmSolver(AdmmSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "admm";
  }

  @Override
  public boolean supports(Penalty penalty) {
    return true;
  }

  /** What the driver sends each iteration. */
  record Round(double[] z, double[][] u, double[][] warm, int[] slotOfPartition, double rho, double localTol,
      boolean hessian)
      implements Serializable {
  }

  /** What one partition returns. */
  record PartResult(int partition, double[] b, double value, double[] gradient, double[] hessian, long localPasses)
      implements Serializable {
  }

  /** One round gathered on the driver: the data term's value and gradient at z, each slot's local solution. */
  private record Gathered(double value, double[] gradient, double[] hessian, double[][] b, long localPasses) {
    static Gathered of(List<PartResult> results, int[] slot, int n, int dim) {
      double value = 0.0;
      double[] gradient = new double[dim];
      double[] hessian = null;
      double[][] b = new double[n][];
      long localPasses = 0;
      for (PartResult r : results) {
        value += r.value();
        for (int j = 0; j < dim; j++) {
          gradient[j] += r.gradient()[j];
        }
        if (r.hessian() != null) {
          hessian = hessian == null ? new double[dim * dim] : hessian;
          for (int k = 0; k < hessian.length; k++) {
            hessian[k] += r.hessian()[k];
          }
        }
        b[slot[r.partition()]] = r.b();
        localPasses += r.localPasses();
      }
      return new Gathered(value, gradient, hessian, b, localPasses);
    }
  }

  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public Solution solve(TrainingProblem problem, StoppingRule stop, IterationListener listener) {
    FitSetup setup = problem.setup();
    JavaRDD<PartitionProblem> parts = partitionProblems(problem);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(parts.context());
    try {
      jsc.setJobDescription("sparkglm admm: build per-partition problems (factorizations)");
      List<Integer> nonEmpty = parts.mapPartitionsWithIndex((index, it) -> {
        List<Integer> out = new ArrayList<>();
        if (it.hasNext() && !it.next().isEmpty()) {
          out.add(index);
        }
        return out.iterator();
      }, true).collect();
      int[] slot = new int[parts.getNumPartitions()];
      java.util.Arrays.fill(slot, -1);
      for (int k = 0; k < nonEmpty.size(); k++) {
        slot[nonEmpty.get(k)] = k;
      }
      jsc.setJobDescription("sparkglm admm: the metric (summed partition Hessians at the start)");
      try (ClosableBroadcast<Metric> metric = ClosableBroadcast.of(jsc,
          metric(problem, parts, settings.hessianMetric()))) {
        return iterate(problem, parts, jsc, slot, nonEmpty.size(), metric.get(), stop, listener);
      }
    } finally {
      jsc.setJobDescription(null);
      parts.unpersist(false);
    }
  }

  /**
   * The augmented Lagrangian's metric ({@link Metric}): with {@code enabled} and at most
   * {@value io.sparkglm.core.solver.NewtonSolver#DEFAULT_MAX_FEATURES} features, the data term's Hessian at the
   * start (one job; the partitions' Hessians summed on the driver in partition order, so a resumed fit gets the
   * same metric); else the identity. Shared with the asynchronous solver.
   */
  public static Metric metric(TrainingProblem problem, JavaRDD<PartitionProblem> parts, boolean enabled) {
    double[] start = problem.start();
    int dim = start.length;
    if (!enabled || problem.numFeatures() > io.sparkglm.core.solver.NewtonSolver.DEFAULT_MAX_FEATURES) {
      return Metric.identity(dim);
    }
    List<double[]> hessians = parts.mapPartitions((Iterator<PartitionProblem> it) -> {
      List<double[]> out = new ArrayList<>();
      if (it.hasNext()) {
        PartitionProblem pp = it.next();
        if (!pp.isEmpty()) {
          out.add(pp.evaluateHessian(start).hessian());
        }
      }
      return out.iterator();
    }, true).collect();
    double[] sum = new double[dim * dim];
    for (double[] h : hessians) {
      for (int k = 0; k < sum.length; k++) {
        sum[k] += h[k];
      }
    }
    return Metric.of(sum, problem.setup().fixed());
  }

  private Solution iterate(TrainingProblem problem, JavaRDD<PartitionProblem> parts, JavaSparkContext jsc,
      int[] slot, int n, Broadcast<Metric> initial, StoppingRule stop, IterationListener listener) {
    List<ClosableBroadcast<Metric>> refreshed = new ArrayList<>();
    try {
      return iterate(problem, parts, jsc, slot, n, initial, refreshed, stop, listener);
    } finally {
      refreshed.forEach(ClosableBroadcast::close);
    }
  }

  private Solution iterate(TrainingProblem problem, JavaRDD<PartitionProblem> parts, JavaSparkContext jsc,
      int[] slot, int n, Broadcast<Metric> initial, List<ClosableBroadcast<Metric>> refreshed, StoppingRule stop,
      IterationListener listener) {
    Broadcast<Metric> metric = initial;
    Penalty penalty = problem.penalty();
    double[] start = problem.start();
    int dim = start.length;
    Consensus consensus = new Consensus(penalty, settings, n, start,
        Double.isNaN(settings.rho()) ? 1.0 / n : settings.rho(), metric.value());
    double[][] warm = new double[n][];
    for (int k = 0; k < n; k++) {
      warm[k] = start.clone();
    }
    // Passes: the one that built the partition problems, then one per round.
    java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();
    IterationLog log = new IterationLog(name(), listener, passes::get);
    passes.set(1);
    long localPasses = 0;
    double objective = Double.NaN;
    double kkt = Double.NaN;
    Status status = Status.MAX_ITERATIONS;
    int iter = 0;
    java.util.Optional<io.sparkglm.core.solver.SolverState> resumed = log.checkpoints().resume(name());
    if (resumed.isPresent()) {
      warm = consensus.restore(resumed.get());
      iter = resumed.get().iteration();
      if (consensus.metric() != initial.value()) {
        refreshed.add(ClosableBroadcast.of(jsc, consensus.metric()));
        metric = refreshed.get(refreshed.size() - 1).get();
      }
    }
    // A quadratic loss (gaussian, identity link) has one Hessian: its metric is never rebuilt.
    boolean refreshing = !initial.value().isIdentity() && !problem.loss().isQuadratic();
    double kktAtMetric = Double.NaN;
    if (resumed.isPresent() && resumed.get().scalars().containsKey("kktAtMetric")) {
      // The local tolerance and the metric's next rebuild follow the KKT history: resumed as saved.
      kkt = resumed.get().scalar("kkt");
      kktAtMetric = resumed.get().scalar("kktAtMetric");
    }
    double[] zIn = consensus.z();
    while (iter < stop.maxIterations()) {
      iter++;
      zIn = consensus.z();
      jsc.setJobDescription("sparkglm admm iteration " + iter + ": local updates, objective at z");
      boolean wantHessian = refreshing && kkt <= settings.metricRefresh() * kktAtMetric;
      Gathered g = Gathered.of(round(parts, jsc, new Round(zIn, consensus.duals(), warm, slot, consensus.rho(),
          AdmmSettings.localTolerance(settings.localTol(), stop.tolerance(), kkt), wantHessian),
          metric), slot, n, dim);
      passes.incrementAndGet();
      double[][] b = g.b();
      localPasses += g.localPasses();
      objective = g.value() + penalty.value(zIn);
      kkt = penalty.kktViolation(zIn, g.gradient());
      if (Double.isNaN(kktAtMetric)) {
        kktAtMetric = kkt;
      }
      if (!Double.isFinite(objective) && iter == 1) {
        return log.notFinite(zIn, objective);
      }
      if (kkt <= stop.tolerance()) {
        status = Status.CONVERGED;
        record(log, iter, objective, kkt, consensus, localPasses);
        return log.solution(zIn, objective, kkt, iter, status);
      }
      consensus.update(b);
      if (g.hessian() != null) {
        Metric next = Metric.of(g.hessian(), problem.setup().fixed());
        if (!next.isIdentity()) {
          consensus.changeMetric(next);
          refreshed.add(ClosableBroadcast.of(jsc, next));
          metric = refreshed.get(refreshed.size() - 1).get();
        }
        kktAtMetric = kkt;
      }
      warm = b;
      record(log, iter, objective, kkt, consensus, localPasses);
      int done = iter;
      double[][] warmNow = warm;
      double kktNow = kkt;
      double kktAtMetricNow = kktAtMetric;
      log.checkpoints().offer(iter, () -> consensus.state(name(), done, warmNow, kktNow, kktAtMetricNow));
      if (consensus.residualsConverged()) {
        status = Status.CONVERGED;
        break;
      }
    }
    // The consensus after the last update has not been evaluated; the trainer's certificate pass does it.
    return log.solution(consensus.z(), objective, kkt, iter, status);
  }

  private static void record(IterationLog log, int iter, double objective, double kkt, Consensus c,
      long localPasses) {
    Map<String, Double> details = new LinkedHashMap<>();
    details.put("primalResidual", c.primalResidual());
    details.put("dualResidual", c.dualResidual());
    details.put("rho", c.rho());
    details.put("localPasses", (double) localPasses);
    log.record(iter, objective, kkt, c.rho(), details);
  }

  private List<PartResult> round(JavaRDD<PartitionProblem> parts, JavaSparkContext jsc, Round round,
      Broadcast<Metric> metric) {
    double localTol = round.localTol();
    int localMaxIter = settings.localMaxIter();
    int slow = settings.slowPartition();
    long slowMillis = settings.slowMillis();
    try (ClosableBroadcast<Round> bc = ClosableBroadcast.of(jsc, round)) {
      Broadcast<Round> b = bc.get();
      return parts.mapPartitionsWithIndex((index, it) -> {
        List<PartResult> out = new ArrayList<>();
        Round r = b.value();
        int k = r.slotOfPartition()[index];
        if (k >= 0 && it.hasNext()) {
          if (index == slow && slowMillis > 0) {
            Thread.sleep(slowMillis);
          }
          PartitionProblem pp = it.next();
          Evaluation atZ = r.hessian() ? pp.evaluateHessian(r.z()) : pp.evaluate(r.z());
          double[] v = new double[r.z().length];
          for (int j = 0; j < v.length; j++) {
            v[j] = r.z()[j] - r.u()[k][j];
          }
          PartitionProblem.LocalUpdate up = pp.update(v, r.rho(), metric.value(), r.warm()[k], localTol,
              localMaxIter);
          out.add(new PartResult(index, up.coefficients(), atZ.value(), atZ.gradient(), atZ.hessian(),
              up.localPasses() + 1));
        }
        return out.iterator();
      }, true).collect();
    }
  }

  /**
   * The per-partition problems of {@code problem}, persisted ({@link io.sparkglm.spark.eval.BlockStorage}) and named; the caller unpersists
   * them. Shared with the asynchronous solver.
   */
  public static JavaRDD<PartitionProblem> partitionProblems(TrainingProblem problem) {
    FitSetup setup = problem.setup();
    GlmLoss loss = problem.loss();
    int p = problem.numFeatures();
    double weightSum = setup.stats().weightSum();
    Reparametrization map = setup.reparametrization();
    boolean[] fixed = setup.fixed();
    JavaRDD<PartitionProblem> parts = problem.blocks().mapPartitions((Iterator<Block> it) -> {
      List<Block> blocks = new ArrayList<>();
      it.forEachRemaining(blocks::add);
      return List.of(new PartitionProblem(blocks, loss, p, weightSum, map, fixed)).iterator();
    }, true);
    parts.persist(io.sparkglm.spark.eval.BlockStorage.level(parts.context()));
    parts.setName("sparkglm admm partition problems");
    return parts;
  }
}
