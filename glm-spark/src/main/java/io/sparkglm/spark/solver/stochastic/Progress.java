package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.IterationLog;
import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.solver.TrainingProblem;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The driver-side bookkeeping shared by the stochastic solvers: full-data evaluations (one pass each, in the
 * solver's variables, the same data term as {@link TrainingProblem#data()} but summed in partition order), one {@link IterationRecord} per model update or round, and the
 * final answer. Records carry the last full-data objective and KKT violation (detail {@code evaluated} is 1 on
 * the records where they were computed, 0 where they are carried over).
 */
final class Progress {
  private final TrainingProblem problem;
  private final Penalty penalty;
  private final String solver;
  private final Reparametrization map;
  private final boolean[] fixed;
  private long passes;
  private final IterationLog log;
  private double[] point;
  private double objective = Double.NaN;
  private double kkt = Double.NaN;
  private double[] gradient;

  Progress(TrainingProblem problem, String solver, IterationListener listener) {
    this.problem = problem;
    this.penalty = problem.penalty();
    this.solver = solver;
    this.log = new IterationLog(solver, listener, () -> passes);
    this.map = problem.setup().reparametrization();
    this.fixed = problem.setup().fixed();
  }

  /**
   * Evaluates the start {@code c} on the full data.
   *
   * @return the answer when there is nothing to do: the objective is not finite at the start
   *     ({@link Status#NOT_FINITE}) or the start is optimal ({@link Status#CONVERGED}); else empty
   */
  java.util.Optional<Solution> evaluateStart(double[] c, StoppingRule stop) {
    evaluate(c, "objective at the start");
    if (!Double.isFinite(objective)) {
      return java.util.Optional.of(end(0, Status.NOT_FINITE));
    }
    if (kkt <= stop.tolerance()) {
      return java.util.Optional.of(end(0, Status.CONVERGED));
    }
    return java.util.Optional.empty();
  }


  /**
   * Evaluates {@code F} and the KKT violation at {@code c} on the full data: one pass, {@link MiniBatch} with
   * {@code q = 1} (the block kernel, sums combined in partition order, so reproducible to the bit).
   */
  void evaluate(double[] c, String what) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(problem.blocks().context());
    jsc.setJobDescription("sparkglm " + solver + ": " + what);
    MiniBatch.Sums sums;
    try {
      sums = MiniBatch.draw(problem.blocks(), problem.loss(), problem.numFeatures(), new MiniBatch.Draw(
          problem.setup().toOriginal(c), 1.0, 0L, 0L, 1, map, fixed), problem.aggregationDepth());
    } finally {
      jsc.setJobDescription(null);
    }
    passes++;
    point = c.clone();
    double[] g = map.gradientToScaled(sums.gradient == null ? new double[c.length] : sums.gradient);
    for (int j = 0; j < g.length; j++) {
      g[j] = fixed[j] ? 0.0 : g[j] / sums.weight;
    }
    gradient = g;
    objective = sums.loss / sums.weight + penalty.value(c);
    kkt = Double.isFinite(objective) ? penalty.kktViolation(c, gradient) : Double.NaN;
  }

  double objective() {
    return objective;
  }

  /** This run's checkpoints ({@link IterationListener#checkpoints}). */
  io.sparkglm.core.solver.Checkpoints checkpoints() {
    return log.checkpoints();
  }

  /** Adds the last full-data evaluation (point, gradient, objective, KKT violation) to a checkpoint's maps. */
  void saveInto(Map<String, double[]> vectors, Map<String, Double> scalars) {
    vectors.put("evaluatedPoint", point);
    vectors.put("evaluatedGradient", gradient);
    scalars.put("evaluatedObjective", objective);
    scalars.put("evaluatedKkt", kkt);
  }

  /** The last full-data evaluation {@link #saveInto} saved, as if it had just been computed. */
  void restoreFrom(io.sparkglm.core.solver.SolverState state) {
    int d = problem.start().length;
    point = state.vector("evaluatedPoint");
    gradient = state.vector("evaluatedGradient");
    if (point.length != d || gradient.length != d) {
      throw new IllegalArgumentException(solver + " checkpoint has a vector of length " + point.length
          + " for a problem of dimension " + d + ": it was saved by another fit");
    }
    objective = state.scalar("evaluatedObjective");
    kkt = state.scalar("evaluatedKkt");
  }

  /** An error unless the checkpoint was saved with this run's sampling seed (its draws would differ). */
  static void requireSeed(io.sparkglm.core.solver.SolverState state, long seed, String solver) {
    if (state.scalar("seed") != (double) seed) {
      throw new IllegalArgumentException(solver + " checkpoint was saved with seed " + (long) state.scalar("seed")
          + ", this run has --seed " + seed + ": resume with the same seed");
    }
  }

  double kkt() {
    return kkt;
  }

  double[] point() {
    return point.clone();
  }

  double seconds() {
    return log.seconds();
  }

  long passes() {
    return passes;
  }

  /** Records one update/round (with the last evaluated objective and KKT violation) and tells the listener. */
  void record(int iteration, double step, Map<String, Double> details, boolean evaluated) {
    Map<String, Double> d = new LinkedHashMap<>(details);
    d.put("evaluated", evaluated ? 1.0 : 0.0);
    log.record(iteration, objective, kkt, step, d);
  }

  /** An early end (converged or not finite) at the last evaluated point. */
  Solution end(int iterations, Status status) {
    return log.solution(point.clone(), objective, kkt, iterations, status);
  }

  /**
   * The answer {@code c}: evaluated on the full data unless it is the last evaluated point; with an L1 penalty
   * and {@code polish}, followed by one full-data proximal-gradient step of size {@code rate} ({@code 1/L} of the
   * full objective), kept when it does not increase {@code F}, so that averaged models end with exact zeros.
   * CONVERGED when the KKT violation is at most the tolerance, else MAX_ITERATIONS.
   */
  Solution finish(double[] c, int iterations, StoppingRule stop, boolean polish, double rate) {
    return finish(c, iterations, stop, polish, rate, Status.MAX_ITERATIONS);
  }

  /** As {@link #finish(double[], int, StoppingRule, boolean, double)}, with {@code unmet} when not converged. */
  Solution finish(double[] c, int iterations, StoppingRule stop, boolean polish, double rate, Status unmet) {
    if (point == null || !java.util.Arrays.equals(point, c)) {
      evaluate(c, "objective at the answer");
    }
    if (polish && penalty.hasL1() && Double.isFinite(objective)) {
      double[] x = point.clone();
      double fx = objective;
      double[] g = gradient.clone();
      double kx = kkt;
      double[] v = x.clone();
      for (int j = 0; j < v.length; j++) {
        v[j] -= rate * g[j];
      }
      penalty.proximalInPlace(v, rate);
      evaluate(v, "proximal step from the averaged model");
      if (!(objective <= fx)) {
        point = x;
        objective = fx;
        gradient = g;
        kkt = kx;
      }
    }
    Status status = kkt <= stop.tolerance() ? Status.CONVERGED
        : Double.isFinite(objective) ? unmet : Status.NOT_FINITE;
    return log.solution(point.clone(), objective, kkt, iterations, status);
  }
}
