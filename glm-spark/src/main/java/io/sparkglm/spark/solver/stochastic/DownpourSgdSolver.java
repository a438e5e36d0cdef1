package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.SolverState;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.eval.PartitionJobs;
import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.TrainingProblem;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code downpour-sgd}: Downpour SGD, the asynchronous parameter-server SGD of DistBelief (Dean et al. 2012, "Large
 * scale distributed deep networks", NIPS), on Spark's own jobs. The driver is the parameter server: it holds the
 * coefficients (the solver's standardized variables {@code c}) and, with {@code adagrad}, the per-coordinate sums
 * of squared gradients. Each partition is a model replica, and each of its tasks is one single-partition Spark job
 * ({@link PartitionJobs}, about twice the task slots in flight, at most one per partition):
 * <pre>
 *   fetch   c_local = c (the parameters when the task is submitted), rates r_j
 *   repeat nFetch times:  g = mean gradient of localBatchSize rows of the shard (a seeded shuffle)
 *                         accrued += g;  c_local = prox_{r P}(c_local - r o g)
 *                         every nPush steps: push accrued, accrued = 0
 * </pre>
 * and the server applies each push as it arrives, asynchronously: {@code c = prox_{r P}(c - r o push)}, one update
 * per push, with {@code r_j = learningRate / sqrt(sum of push_j^2)} (Adagrad, the default, as DistBelief) or
 * {@code r = learningRate * schedule(epochs)} (the default, with the inverse schedule {@code 1/(1 + epochs)};
 * {@code learningRate} defaults to {@code 1/L} of the local batch divided by the tasks in flight, since every push
 * is that many replicas' updates stale; at {@code 1/L} a gaussian fit diverged). With Adagrad the replica also
 * steps with Adagrad rates locally, from the server's sums. L1 and elastic net go through the prox, per
 * coordinate. Defaults ({@code nFetch} 10, {@code nPush} 1, 64 rows per step, no Adagrad) were chosen on the
 * problems of the tests (2e4 x 10 binomial, gaussian and poisson, 12 epochs: within 3e-4 of the optimum; a step
 * schedule or a rate over the square root of the tasks in flight left one of them 1.5e-2 away; Adagrad with
 * learningRate 0.03 did as well as the default, with 0.1-0.3 it did not): Adagrad's first steps move every coordinate by {@code learningRate}, which made poisson
 * fits unstable, and {@code nPush = nFetch} moved the server 1/nFetch as far as the replicas.
 *
 * <p><b>Bounded staleness.</b> A task's pushes are applied together, the task's staleness being the server updates
 * between its fetch and the first of them. No push is applied more than K updates after its fetch (option
 * {@code maxStaleness}): a result whose application would push a task still running past K is held until that task
 * reports (a straggler slows the server down instead of sending it arbitrarily old gradients); results held behind
 * one another are folded into one update. The idle partition whose last fetch is oldest goes next.
 *
 * <p><b>Answer and stopping.</b> As {@code sgd}: with {@code averaging} (default) the answer is the average of the
 * server's iterates since the last epoch boundary; the full-data objective and KKT violation of the answer are
 * computed whenever the rows drawn cross an epoch boundary (or every {@code evaluateEvery} updates) and at the
 * end; CONVERGED when the KKT violation is at most {@code tol}; {@code maxIter} counts rounds (a round is N
 * tasks' worth of updates, N the partitions: {@code N * nFetch / nPush} server updates, so that the default 100 is
 * not a budget of a few epochs' fraction), {@code epochs} is the budget of rows drawn / n, and {@code iterations}
 * reports server updates. With an L1 penalty the averaged answer gets one full-data
 * proximal-gradient step, so its zeros are exact. The async order of arrivals makes runs differ in their last
 * digits from one another (like {@code async-admm}); each task's draws follow from {@code (seed, task, partition)}.
 *
 * <p>One record per server update: details {@code epochs}, {@code updates}, {@code staleness} (of the task just
 * applied), {@code stalenessMax} (so far), {@code tasks}, {@code held}, {@code partition}, {@code learningRate} (the
 * mean of r over the free coordinates) and {@code evaluated}.
 */
public final class DownpourSgdSolver implements DistributedSolver {
  private static final double ADAGRAD_EPS = 1e-12;
  /** {@code lastFetch} of a partition without rows: never scheduled again. */
  private static final long EMPTY = Long.MAX_VALUE;
  private final DownpourSettings settings;

  DownpourSgdSolver(DownpourSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "downpour-sgd";
  }

  /** Every penalty but coefficient bounds (as the other stochastic solvers). */
  @Override
  public boolean supports(Penalty penalty) {
    return !penalty.hasBounds();
  }

  /** Saves the parameter server's state; tasks in flight when the driver died are resubmitted. */
  @Override
  public boolean resumable() {
    return true;
  }

  /**
   * What a task fetches: the parameters, the server's Adagrad sums of squares ({@code null} without Adagrad), the
   * base or scheduled rate, and what it needs to step locally.
   */
  record Fetch(double[] c, double[] squares, double rate, long task, DownpourSettings settings, Reparametrization map,
      Penalty penalty, GlmLoss loss, int numFeatures) implements Serializable {
  }

  /** A task's pushes (accrued gradients of {@code nPush} steps each) and the rows it drew. */
  record Pushes(double[][] gradients, long rows) implements Serializable {
  }

  @Override
  public Solution solve(TrainingProblem problem, StoppingRule stop, IterationListener listener) {
    Progress progress = new Progress(problem, name(), listener);
    double[] c = problem.start();
    problem.penalty().proximalInPlace(c, 0.0);
    Server server = new Server(problem, stop, progress, c);
    java.util.Optional<SolverState> resumed = progress.checkpoints().resume(name());
    if (resumed.isPresent()) {
      server.restore(resumed.get());
    } else {
      java.util.Optional<Solution> done = progress.evaluateStart(c, stop);
      if (done.isPresent()) {
        return done.get();
      }
    }
    return server.run();
  }

  /** A replica's task: {@code nFetch} local steps from the fetched parameters (runs on the executor). */
  static Pushes replica(Fetch f, int part, Iterator<Block> it) throws InterruptedException {
    DownpourSettings s = f.settings();
    if (part == s.slowPartition() && s.slowMillis() > 0) {
      Thread.sleep(s.slowMillis());
    }
    ShardBatches shard = new ShardBatches(it, RowSampler.random(s.common().seed(), f.task(), part));
    if (shard.total() == 0) {
      return new Pushes(new double[0][], 0);
    }
    int batch = Math.min(s.common().localBatchSize(), shard.total());
    double[] c = f.c().clone();
    double[] squares = f.squares() == null ? null : f.squares().clone();
    double[] rates = new double[c.length];
    java.util.Arrays.fill(rates, f.rate());
    Penalty penalty = f.penalty();
    List<double[]> pushes = new ArrayList<>();
    double[] accrued = new double[c.length];
    for (int step = 1; step <= s.nFetch(); step++) {
      GlmAccumulator acc = shard.next(batch, f.loss(), f.numFeatures(), f.map().toOriginal(c));
      double w = acc.weightSum();
      if (w > 0) {
        double[] g = f.map().gradientToScaled(acc.gradient());
        for (int j = 0; j < c.length; j++) {
          double gj = penalty.isFixed(j) ? 0.0 : g[j] / w;
          accrued[j] += gj;
          if (squares != null) { // Adagrad locally too, from the server's sums: the first step is rate / |g_j|
            squares[j] += gj * gj;
            rates[j] = penalty.isFixed(j) ? 0.0 : f.rate() / Math.sqrt(squares[j] + ADAGRAD_EPS);
          }
          c[j] -= rates[j] * gj;
        }
        proximal(penalty, c, rates);
      }
      if (step % s.nPush() == 0 || step == s.nFetch()) {
        pushes.add(accrued);
        accrued = new double[c.length];
      }
    }
    return new Pushes(pushes.toArray(new double[0][]), shard.drawn());
  }

  /** The prox of {@code P} with per-coordinate steps {@code t_j}: {@code S(c_j, t_j l1_j) / (1 + t_j l2_j)}. */
  static void proximal(Penalty penalty, double[] c, double[] t) {
    for (int j = 0; j < c.length; j++) {
      c[j] = penalty.isFixed(j) ? 0.0 : Penalty.softThreshold(c[j], t[j] * penalty.l1(j)) / (1.0 + t[j]
          * penalty.l2(j));
    }
  }

  /** A task in flight or held: its partition's slot, the update it fetched at, its result once it arrived. */
  private static final class Task {
    final int slot;
    final long fetchedAt;
    Pushes result;

    Task(int slot, long fetchedAt) {
      this.slot = slot;
      this.fetchedAt = fetchedAt;
    }
  }

  /** The parameter server: the driver's state and event loop. */
  private final class Server {
    private final DownpourSettings s = settings;
    private final TrainingProblem problem;
    private final StoppingRule stop;
    private final Progress progress;
    private final Penalty penalty;
    private final boolean[] fixed;
    private final long n;
    private double rate0;
    private final double fullBatchRate;
    private final int parts;
    private final int capacity;
    /** {@code maxIter} rounds: each partition's task once, {@code nFetch / nPush} updates each. */
    private final long maxUpdates;
    private double[] c;
    private double[] squares;
    private double[] avg;
    private int avgCount;
    private double[] lastGood;
    private long updates;
    private long tasks;
    private long rowsDrawn;
    private double epochs;
    private long stalenessMax;
    private int restarts;
    private double lastRate = Double.NaN;
    /** Per slot (partition): the update of its last fetch, for the schedule. */
    private final long[] lastFetch;
    private final Map<Long, Task> outstanding = new TreeMap<>();

    Server(TrainingProblem problem, StoppingRule stop, Progress progress, double[] start) {
      this.problem = problem;
      this.stop = stop;
      this.progress = progress;
      this.penalty = problem.penalty();
      this.fixed = problem.setup().fixed();
      this.n = problem.setup().stats().rows();
      StepSize curvature = StepSize.estimate(problem, s.common().lipschitzRows(), s.common().seed());
      this.fullBatchRate = curvature.rate(Double.POSITIVE_INFINITY);
      this.parts = problem.blocks().getNumPartitions();
      int slots = problem.blocks().context().defaultParallelism();
      this.capacity = Math.min(parts, s.inFlight() > 0 ? s.inFlight() : 2 * slots);
      this.maxUpdates = (long) stop.maxIterations() * parts * s.pushesPerTask();
      // Each push was computed up to a task's worth of updates of every other replica ago: the default rate is the
      // local batch's 1/L over the replicas in flight (at 1/L a gaussian fit with 4 replicas diverged).
      this.rate0 = Double.isNaN(s.common().learningRate())
          ? curvature.rate(s.common().localBatchSize()) / capacity : s.common().learningRate();
      this.c = start;
      this.squares = new double[start.length];
      this.avg = new double[start.length];
      this.lastGood = start.clone();
      this.lastFetch = new long[parts];
      java.util.Arrays.fill(lastFetch, -1);
    }

    Solution run() {
      long bound = s.maxStaleness() > 0 ? s.maxStaleness() : 2L * parts * s.pushesPerTask();
      try (PartitionJobs<Block, Pushes> jobs = new PartitionJobs<>(problem.blocks(), capacity, name(), "replica's task")) {
        while (true) {
          fill(jobs, capacity);
          PartitionJobs.Done<Pushes> done;
          try {
            done = jobs.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name() + " interrupted", e);
          }
          outstanding.get(done.tag()).result = done.result();
          Status status = applyHeld(bound);
          if (status != null) {
            return status == Status.MAX_ITERATIONS ? finish() : progress.end((int) updates, status);
          }
        }
      }
    }

    /** Submits the idle partitions whose last fetch is oldest, up to {@code capacity} tasks in flight. */
    private void fill(PartitionJobs<Block, Pushes> jobs, int capacity) {
      boolean[] busy = new boolean[parts];
      for (Task t : outstanding.values()) {
        busy[t.slot] = true;
      }
      while (jobs.inFlight() < capacity) {
        int best = -1;
        for (int k = 0; k < parts; k++) {
          if (!busy[k] && lastFetch[k] != EMPTY && (best < 0 || lastFetch[k] < lastFetch[best])) {
            best = k;
          }
        }
        if (best < 0) {
          return;
        }
        busy[best] = true;
        lastFetch[best] = updates;
        long task = tasks++;
        outstanding.put(task, new Task(best, updates));
        Fetch f = new Fetch(c.clone(), s.adagrad() ? squares.clone() : null, s.adagrad() ? rate0 : rates()[0], task, s, problem.setup().reparametrization(), penalty,
            problem.loss(), problem.numFeatures());
        jobs.submit(best, task, "task " + (task + 1) + " of partition " + best + " (fetched at update " + updates
            + ")", (part, it) -> replica(f, part, it));
      }
    }

    /** The server's learning rates now: Adagrad's per coordinate, or the schedule's. */
    private double[] rates() {
      double[] r = new double[c.length];
      if (s.adagrad()) {
        for (int j = 0; j < r.length; j++) {
          r[j] = fixed[j] ? 0.0 : rate0 / Math.sqrt(squares[j] + ADAGRAD_EPS);
        }
      } else {
        StochasticSettings cs = s.common();
        java.util.Arrays.fill(r, rate0 * cs.rateSchedule().factor(epochs, cs.rateDecay(), cs.ratePeriod()));
      }
      return r;
    }

    /**
     * Applies the arrived results the staleness bound allows, oldest fetch first; returns a final status or null.
     * A task's staleness is the server updates since its fetch; a result is applied only if no other outstanding
     * task would then be more than {@code bound} updates stale, and when only held results stand in the way, all
     * held results are folded into one update.
     */
    private Status applyHeld(long bound) {
      while (true) {
        Task first = null;
        for (Task t : outstanding.values()) {
          if (t.result != null && (first == null || t.fetchedAt < first.fetchedAt)) {
            first = t;
          }
        }
        if (first == null) {
          return null;
        }
        long after = updates + first.result.gradients().length;
        boolean runningBlocks = false;
        boolean heldBlocks = false;
        for (Task t : outstanding.values()) {
          if (t != first && after - t.fetchedAt > bound) {
            runningBlocks |= t.result == null;
            heldBlocks |= t.result != null;
          }
        }
        if (runningBlocks) {
          return null; // wait for the straggler
        }
        List<Task> group = new ArrayList<>();
        if (heldBlocks) {
          outstanding.values().stream().filter(t -> t.result != null).forEach(group::add);
        } else {
          group.add(first);
        }
        Status status = apply(group);
        if (status != null) {
          return status;
        }
      }
    }

    /** One task's pushes as that many updates, or several tasks' pushes folded into one. */
    private Status apply(List<Task> group) {
      List<double[]> pushes = new ArrayList<>();
      long staleness = 0;
      for (Task t : group) {
        outstanding.values().remove(t);
        if (t.result.rows() == 0) {
          lastFetch[t.slot] = EMPTY;
        }
        staleness = Math.max(staleness, updates - t.fetchedAt);
        rowsDrawn += t.result.rows();
        if (group.size() == 1) {
          pushes.addAll(List.of(t.result.gradients()));
        } else {
          double[] sum = new double[c.length];
          for (double[] g : t.result.gradients()) {
            for (int j = 0; j < sum.length; j++) {
              sum[j] += g[j];
            }
          }
          if (pushes.isEmpty()) {
            pushes.add(sum);
          } else {
            double[] into = pushes.get(0);
            for (int j = 0; j < into.length; j++) {
              into[j] += sum[j];
            }
          }
        }
      }
      stalenessMax = Math.max(stalenessMax, staleness);
      double epochsBefore = epochs;
      epochs = rowsDrawn / (double) n;
      for (int k = 0; k < pushes.size(); k++) {
        Status status = update(pushes.get(k), staleness, group, epochsBefore, k == pushes.size() - 1);
        if (status != null) {
          return status;
        }
      }
      return null;
    }

    /** One server update with {@code push}; evaluates at epoch boundaries; returns a final status or null. */
    private Status update(double[] push, long staleness, List<Task> group, double epochsBefore, boolean lastOfTask) {
      if (s.adagrad()) {
        for (int j = 0; j < push.length; j++) {
          squares[j] += push[j] * push[j];
        }
      }
      double[] r = rates();
      double mean = 0.0;
      int free = 0;
      for (int j = 0; j < c.length; j++) {
        c[j] -= r[j] * push[j];
        if (!fixed[j]) {
          mean += r[j];
          free++;
        }
      }
      lastRate = free > 0 ? mean / free : 0.0;
      proximal(penalty, c, r);
      updates++;
      for (int j = 0; j < c.length; j++) {
        avg[j] += c[j];
      }
      avgCount++;
      StochasticSettings cs = s.common();
      boolean epochCrossed = lastOfTask && Math.floor(epochs) > Math.floor(epochsBefore);
      boolean regular = cs.evaluateEvery() > 0 ? updates % cs.evaluateEvery() == 0 : epochCrossed;
      boolean last = updates >= maxUpdates || lastOfTask && epochs >= cs.epochs();
      if (regular || last) {
        progress.evaluate(answer(), "objective after update " + updates);
        if (!Double.isFinite(progress.objective())) {
          if (++restarts > SgdSolver.MAX_RESTARTS) {
            return Status.NOT_FINITE;
          }
          c = lastGood.clone();
          squares = new double[c.length]; // the rates start over from the halved base rate
          rate0 /= 2;
          avg = new double[c.length];
          avgCount = 0;
          progress.evaluate(c, "objective after a divergence restart");
        } else {
          lastGood = answer();
        }
      }
      record(staleness, group, regular || last);
      progress.checkpoints().offer((int) updates, this::state);
      if ((regular || last) && progress.kkt() <= stop.tolerance()) {
        return Status.CONVERGED;
      }
      if (last) {
        return Status.MAX_ITERATIONS;
      }
      if (cs.averaging() && epochCrossed) {
        avg = new double[c.length];
        avgCount = 0;
      }
      return null;
    }

    private double[] answer() {
      if (!s.common().averaging() || avgCount == 0) {
        return c.clone();
      }
      double[] a = new double[c.length];
      for (int j = 0; j < a.length; j++) {
        a[j] = avg[j] / avgCount;
      }
      return a;
    }

    private Solution finish() {
      return progress.finish(answer(), (int) updates, stop, s.common().averaging(), fullBatchRate);
    }

    private void record(long staleness, List<Task> group, boolean evaluated) {
      Map<String, Double> d = new LinkedHashMap<>();
      d.put("epochs", epochs);
      d.put("updates", (double) updates);
      d.put("staleness", (double) staleness);
      d.put("stalenessMax", (double) stalenessMax);
      d.put("tasks", (double) tasks);
      d.put("held", (double) outstanding.values().stream().filter(t -> t.result != null).count());
      d.put("partition", group.size() == 1 ? (double) group.get(0).slot : -1.0);
      d.put("learningRate", lastRate);
      progress.record((int) updates, lastRate, d, evaluated);
    }

    /** The server's state (tasks in flight are not saved: a resumed run submits new ones from the saved c). */
    private SolverState state() {
      Map<String, double[]> v = new LinkedHashMap<>();
      v.put("c", c.clone());
      v.put("squares", squares.clone());
      v.put("avg", avg.clone());
      v.put("lastGood", lastGood.clone());
      double[] fetches = new double[parts];
      for (int k = 0; k < parts; k++) {
        fetches[k] = lastFetch[k];
      }
      v.put("lastFetch", fetches);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("avgCount", (double) avgCount);
      m.put("tasks", (double) tasks);
      m.put("rowsDrawn", (double) rowsDrawn);
      m.put("epochs", epochs);
      m.put("stalenessMax", (double) stalenessMax);
      m.put("restarts", (double) restarts);
      m.put("rate0", rate0);
      m.put("seed", (double) s.common().seed());
      progress.saveInto(v, m);
      return new SolverState(name(), (int) updates, v, m);
    }

    void restore(SolverState saved) {
      Progress.requireSeed(saved, s.common().seed(), name());
      progress.restoreFrom(saved);
      c = sameLength(saved.vector("c"));
      squares = sameLength(saved.vector("squares"));
      avg = sameLength(saved.vector("avg"));
      lastGood = sameLength(saved.vector("lastGood"));
      double[] fetches = saved.vector("lastFetch");
      if (fetches.length != parts) {
        throw new IllegalArgumentException(name() + " checkpoint has " + fetches.length + " partitions, this run has "
            + parts + ": resume with the same data and --partitions");
      }
      for (int k = 0; k < parts; k++) {
        lastFetch[k] = (long) fetches[k];
      }
      avgCount = (int) saved.scalar("avgCount");
      tasks = (long) saved.scalar("tasks");
      rowsDrawn = (long) saved.scalar("rowsDrawn");
      epochs = saved.scalar("epochs");
      stalenessMax = (long) saved.scalar("stalenessMax");
      restarts = (int) saved.scalar("restarts");
      rate0 = saved.scalar("rate0");
      updates = saved.iteration();
    }

    private double[] sameLength(double[] v) {
      if (v.length != c.length) {
        throw new IllegalArgumentException(name() + " checkpoint has a vector of length " + v.length + " for a "
            + "problem of dimension " + c.length + ": it was saved by another fit");
      }
      return v;
    }
  }
}
