package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.SolverState;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.TrainingProblem;
import io.sparkglm.spark.solver.stochastic.StochasticSettings.BatchSchedule;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code sgd}: mini-batch proximal SGD with Nesterov momentum and batch-size schedules (AdaDamp: Sievert and
 * Charles 2019, "Improving the convergence of SGD through adaptive batch sizes"), in the solver's standardized
 * variables {@code c}. One model update is one Spark job ({@link MiniBatch}): the batch is drawn across
 * partitions by Bernoulli sampling with rate {@code q = B/n}, seeded by {@code (seed, update, partition)}.
 * <pre>
 *   y       = c_t + m (c_t - c_{t-1})                           (Nesterov look-ahead; m = option momentum)
 *   g       = T' (sum_S w_i l'_i x_i) / sum_S w_i                (self-normalized mini-batch gradient)
 *   c_{t+1} = prox_{rate P}(y - rate g)                          (soft-threshold / (1 + rate l2): L1 and weight decay)
 * </pre>
 * <b>Learning rate.</b> {@code rate = rate0 * schedule(epochs) * damp}; {@code rate0} is option {@code learningRate}
 * or {@code 1/L(B0)} from {@link StepSize}; schedules constant, step ({@code rateDecay} every {@code ratePeriod}
 * epochs) and inverse ({@code 1/(1 + epochs/ratePeriod)}).
 * <p><b>Batch size.</b> {@code constant}; {@code geometric} (default): multiplied by {@code batchFactor} every
 * {@code batchDelay} epochs up to {@code maxBatchSize} (default n, full batch), after which each further step
 * divides {@code damp} by {@code batchFactor} instead (GeoDamp's fallback), unless the cap is n: a full batch has no
 * sampling noise to damp; {@code adaptive}: the norm test of
 * Byrd, Chin, Nocedal and Wu 2012 ("Sample size selection in optimization methods for machine learning", Math.
 * Programming 134): with {@code sigma^2} the per-row gradient variance, estimated from the spread of 4 interleaved
 * sub-batches per partition, the batch is too noisy when {@code sigma^2 / B > theta^2 |g + l2 o y|^2}, and it then
 * grows to {@code min(cap, batchFactor B, sigma^2 / (theta^2 |g + l2 o y|^2))}.
 * <p><b>Averaging</b> (option {@code averaging}, default on): Polyak-Ruppert averages of the iterates, restarted at
 * every epoch boundary and every batch-size or damping change, so the answer is the average over the last phase
 * (a single iterate once the batch is the full data). With an L1 penalty the average is followed by one full-data
 * proximal-gradient step ({@code 1/L(infinity)}), so zeros are exact.
 * <p><b>Stopping.</b> {@code maxIter} counts model updates; option {@code epochs} is a budget of rows drawn /
 * n. The full-data objective and KKT violation (one pass, of the averaged point when averaging) are computed every
 * {@code evaluateEvery} updates, by default whenever an epoch boundary is crossed, and at the end; the run
 * stops CONVERGED when the KKT violation is at most {@code tol}, else reports MAX_ITERATIONS (a stochastic
 * method rarely reaches 1e-7; the answer is still the best it has). If an evaluation is not finite, the run goes
 * back to the last finite point with {@code rate0} halved. {@code Solution.passes} counts full-data evaluations;
 * sampled work is the {@code epochs} detail.
 * <p>Each update's record has details {@code epochs}, {@code updates}, {@code batchSize} (expected rows),
 * {@code rows} (drawn), {@code learningRate}, {@code tasks} (partitions the batch ran on), {@code evaluated};
 * {@code step} is the learning rate. Option {@code workers=grow} runs a batch on about {@code B / (rows per
 * partition)} partitions ({@link StochasticSettings.Workers#GROW}).
 */
public final class SgdSolver implements DistributedSolver {
  /** Sub-batches per partition behind the adaptive schedule's variance estimate. */
  static final int VARIANCE_GROUPS = 4;
  /** Divergence restarts before giving up. */
  static final int MAX_RESTARTS = 20;

  private final StochasticSettings settings;

  /** A solver with these settings. */
  public SgdSolver(StochasticSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public boolean supports(Penalty penalty) {
    return !penalty.hasBounds();
  }

  /** Saves and resumes the loop's state; the mini-batch draws follow from the seed and the update count. */
  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public Solution solve(TrainingProblem problem, StoppingRule stop, IterationListener listener) {
    Progress progress = new Progress(problem, name(), listener);
    double[] c = problem.start();
    problem.penalty().proximalInPlace(c, 0.0);
    java.util.Optional<SolverState> resumed = progress.checkpoints().resume(name());
    if (resumed.isPresent()) {
      Run run = new Run(problem, stop, progress, c);
      run.restore(resumed.get());
      return run.loop();
    }
    java.util.Optional<Solution> done = progress.evaluateStart(c, stop);
    return done.isPresent() ? done.get() : new Run(problem, stop, progress, c).loop();
  }

  /** One run's state: the iterate, the momentum and averaging memory, the batch and rate schedules. */
  private final class Run {
    private final StochasticSettings s = settings;
    private final TrainingProblem problem;
    private final StoppingRule stop;
    private final Progress progress;
    private final Penalty penalty;
    private final long n;
    private final StepSize curvature;
    private final long cap;
    private final Reparametrization map;
    private final boolean[] fixed;
    private final int groups;
    private final JavaSparkContext jsc;
    private double[] c;
    private double[] cPrev;
    private double[] lastGood;
    private double[] avg;
    private int avgCount;
    private double batch;
    private double rate0;
    private double damp = 1.0;
    private long rowsDrawn;
    private int phase;
    private int restarts;
    private int updates;
    private double epochs;
    private int tasks;

    Run(TrainingProblem problem, StoppingRule stop, Progress progress, double[] start) {
      this.problem = problem;
      this.stop = stop;
      this.progress = progress;
      this.penalty = problem.penalty();
      this.n = problem.setup().stats().rows();
      this.curvature = StepSize.estimate(problem, s.lipschitzRows(), s.seed());
      this.cap = s.maxBatchSize() > 0 ? Math.min(s.maxBatchSize(), n) : n;
      this.batch = Math.min(s.batchSize(), cap);
      this.rate0 = Double.isNaN(s.learningRate()) ? curvature.rate(batch) : s.learningRate();
      this.map = problem.setup().reparametrization();
      this.fixed = problem.setup().fixed();
      this.groups = s.batchSchedule() == BatchSchedule.ADAPTIVE ? VARIANCE_GROUPS : 1;
      this.jsc = JavaSparkContext.fromSparkContext(problem.blocks().context());
      this.c = start;
      this.cPrev = start.clone();
      this.lastGood = start.clone();
      this.avg = new double[start.length];
    }

    Solution loop() {
      while (updates < stop.maxIterations() && epochs < s.epochs()) {
        double[] y = lookAhead();
        MiniBatch.Sums sums = draw(y);
        updates++;
        double usedBatch = batch;
        double rate = rate0 * s.rateSchedule().factor(epochs, s.rateDecay(), s.ratePeriod()) * damp;
        double epochsBefore = epochs;
        rowsDrawn += sums.rows;
        epochs = rowsDrawn / (double) n;
        boolean event = step(y, sums, rate);
        event |= advanceGeometricSchedule();
        boolean last = updates >= stop.maxIterations() || epochs >= s.epochs();
        boolean epochCrossed = Math.floor(epochs) > Math.floor(epochsBefore);
        boolean regular = s.evaluateEvery() > 0 ? updates % s.evaluateEvery() == 0 : epochCrossed;
        boolean evaluate = last || regular;
        boolean resetAverage = s.averaging() && (event || epochCrossed);
        // The checkpoint holds what the loop would carry on with; the last update's extra evaluation is not part
        // of it (a run resumed from here with a larger budget must take the uninterrupted run's steps).
        SolverState continuing = last && !regular && progress.checkpoints().enabled() ? state(resetAverage) : null;
        double[] answer = s.averaging() ? scaled(avg, 1.0 / avgCount) : c;
        if (evaluate) {
          progress.evaluate(answer, "objective after update " + updates);
          if (!Double.isFinite(progress.objective())) {
            if (++restarts > MAX_RESTARTS) {
              return progress.end(updates, Status.NOT_FINITE);
            }
            restartFromLastGood();
            record(progress, updates, epochs, usedBatch, sums.rows, rate, tasks, true);
            continue;
          }
          lastGood = answer.clone();
        }
        record(progress, updates, epochs, usedBatch, sums.rows, rate, tasks, evaluate);
        progress.checkpoints().offer(updates, () -> continuing != null ? continuing : state(resetAverage));
        if (evaluate && progress.kkt() <= stop.tolerance()) {
          return progress.end(updates, Status.CONVERGED);
        }
        if (last) {
          return finish(answer);
        }
        if (resetAverage) {
          avg = new double[c.length];
          avgCount = 0;
        }
      }
      return finish(s.averaging() && avgCount > 0 ? scaled(avg, 1.0 / avgCount) : c);
    }

    /**
     * Everything the loop carries from one update to the next (the iterate, the momentum's previous iterate, the
     * last finite point, the running average, the batch and rate schedules' positions, the rows drawn) and the
     * last full-data evaluation; the draws themselves follow from the seed and the update count. With
     * {@code resetAverage}, the average as the loop restarts it after this update.
     */
    private SolverState state(boolean resetAverage) {
      Map<String, double[]> v = new LinkedHashMap<>();
      v.put("c", c);
      v.put("cPrev", cPrev);
      v.put("lastGood", lastGood);
      v.put("avg", resetAverage ? new double[c.length] : avg);
      Map<String, Double> n = new LinkedHashMap<>();
      n.put("avgCount", resetAverage ? 0.0 : (double) avgCount);
      n.put("batch", batch);
      n.put("rate0", rate0);
      n.put("damp", damp);
      n.put("rowsDrawn", (double) rowsDrawn);
      n.put("phase", (double) phase);
      n.put("restarts", (double) restarts);
      n.put("epochs", epochs);
      n.put("seed", (double) s.seed());
      progress.saveInto(v, n);
      return new SolverState(name(), updates, v, n);
    }

    /** Continues from a {@link #state} of a run of the same problem and seed. */
    void restore(SolverState saved) {
      Progress.requireSeed(saved, s.seed(), name());
      progress.restoreFrom(saved);
      c = sameLength(saved.vector("c"));
      cPrev = sameLength(saved.vector("cPrev"));
      lastGood = sameLength(saved.vector("lastGood"));
      avg = sameLength(saved.vector("avg"));
      avgCount = (int) saved.scalar("avgCount");
      batch = saved.scalar("batch");
      rate0 = saved.scalar("rate0");
      damp = saved.scalar("damp");
      rowsDrawn = (long) saved.scalar("rowsDrawn");
      phase = (int) saved.scalar("phase");
      restarts = (int) saved.scalar("restarts");
      epochs = saved.scalar("epochs");
      updates = saved.iteration();
    }

    private double[] sameLength(double[] v) {
      if (v.length != c.length) {
        throw new IllegalArgumentException("sgd checkpoint has a vector of length " + v.length + " for a problem"
            + " of dimension " + c.length + ": it was saved by another fit");
      }
      return v;
    }

    /** The Nesterov look-ahead point {@code y = c + momentum (c - cPrev)}. */
    private double[] lookAhead() {
      double[] y = c.clone();
      for (int j = 0; j < y.length; j++) {
        y[j] += s.momentum() * (c[j] - cPrev[j]);
      }
      return y;
    }

    /** The mini-batch gradient sums at {@code y}: one Spark job. */
    private MiniBatch.Sums draw(double[] y) {
      double q = Math.min(1.0, batch / n);
      int parts = problem.blocks().getNumPartitions();
      int[] chosen = null;
      if (s.workers() == StochasticSettings.Workers.GROW && q < 1.0) {
        // m = ceil(q P) partitions, each at the rate q P / m <= 1: every row is drawn with probability q, as with
        // all partitions. The choice has its own generator (partition index -1), apart from the rows' draws.
        int m = (int) Math.min(parts, Math.max(1, Math.ceil(q * parts - 1e-12)));
        if (m < parts) {
          chosen = MiniBatch.choosePartitions(RowSampler.random(s.seed(), updates, -1), parts, m);
          q = Math.min(1.0, q * parts / m);
        }
      }
      tasks = chosen == null ? parts : chosen.length;
      jsc.setJobDescription("sparkglm sgd update " + (updates + 1) + ": mini-batch gradient (batch "
          + Math.round(batch) + ", " + tasks + " of " + parts + " partitions)");
      try {
        return MiniBatch.draw(problem.blocks(), problem.loss(), problem.numFeatures(),
            new MiniBatch.Draw(problem.setup().toOriginal(y), q, s.seed(), updates, groups, map, fixed),
            problem.aggregationDepth(), chosen);
      } finally {
        jsc.setJobDescription(null);
      }
    }

    /**
     * The proximal step from {@code y} with the batch's gradient, the adaptive schedule's test, the average; returns
     * whether the batch grew.
     */
    private boolean step(double[] y, MiniBatch.Sums sums, double rate) {
      cPrev = c;
      c = y.clone();
      boolean grew = false;
      if (sums.weight > 0) {
        double[] g = map.gradientToScaled(sums.gradient);
        for (int j = 0; j < g.length; j++) {
          g[j] = fixed[j] ? 0.0 : g[j] / sums.weight;
          c[j] -= rate * g[j];
        }
        penalty.proximalInPlace(c, rate);
        if (s.batchSchedule() == BatchSchedule.ADAPTIVE) {
          double grown = adaptiveBatch(sums, g, y, penalty, batch, cap);
          grew = grown > batch;
          batch = grown;
        }
      }
      for (int j = 0; j < c.length; j++) {
        avg[j] += c[j];
      }
      avgCount++;
      return grew;
    }

    /**
     * The geometric schedule: the batch times {@code batchFactor} every {@code batchDelay} epochs up to the cap, then
     * the rate damped instead; returns whether a phase began.
     */
    private boolean advanceGeometricSchedule() {
      if (s.batchSchedule() != BatchSchedule.GEOMETRIC) {
        return false;
      }
      boolean event = false;
      int newPhase = (int) Math.floor(epochs / s.batchDelay());
      while (phase < newPhase) {
        phase++;
        event = true;
        if (batch < cap) {
          batch = Math.min(cap, Math.ceil(batch * s.batchFactor()));
        } else if (cap < n) {
          damp /= s.batchFactor(); // a full batch (cap = n) has no sampling noise to damp
        }
      }
      return event;
    }

    /** After a non-finite objective: back to the last finite point with {@code rate0} halved. */
    private void restartFromLastGood() {
      rate0 /= 2;
      c = lastGood.clone();
      cPrev = c.clone();
      avg = new double[c.length];
      avgCount = 0;
      progress.evaluate(c, "objective after a divergence restart");
    }

    private Solution finish(double[] answer) {
      return progress.finish(answer, updates, stop, s.averaging(), curvature.rate(Double.POSITIVE_INFINITY));
    }
  }

  /** The adaptive schedule's norm test (see the class comment); returns the new batch size. */
  private double adaptiveBatch(MiniBatch.Sums sums, double[] g, double[] y, Penalty penalty, double batch,
      long cap) {
    double variance = sums.rowVariance(g);
    double norm2 = 0.0;
    for (int j = 0; j < g.length; j++) {
      double v = g[j] + penalty.l2(j) * y[j];
      norm2 += penalty.isFixed(j) ? 0.0 : v * v;
    }
    double theta2 = settings.adaptiveTheta() * settings.adaptiveTheta();
    if (!(variance / sums.weight > theta2 * norm2) || batch >= cap) {
      return batch;
    }
    double wanted = norm2 > 0 ? variance / (theta2 * norm2) : Double.POSITIVE_INFINITY;
    return Math.min(cap, Math.min(Math.ceil(batch * settings.batchFactor()), Math.max(batch, Math.ceil(wanted))));
  }

  private void record(Progress progress, int updates, double epochs, double batch, long rows, double rate,
      int tasks, boolean evaluated) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("epochs", epochs);
    d.put("updates", (double) updates);
    d.put("batchSize", batch);
    d.put("rows", (double) rows);
    d.put("learningRate", rate);
    d.put("tasks", (double) tasks);
    progress.record(updates, rate, d, evaluated);
  }

  private static double[] scaled(double[] v, double f) {
    double[] r = new double[v.length];
    for (int j = 0; j < v.length; j++) {
      r[j] = v[j] * f;
    }
    return r;
  }
}
