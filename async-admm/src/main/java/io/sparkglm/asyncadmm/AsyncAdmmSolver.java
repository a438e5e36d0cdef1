package io.sparkglm.asyncadmm;

import io.sparkglm.admm.AdmmSolver;
import io.sparkglm.admm.Metric;
import io.sparkglm.spark.eval.ClosableBroadcast;
import org.apache.spark.broadcast.Broadcast;
import io.sparkglm.admm.PartitionProblem;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.IterationLog;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.TrainingProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Asynchronous consensus ADMM on Spark (the async-ADMM seed; Zhang and Kwok 2014). Instead of lock-step
 * rounds, about twice the cluster's task slots of single-partition local updates are kept in flight
 * ({@link PartitionTasks}); the consensus is updated as results arrive ({@link RunningConsensus}: one result at a
 * time in {@code single} mode, every result that arrived together in {@code batched} mode).
 *
 * <ul>
 *   <li><b>Warm start</b>: one synchronous round (every partition from the same start), which sets every
 *       {@code b_i} and {@code u_i} consistently instead of inflating a first average.</li>
 *   <li><b>Scheduling</b>: the idle partition with the oldest report goes next, never at random.</li>
 *   <li><b>Adaptive rho</b>: residual balancing once per N consensus updates (as {@code admm} once per round),
 *       u rescaled; in-flight tasks finish with the rho they were given.</li>
 *   <li><b>Metric and damping</b> (issue 18): the augmented Lagrangian in the metric of the data term's Hessian
 *       as {@code admm} ({@link io.sparkglm.admm.Metric}; rebuilt in the evaluation pass each time the KKT
 *       violation falls by {@code metricRefresh}, or when it has not within
 *       {@value AsyncAdmmSettings#METRIC_STALL_ROUNDS} rounds; later tasks get the new broadcast), and a proximal term on z ({@code zDamping},
 *       Zhang and Kwok 2014) without which stale reports made binom_sparse diverge on 3 partitions.</li>
 *   <li><b>Bounded staleness</b>: no partition is ever more than K updates stale (K = {@code maxStaleness},
 *       default twice the partitions). z does not advance while a partition is K updates stale; its result is
 *       awaited, the others' results are held, and in single mode held results that could not be folded one at
 *       a time without breaking the bound are folded together.</li>
 *   <li><b>Stopping</b>: KKT violation of z at most the tolerance (z is evaluated with one full pass every
 *       {@code evaluateEvery} updates), Boyd's residual test on the running state, the round limit
 *       ({@code maxIterations} counts rounds of N consensus updates, N the non-empty partitions, so that it is
 *       comparable with {@code admm}'s iterations, in each of which every partition solves once) or the
 *       wall-clock budget; in-flight jobs are cancelled.</li>
 * </ul>
 * The solution's iterations are rounds begun ({@code ceil(updates / N)}). One {@link IterationRecord} per
 * consensus update: its iteration is the update's number (checkpoints count updates too), its details the round
 * ({@code round}), seconds (since the solver started, the synchronous first
 * round included), primal and dual residuals, maximal
 * staleness, reports per partition, and the objective/KKT of the latest evaluation (NaN before the first);
 * {@code passes} counts Spark jobs (one per single-partition update, one per full evaluation).
 */
final class AsyncAdmmSolver implements DistributedSolver {
  private final AsyncAdmmSettings settings;

  AsyncAdmmSolver(AsyncAdmmSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "async-admm";
  }

  @Override
  public boolean supports(Penalty penalty) {
    return true;
  }

  /** Saves the consensus; a resumed run reaches the same optimum, by other steps (see {@link #resume}). */
  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public Solution solve(TrainingProblem problem, StoppingRule stop, IterationListener listener) {
    JavaRDD<PartitionProblem> parts = AdmmSolver.partitionProblems(problem);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(parts.context());
    try {
      jsc.setJobDescription("sparkglm async-admm: build partition problems (factorizations)");
      long nonEmpty = parts.filter(pp -> !pp.isEmpty()).count();
      if (nonEmpty == 0) {
        throw new IllegalArgumentException("async-admm: no partition holds training rows");
      }
      double rho = Double.isNaN(settings.rho()) ? 1.0 / nonEmpty : settings.rho();
      jsc.setJobDescription("sparkglm async-admm: the metric (summed partition Hessians at the start)");
      try (ClosableBroadcast<Metric> metric = ClosableBroadcast.of(jsc,
          AdmmSolver.metric(problem, parts, settings.hessianMetric()))) {
        jsc.setJobDescription("sparkglm async-admm: synchronous first round");
        return run(problem, parts, jsc, rho, metric.get(), stop, listener);
      }
    } finally {
      jsc.setJobDescription(null);
      parts.unpersist(false);
    }
  }

  private Solution run(TrainingProblem problem, JavaRDD<PartitionProblem> parts, JavaSparkContext jsc, double rho,
      Broadcast<Metric> metric, StoppingRule stop, IterationListener listener) {
    double[] start = problem.start();
    double localTol = settings.localTol();
    int localMaxIter = settings.localMaxIter();
    int slow = settings.slowPartition();
    long slowMillis = settings.slowMillis();
    // The clock starts before the synchronous first round; passes: the problems' build and the first round, then
    // one per single-partition update and one per full evaluation.
    AtomicLong passes = new AtomicLong();
    IterationLog log = new IterationLog(name(), listener, passes::get);
    passes.set(2);
    java.util.Optional<io.sparkglm.core.solver.SolverState> resumed = log.checkpoints().resume(name());
    if (resumed.isPresent()) {
      return resume(problem, parts, jsc, metric, resumed.get(), stop, log, passes);
    }
    List<double[]> firstRound = parts.mapPartitionsWithIndex((index, it) -> {
      List<double[]> out = new ArrayList<>();
      if (it.hasNext()) {
        PartitionProblem pp = it.next();
        if (!pp.isEmpty()) {
          if (index == slow && slowMillis > 0) {
            Thread.sleep(slowMillis);
          }
          double[] b = pp.update(start, rho, metric.value(), start, localTol, localMaxIter).coefficients();
          double[] tagged = new double[b.length + 1];
          tagged[0] = index;
          System.arraycopy(b, 0, tagged, 1, b.length);
          out.add(tagged);
        }
      }
      return out.iterator();
    }, true).collect();
    int n = firstRound.size();
    int[] partitionOfSlot = new int[n];
    double[][] b0 = new double[n][];
    for (int k = 0; k < n; k++) {
      double[] t = firstRound.get(k);
      partitionOfSlot[k] = (int) t[0];
      b0[k] = java.util.Arrays.copyOfRange(t, 1, t.length);
    }
    RunningConsensus state = new RunningConsensus(problem.penalty(), rho, b0, metric.value(),
        settings.zDamping());
    int slots = jsc.sc().defaultParallelism();
    int capacity = Math.min(n, settings.inFlight() > 0 ? settings.inFlight() : 2 * slots);
    int evaluateEvery = settings.evaluateEvery() > 0 ? settings.evaluateEvery() : n;
    Loop loop = new Loop(problem, state, partitionOfSlot, stop, log, passes, evaluateEvery);
    try (PartitionTasks tasks = new PartitionTasks(parts, settings, metric, capacity)) {
      return loop.run(tasks, capacity);
    }
  }

  /**
   * Continues a run from its checkpoint: the consensus as it was after update k, the loop's last evaluation, the
   * metric (later tasks get it as a new broadcast). Tasks that were in flight when the driver was lost are
   * resubmitted from the saved z, so the resumed run takes other steps than the lost one would have (arrival
   * order is never reproducible), to the same optimum.
   */
  private Solution resume(TrainingProblem problem, JavaRDD<PartitionProblem> parts, JavaSparkContext jsc,
      Broadcast<Metric> metric, io.sparkglm.core.solver.SolverState saved, StoppingRule stop, IterationLog log,
      AtomicLong passes) {
    double[] slots = saved.vector("partitionOfSlot");
    int n = slots.length;
    int[] partitionOfSlot = new int[n];
    for (int k = 0; k < n; k++) {
      partitionOfSlot[k] = (int) slots[k];
      if (partitionOfSlot[k] < 0 || partitionOfSlot[k] >= parts.getNumPartitions()) {
        throw new IllegalArgumentException("async-admm checkpoint has partition " + partitionOfSlot[k] + ", this"
            + " run has " + parts.getNumPartitions() + ": resume with the same data and --partitions");
      }
    }
    RunningConsensus state = RunningConsensus.restore(problem.penalty(), saved, n, problem.start().length,
        settings.zDamping());
    int slotsPerCluster = jsc.sc().defaultParallelism();
    int capacity = Math.min(n, settings.inFlight() > 0 ? settings.inFlight() : 2 * slotsPerCluster);
    int evaluateEvery = settings.evaluateEvery() > 0 ? settings.evaluateEvery() : n;
    Loop loop = new Loop(problem, state, partitionOfSlot, stop, log, passes, evaluateEvery);
    loop.objective = saved.scalar("objective");
    loop.kkt = saved.scalar("kkt");
    loop.kktAtMetric = saved.scalar("kktAtMetric");
    loop.updatesAtMetric = saved.scalars().containsKey("updatesAtMetric") ? (int) saved.scalar("updatesAtMetric")
        : saved.iteration();
    try (PartitionTasks tasks = new PartitionTasks(parts, settings, metric, capacity)) {
      if (!state.metric().isIdentity()) {
        tasks.changeMetric(state.metric());
      }
      return loop.run(tasks, capacity);
    }
  }

  /** The driver's event loop over arriving results. */
  private final class Loop {
    private final TrainingProblem problem;
    private final RunningConsensus state;
    private final int[] partitionOfSlot;
    private final StoppingRule stop;
    private final IterationLog log;
    private final AtomicLong passes;
    private final int evaluateEvery;
    private final int maxStaleness;
    private final boolean[] busy;
    private double objective = Double.NaN;
    private double kkt = Double.NaN;
    private double kktAtMetric = Double.NaN;
    /** The consensus update at which the metric was last built (0: the start's). */
    private int updatesAtMetric;
    private PartitionTasks tasks;

    Loop(TrainingProblem problem, RunningConsensus state, int[] partitionOfSlot, StoppingRule stop,
        IterationLog log, AtomicLong passes, int evaluateEvery) {
      this.problem = problem;
      this.log = log;
      this.passes = passes;
      this.state = state;
      this.partitionOfSlot = partitionOfSlot;
      this.stop = stop;
      this.evaluateEvery = evaluateEvery;
      this.maxStaleness = settings.maxStaleness() > 0 ? settings.maxStaleness() : 2 * partitionOfSlot.length;
      this.busy = new boolean[partitionOfSlot.length];
    }

    Solution run(PartitionTasks tasks, int capacity) {
      this.tasks = tasks;
      Map<Integer, RunningConsensus.Report> held = new HashMap<>();
      int inFlight = 0;
      Status status = Status.MAX_ITERATIONS;
      try {
        while (true) {
          inFlight += fill(tasks, capacity - inFlight);
          PartitionTasks.Result r = tasks.take();
          inFlight--;
          collect(r, held);
          if (settings.mode() == AsyncAdmmSettings.Mode.BATCHED) {
            for (PartitionTasks.Result more = tasks.poll(); more != null; more = tasks.poll()) {
              inFlight--;
              collect(more, held);
            }
          }
          if (blockedByStaleness(held)) {
            continue;
          }
          status = apply(held);
          if (status != null) {
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("async-admm interrupted", e);
      }
      return log.solution(state.z(), objective, kkt, rounds(), status);
    }

    /** Holds a result until it is folded into z; its partition stays busy (not resubmitted) until then. */
    private void collect(PartitionTasks.Result r, Map<Integer, RunningConsensus.Report> held) {
      held.put(r.slot(), new RunningConsensus.Report(r.slot(), r.b()));
      passes.incrementAndGet();
    }

    /** Whether a partition other than those holding results is K updates stale (then wait for it). */
    private boolean blockedByStaleness(Map<Integer, RunningConsensus.Report> held) {
      for (int k = 0; k < partitionOfSlot.length; k++) {
        if (!held.containsKey(k) && state.staleness(k) >= maxStaleness) {
          return true;
        }
      }
      return false;
    }

    /**
     * Folds held results into z and returns a final status or null. Batched mode folds them all in one update.
     * Single mode folds one result per update, the most stale first, as long as the staleness bound allows:
     * when another held result is already K updates stale, the remaining held results are folded together (one
     * update), and when a partition without a held result reaches K, folding stops and the rest stay held
     * until that partition's result arrives. So no partition is ever more than K updates stale.
     */
    private Status apply(Map<Integer, RunningConsensus.Report> held) {
      while (!held.isEmpty()) {
        for (int k = 0; k < partitionOfSlot.length; k++) {
          if (!held.containsKey(k) && state.staleness(k) >= maxStaleness) {
            return null;
          }
        }
        List<RunningConsensus.Report> group;
        if (settings.mode() == AsyncAdmmSettings.Mode.SINGLE) {
          int first = -1;
          for (int k : held.keySet()) {
            if (first < 0 || state.staleness(k) > state.staleness(first)) {
              first = k;
            }
          }
          int othersMax = -1;
          for (int k : held.keySet()) {
            if (k != first) {
              othersMax = Math.max(othersMax, state.staleness(k));
            }
          }
          group = othersMax + 1 > maxStaleness ? new ArrayList<>(held.values()) : List.of(held.get(first));
        } else {
          group = new ArrayList<>(held.values());
        }
        for (RunningConsensus.Report r : group) {
          held.remove(r.slot());
          busy[r.slot()] = false;
        }
        state.update(group);
        if (settings.adaptiveRho() && state.updates() % state.parts() == 0) {
          state.balanceRho(io.sparkglm.admm.AdmmSettings.DEFAULT_MU, io.sparkglm.admm.AdmmSettings.DEFAULT_TAU);
        }
        Status s = afterUpdate();
        if (s != null) {
          return s;
        }
      }
      return null;
    }

    private Status afterUpdate() {
      boolean evaluate = state.updates() % evaluateEvery == 0;
      if (evaluate) {
        double[] z = state.z();
        problem.data().describe("async-admm: objective and KKT of z after " + state.updates() + " updates");
        boolean refresh = !state.metric().isIdentity() && !problem.loss().isQuadratic()
            && (kkt <= settings.metricRefresh() * kktAtMetric
            || state.updates() - updatesAtMetric >= AsyncAdmmSettings.METRIC_STALL_ROUNDS * state.parts());
        Evaluation e = problem.data().evaluate(z, refresh ? Order.HESSIAN : Order.GRADIENT);
        passes.incrementAndGet();
        objective = e.value() + problem.penalty().value(z);
        kkt = problem.penalty().kktViolation(z, e.gradient());
        if (Double.isNaN(kktAtMetric)) {
          kktAtMetric = kkt;
        }
        if (refresh) {
          Metric next = Metric.of(e.hessian(), problem.setup().fixed());
          if (!next.isIdentity()) {
            state.changeMetric(next);
            tasks.changeMetric(next);
          }
          kktAtMetric = kkt;
          updatesAtMetric = state.updates();
        }
      }
      record();
      log.checkpoints().offer(state.updates(), this::checkpoint);
      if (evaluate && kkt <= stop.tolerance()) {
        return Status.CONVERGED;
      }
      if (settings.absTol() > 0 && state.residualsConverged(settings.absTol(), settings.relTol())) {
        return Status.CONVERGED;
      }
      if (state.updates() >= (long) stop.maxIterations() * state.parts()) {
        return Status.MAX_ITERATIONS;
      }
      if (settings.budgetSeconds() > 0 && log.seconds() >= settings.budgetSeconds()) {
        return Status.TIME_BUDGET;
      }
      return null;
    }

    /** The consensus, the slots' partitions and the last evaluation. */
    private io.sparkglm.core.solver.SolverState checkpoint() {
      double[] slots = new double[partitionOfSlot.length];
      for (int k = 0; k < slots.length; k++) {
        slots[k] = partitionOfSlot[k];
      }
      Map<String, Double> scalars = new LinkedHashMap<>();
      scalars.put("objective", objective);
      scalars.put("kkt", kkt);
      scalars.put("kktAtMetric", kktAtMetric);
      scalars.put("updatesAtMetric", (double) updatesAtMetric);
      return state.state(name(), Map.of("partitionOfSlot", slots), scalars);
    }

    /** Rounds of N consensus updates begun (the unit of {@code maxIterations} and of the solution's iterations). */
    private int rounds() {
      return (state.updates() + state.parts() - 1) / state.parts();
    }

    private void record() {
      Map<String, Double> details = new LinkedHashMap<>();
      details.put("round", (double) rounds());
      details.put("primalResidual", state.primalResidual());
      details.put("dualResidual", state.dualResidual());
      details.put("stalenessMax", (double) state.maxStaleness());
      int[] counts = state.reportCounts();
      for (int k = 0; k < counts.length; k++) {
        details.put("reports.partition" + partitionOfSlot[k], (double) counts[k]);
      }
      log.record(state.updates(), objective, kkt, state.rho(), details);
    }

    /** Submits the most stale idle partitions; returns how many. */
    private int fill(PartitionTasks tasks, int room) {
      int submitted = 0;
      while (submitted < room) {
        int best = -1;
        for (int k = 0; k < busy.length; k++) {
          if (!busy[k] && (best < 0 || state.staleness(k) > state.staleness(best))) {
            best = k;
          }
        }
        if (best < 0) {
          break;
        }
        busy[best] = true;
        tasks.submit(partitionOfSlot[best], best, state.z(), state.u(best), state.b(best), state.rho(),
            io.sparkglm.admm.AdmmSettings.localTolerance(settings.localTol(), stop.tolerance(), kkt));
        submitted++;
      }
      return submitted;
    }
  }
}
