package io.sparkglm.bench;

import io.sparkglm.core.solver.IterationRecord;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A sparkglm solver, run through {@link GlmTrainer} on the cached blocks with the tolerance tightened
 * ({@value #TOLERANCE}) so that it can reach {@code F*(1+1e-6)}.
 *
 * <p>Time to target: the first iteration in {@link FitResult#history()} whose objective is at most the target;
 * its {@code seconds} and {@code passes} plus those of the statistics pass the trainer makes before its solver
 * ({@link CachedData#statsSeconds()}, 1 pass). The history's objective is {@code F} itself (the change of
 * variables does not change it); the final value is checked against the benchmark's own evaluation. Runs after
 * the first stop at the iteration where the first reached the target (the trajectory is deterministic).
 */
public final class SparkglmContestant implements Contestant {
  /** The KKT tolerance given to the solvers. */
  public static final double TOLERANCE = 1e-10;

  private final ProblemContext ctx;
  private final String solver;
  private final int maxIterations;

  /**
   * @param solver a registered solver name
   * @param maxIterations its iteration limit
   */
  public SparkglmContestant(ProblemContext ctx, String solver, int maxIterations) {
    this.ctx = ctx;
    this.solver = solver;
    this.maxIterations = maxIterations;
  }

  @Override
  public String name() {
    return "sparkglm " + solver;
  }

  private FitResult fit(int maxIter) {
    StoppingRule stop = new StoppingRule(maxIter, TOLERANCE, StoppingRule.DEFAULT_OBJECTIVE_TOLERANCE);
    CachedData c = ctx.cached();
    return new GlmTrainer().fit(ctx.spec(solver, stop), c.blocks(), c.data().numFeatures(),
        java.util.function.Supplier::get);
  }

  @Override
  public Trial fullRun() {
    return run(maxIterations);
  }

  private Trial run(int maxIter) {
    long t0 = System.nanoTime();
    FitResult r = fit(maxIter);
    double seconds = (System.nanoTime() - t0) * 1e-9;
    double stats = ctx.cached().statsSeconds();
    List<double[]> trace = new ArrayList<>();
    for (IterationRecord rec : r.history()) {
      trace.add(new double[] {stats + rec.seconds(), 1 + rec.passes(), rec.objective()});
    }
    double[] coef = Arrays.copyOf(r.coefficients(), r.coefficients().length + 1);
    coef[coef.length - 1] = r.intercept();
    double f = ctx.objective(coef);
    double last = r.history().isEmpty() ? Double.NaN : r.history().get(r.history().size() - 1).objective();
    String note = String.format(Locale.ROOT, "history F(last)/F(evaluated) - 1 = %.1e; fit wall %.2fs incl. "
        + "statistics and certificate passes", last / f - 1, seconds);
    return new Trial(coef, f, r.iterations(), r.passes() + 2, seconds, r.status().name(), trace, note);
  }

  @Override
  public Timing timeToTarget(double target, Trial first, int runs) {
    List<double[]> hits = new ArrayList<>();
    double[] hit = firstBelow(first.trace(), target);
    if (hit == null) {
      return Timing.missed("not reached in " + first.iterations() + " iterations (" + first.status() + ")");
    }
    hits.add(hit);
    int k = first.trace().indexOf(hit) + 1;
    for (int r = 1; r < runs; r++) {
      double[] h = firstBelow(run(k).trace(), target);
      if (h != null) {
        hits.add(h);
      }
    }
    hits.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] median = hits.get(hits.size() / 2);
    return new Timing(median[0], (long) median[1], median[2], "median of " + hits.size()
        + " runs (reruns with maxIter=" + k + ", the iteration reaching the target); from the fit's history + "
        + "the statistics pass");
  }

  private static double[] firstBelow(List<double[]> trace, double target) {
    for (double[] t : trace) {
      if (t[2] <= target) {
        return t;
      }
    }
    return null;
  }
}
