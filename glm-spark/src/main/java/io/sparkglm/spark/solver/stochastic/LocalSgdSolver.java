package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.SolverState;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.eval.ClosableBroadcast;
import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.TrainingProblem;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * SGD run locally on every partition, the partition models averaged by the driver (weighted by the partitions'
 * weight sums, i.e. rows when unweighted). Two modes:
 * <ul>
 *   <li>{@code parallel-sgd} (Zinkevich, Weimer, Smola and Li 2010, "Parallelized stochastic gradient descent",
 *       NIPS): each round every partition shuffles its rows and makes {@code localEpochs} passes of mini-batch
 *       SGD over them from the current model; the models are averaged. Zinkevich et al. average once; here
 *       {@code maxIter} rounds (within the {@code epochs} budget) repeat it from the average.</li>
 *   <li>{@code local-sgd} (SparkNet: Moritz, Nishihara, Stoica and Jordan 2016, "SparkNet: training deep networks
 *       in Spark", ICLR): each round every partition makes {@code tau} local steps from the current model, then
 *       the models are averaged; {@code maxIter} counts rounds.</li>
 * </ul>
 * A local step on {@code localBatchSize} rows of the partition's current shuffle (seeded by
 * {@code (seed, round, partition)}, reshuffled when exhausted) is the proximal step of {@link SgdSolver} in the
 * standardized variables, with momentum {@code momentum} (default 0 here) and learning rate {@code rate0 *
 * schedule(epochs)} (default schedule inverse: {@code rate0 / (1 + epochs / ratePeriod)}, fixed within a round) ({@code rate0} default {@code 1/L(localBatchSize)} from {@link StepSize}). With
 * {@code averaging} (default on) each partition returns the average of its iterates over the second half of the
 * round (tail averaging) instead of the last one. With an L1 penalty the final average is followed by one
 * full-data proximal-gradient step so zeros are exact (an average of sparse models is not sparse).
 *
 * <p>Evaluations: the full-data objective and KKT violation of the averaged model (one pass) every
 * {@code evaluateEvery} rounds, by default whenever the rows drawn cross an epoch boundary (every round for
 * parallel-sgd), and at the end. Stops CONVERGED when the KKT violation is at most {@code tol}; STALLED when
 * {@link StochasticSettings#PATIENCE} evaluations in a row did not lower the best objective so far by more than
 * {@code progressTol} (relative): the progress test of scikit-learn's SGD estimators ({@code tol},
 * {@code n_iter_no_change}), so the default budget of epochs is a cap and a fit runs while it still makes progress;
 * else MAX_ITERATIONS at the budget. A round's record has details {@code epochs}, {@code updates} (sequential model updates so far:
 * the sum over rounds of the local steps of the busiest partition), {@code batchSize} (rows per local step),
 * {@code learningRate} and {@code evaluated}; one Spark job per round.
 */
public final class LocalSgdSolver implements DistributedSolver {
  /** Whether a round is a full local pass (parallel-sgd) or {@code tau} steps (local-sgd). */
  public enum Mode {
    /** Zinkevich et al.'s parallel SGD: local passes over the shard. */
    PARALLEL,
    /** SparkNet's local SGD: tau local steps per round. */
    LOCAL
  }

  private final StochasticSettings settings;
  private final Mode mode;

  /** A solver in {@code mode} with these settings. */
  public LocalSgdSolver(Mode mode, StochasticSettings settings) {
    this.mode = mode;
    this.settings = settings;
  }

  @Override
  public String name() {
    return mode == Mode.PARALLEL ? "parallel-sgd" : "local-sgd";
  }

  @Override
  public boolean supports(Penalty penalty) {
    return !penalty.hasBounds();
  }

  /** Saves and resumes the rounds' state; each round's local runs follow from the seed and the round number. */
  @Override
  public boolean resumable() {
    return true;
  }

  /** Everything a round's tasks need, broadcast once per round. */
  record Round(double[] c, int round, double rate, Mode mode, StochasticSettings settings, Reparametrization map,
      Penalty penalty, GlmLoss loss, int numFeatures) implements Serializable {
  }

  /** One partition's local model. */
  record Local(double[] c, double weight, long rows, int steps) implements Serializable {
  }

  @Override
  public Solution solve(TrainingProblem problem, StoppingRule stop, IterationListener listener) {
    StochasticSettings s = settings;
    Penalty penalty = problem.penalty();
    Progress progress = new Progress(problem, name(), listener);
    double[] c = problem.start();
    penalty.proximalInPlace(c, 0.0);
    java.util.Optional<SolverState> resumed = progress.checkpoints().resume(name());
    if (resumed.isEmpty()) {
      java.util.Optional<Solution> done = progress.evaluateStart(c, stop);
      if (done.isPresent()) {
        return done.get();
      }
    }
    long n = problem.setup().stats().rows();
    StepSize curvature = StepSize.estimate(problem, s.lipschitzRows(), s.seed());
    double rate0 = Double.isNaN(s.learningRate()) ? curvature.rate(s.localBatchSize()) : s.learningRate();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(problem.blocks().context());
    double[] lastGood = c.clone();
    long rowsDrawn = 0;
    long updates = 0;
    double epochs = 0.0;
    int restarts = 0;
    int round = 0;
    // The progress test: the lowest objective evaluated and how many evaluations since one improved on it by more
    // than progressTol.
    double best = Double.POSITIVE_INFINITY;
    int stale = 0;
    if (resumed.isPresent()) {
      // The round's local runs follow from the seed and the round number; the rest is this loop's state.
      SolverState saved = resumed.get();
      Progress.requireSeed(saved, s.seed(), name());
      progress.restoreFrom(saved);
      c = saved.vector("c");
      lastGood = saved.vector("lastGood");
      if (c.length != lastGood.length || c.length != problem.start().length) {
        throw new IllegalArgumentException(name() + " checkpoint has a vector of length " + c.length
            + " for a problem of dimension " + problem.start().length + ": it was saved by another fit");
      }
      rate0 = saved.scalar("rate0");
      rowsDrawn = (long) saved.scalar("rowsDrawn");
      updates = (long) saved.scalar("updates");
      epochs = saved.scalar("epochs");
      restarts = (int) saved.scalar("restarts");
      best = saved.scalar("best");
      stale = (int) saved.scalar("stale");
      round = saved.iteration();
    }
    while (round < stop.maxIterations() && epochs < s.epochs()) {
      double rate = rate0 * s.rateSchedule().factor(epochs, s.rateDecay(), s.ratePeriod());
      Round r = new Round(c, round, rate, mode, s, problem.setup().reparametrization(), penalty, problem.loss(),
          problem.numFeatures());
      List<Local> locals = localRuns(problem, jsc, r);
      round++;
      double epochsBefore = epochs;
      Averaged avg = average(locals, c.length);
      rowsDrawn += avg.rows();
      c = avg.c();
      int busiest = avg.busiest();
      updates += busiest;
      epochs = rowsDrawn / (double) n;
      boolean last = round >= stop.maxIterations() || epochs >= s.epochs();
      boolean regular = s.evaluateEvery() > 0 ? round % s.evaluateEvery() == 0
          : Math.floor(epochs) > Math.floor(epochsBefore);
      boolean evaluate = last || regular;
      // The checkpoint holds what the loop would carry on with, not the last round's extra evaluation.
      SolverState continuing = last && !regular && progress.checkpoints().enabled()
          ? state(round, c, lastGood, rate0, rowsDrawn, updates, epochs, restarts, best, stale, progress) : null;
      if (evaluate) {
        progress.evaluate(c, "objective after round " + round);
        if (!Double.isFinite(progress.objective())) {
          if (++restarts > SgdSolver.MAX_RESTARTS) {
            return progress.end(round, Status.NOT_FINITE);
          }
          rate0 /= 2;
          c = lastGood.clone();
          progress.evaluate(c, "objective after a divergence restart");
        } else {
          lastGood = c.clone();
          double f = progress.objective();
          stale = f < best - s.progressTol() * Math.abs(best) ? 0 : stale + 1;
          best = Math.min(best, f);
        }
      }
      Map<String, Double> d = new LinkedHashMap<>();
      d.put("epochs", epochs);
      d.put("updates", (double) updates);
      d.put("batchSize", (double) s.localBatchSize());
      d.put("learningRate", rate);
      progress.record(round, rate, d, evaluate);
      if (progress.checkpoints().enabled()) {
        SolverState now = continuing != null ? continuing
            : state(round, c, lastGood, rate0, rowsDrawn, updates, epochs, restarts, best, stale, progress);
        progress.checkpoints().offer(round, () -> now);
      }
      if (evaluate && progress.kkt() <= stop.tolerance()) {
        return progress.end(round, Status.CONVERGED);
      }
      if (evaluate && !last && s.progressTol() > 0 && stale >= StochasticSettings.PATIENCE) {
        return progress.finish(c, round, stop, true, curvature.rate(Double.POSITIVE_INFINITY), Status.STALLED);
      }
    }
    return progress.finish(c, round, stop, true, curvature.rate(Double.POSITIVE_INFINITY));

  }

  /** The loop's state after {@code round} rounds, with the last full-data evaluation. */
  private SolverState state(int round, double[] c, double[] lastGood, double rate0, long rowsDrawn, long updates,
      double epochs, int restarts, double best, int stale, Progress progress) {
    Map<String, double[]> v = new LinkedHashMap<>();
    v.put("c", c);
    v.put("lastGood", lastGood);
    Map<String, Double> n = new LinkedHashMap<>();
    n.put("rate0", rate0);
    n.put("rowsDrawn", (double) rowsDrawn);
    n.put("updates", (double) updates);
    n.put("epochs", epochs);
    n.put("restarts", (double) restarts);
    n.put("best", best);
    n.put("stale", (double) stale);
    n.put("seed", (double) settings.seed());
    progress.saveInto(v, n);
    return new SolverState(name(), round, v, n);
  }

  /** The round's model average: the weighted mean of the partitions' models, rows drawn, the most local steps. */
  private record Averaged(double[] c, long rows, int busiest) {
  }

  /** One round's Spark job: every partition's local SGD from the broadcast round. */
  private List<Local> localRuns(TrainingProblem problem, JavaSparkContext jsc, Round r) {
    jsc.setJobDescription("sparkglm " + name() + " round " + (r.round() + 1) + ": local SGD per partition");
    try (ClosableBroadcast<Round> bc = ClosableBroadcast.of(jsc, r)) {
      Broadcast<Round> b = bc.get();
      return problem.blocks().mapPartitionsWithIndex(
          (Integer part, Iterator<Block> it) -> localRun(b.value(), part, it).iterator(), true).collect();
    } finally {
      jsc.setJobDescription(null);
    }
  }

  private static Averaged average(List<Local> locals, int dim) {
    long rows = 0;
    int busiest = 0;
    double[] next = new double[dim];
    double weight = 0.0;
    for (Local l : locals) {
      rows += l.rows();
      busiest = Math.max(busiest, l.steps());
      weight += l.weight();
      for (int j = 0; j < dim; j++) {
        next[j] += l.weight() * l.c()[j];
      }
    }
    for (int j = 0; j < dim; j++) {
      next[j] /= weight;
    }
    return new Averaged(next, rows, busiest);
  }

  /** One partition's local SGD of a round (runs in the task). */
  static List<Local> localRun(Round r, int part, Iterator<Block> it) {
    StochasticSettings s = r.settings();
    ShardBatches shard = new ShardBatches(it, RowSampler.random(s.seed(), r.round(), part));
    int total = shard.total();
    List<Local> out = new ArrayList<>();
    if (total == 0) {
      return out;
    }
    int batch = Math.min(s.localBatchSize(), total);
    int steps = r.mode() == Mode.PARALLEL ? (int) Math.max(1, Math.ceil(s.localEpochs() * total / batch))
        : s.tau();
    double[] c = r.c().clone();
    double[] cPrev = c.clone();
    double[] avg = new double[c.length];
    int avgCount = 0;
    int from = steps / 2;
    Penalty penalty = r.penalty();
    for (int step = 0; step < steps; step++) {
      double[] y = c.clone();
      for (int j = 0; j < y.length; j++) {
        y[j] += s.momentum() * (c[j] - cPrev[j]);
      }
      GlmAccumulator acc = shard.next(batch, r.loss(), r.numFeatures(), r.map().toOriginal(y));
      double[] g = r.map().gradientToScaled(acc.gradient());
      cPrev = c;
      c = y;
      double w = acc.weightSum();
      for (int j = 0; j < c.length; j++) {
        c[j] -= penalty.isFixed(j) || !(w > 0) ? 0.0 : r.rate() * g[j] / w;
      }
      penalty.proximalInPlace(c, r.rate());
      if (step >= from) {
        for (int j = 0; j < c.length; j++) {
          avg[j] += c[j];
        }
        avgCount++;
      }
    }
    double[] answer = c;
    if (s.averaging() && avgCount > 0) {
      answer = new double[c.length];
      for (int j = 0; j < c.length; j++) {
        answer[j] = avg[j] / avgCount;
      }
    }
    out.add(new Local(answer, shard.weight(), shard.drawn(), steps));
    return out;
  }
}
