package io.sparkglm.bench;

import io.sparkglm.spark.JobCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionModel;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.functions;

/**
 * A Spark MLlib estimator configured for sparkglm's objective ({@code standardization=false}, the same
 * {@code fitIntercept}, tolerance {@value #TOLERANCE}) on the cached DataFrame.
 *
 * <p>Parameter mapping (each verified by evaluating sparkglm's {@code F} at the returned coefficients):
 * <ul>
 *   <li>{@code LogisticRegression}: {@code regParam = lambda}, {@code elasticNetParam = alpha} (the same
 *       objective).</li>
 *   <li>{@code LinearRegression} (l-bfgs/OWL-QN and normal): MLlib divides the L2 part by {@code sd_y}, so
 *       {@code regParam = lambda*alpha + lambda*(1-alpha)*sd_y}, {@code elasticNetParam = lambda*alpha /
 *       regParam} (README, "The objective"), except that MLlib's {@code sd_y} is the <em>sample</em> sd
 *       (its {@code Summarizer}'s unbiased variance, divisor {@code n-1}), not glmnet's population sd: with
 *       the population sd the objective history's ratio to {@code F} drifts with the L2 weight and the EN
 *       solution misses {@code F*} by ~1e-10 relative at n = 1e4.</li>
 *   <li>{@code GeneralizedLinearRegression} (poisson, IRLS, L2 only): each IRLS step solves a weighted least
 *       squares problem normalized by its weight sum {@code sum_i mu_i}; at the fixed point its stationarity
 *       condition is sparkglm's with {@code lambda = regParam * mean(mu) = regParam * mean(y)} (the intercept's
 *       score equation), so {@code regParam = lambda / mean(y)}.</li>
 * </ul>
 *
 * <p>Time to target: the full run's {@code objectiveHistory} (entry k = after k iterations) times the ratio
 * {@code F(final)/history(final)} (1 for logistic; {@code sd_y^2} scaling for linear) gives the first k reaching
 * the target; then {@code maxIter = k} runs are timed (wall time of {@code fit}, passes = Spark jobs during the
 * fit) and their final {@code F} checked by evaluation (k is raised if it falls short). Estimators without a
 * history (IRLS) search k upward by refitting; {@code normal} is a one-shot solve, timed as is.
 */
public final class MllibContestant implements Contestant {
  /** MLlib's tolerance, tightened so that it can reach the target. */
  public static final double TOLERANCE = 1e-12;

  /** The MLlib estimators. */
  public enum Kind { LOGISTIC, LINEAR_LBFGS, LINEAR_NORMAL, POISSON_GLR }

  private final ProblemContext ctx;
  private final Kind kind;
  private final int maxIterations;
  private final JobCounter jobs;
  private double sdY = Double.NaN;

  private record Fit(double[] coef, double[] history, int iterations, long jobs, double seconds) {
  }

  /** An MLlib contestant; {@code jobs} is the counter registered on the session's context. */
  public MllibContestant(ProblemContext ctx, Kind kind, int maxIterations, JobCounter jobs) {
    this.ctx = ctx;
    this.kind = kind;
    this.maxIterations = maxIterations;
    this.jobs = jobs;
  }

  @Override
  public String name() {
    boolean l1 = ctx.problem().hasL1();
    return switch (kind) {
      case LOGISTIC -> "MLlib LogisticRegression (" + (l1 ? "OWL-QN" : "L-BFGS") + ")";
      case LINEAR_LBFGS -> "MLlib LinearRegression l-bfgs (" + (l1 ? "OWL-QN" : "L-BFGS") + ")";
      case LINEAR_NORMAL -> "MLlib LinearRegression normal";
      case POISSON_GLR -> "MLlib GeneralizedLinearRegression (IRLS)";
    };
  }

  private Fit fit(int maxIter) {
    Problem pr = ctx.problem();
    boolean intercept = ctx.cached().data().fitIntercept();
    long j0 = jobs.count();
    long t0 = System.nanoTime();
    Vector beta;
    double b0;
    double[] history;
    int iterations;
    switch (kind) {
      case LOGISTIC -> {
        LogisticRegressionModel m = new LogisticRegression().setFamily("binomial").setStandardization(false)
            .setRegParam(pr.lambda()).setElasticNetParam(pr.alpha()).setFitIntercept(intercept)
            .setTol(TOLERANCE).setMaxIter(maxIter).fit(ctx.cached().frame());
        beta = m.coefficients();
        b0 = m.intercept();
        history = m.summary().objectiveHistory();
        iterations = m.summary().totalIterations();
      }
      case LINEAR_LBFGS, LINEAR_NORMAL -> {
        double sdY = labelSd();
        double regParam = pr.lambda() * pr.alpha() + pr.lambda() * (1 - pr.alpha()) * sdY;
        double enet = regParam > 0 ? pr.lambda() * pr.alpha() / regParam : 0.0;
        LinearRegressionModel m = new LinearRegression()
            .setSolver(kind == Kind.LINEAR_NORMAL ? "normal" : "l-bfgs").setStandardization(false)
            .setRegParam(regParam).setElasticNetParam(enet).setFitIntercept(intercept).setTol(TOLERANCE)
            .setMaxIter(maxIter).fit(ctx.cached().frame());
        beta = m.coefficients();
        b0 = m.intercept();
        history = kind == Kind.LINEAR_NORMAL ? new double[0] : m.summary().objectiveHistory();
        iterations = m.summary().totalIterations();
      }
      case POISSON_GLR -> {
        GeneralizedLinearRegressionModel m = new GeneralizedLinearRegression().setFamily("poisson")
            .setLink("log").setRegParam(pr.lambda() / ctx.cached().stats().labelMean())
            .setFitIntercept(intercept).setTol(TOLERANCE).setMaxIter(maxIter).fit(ctx.cached().frame());
        beta = m.coefficients();
        b0 = m.intercept();
        history = new double[0];
        iterations = m.summary().numIterations();
      }
      default -> throw new IllegalStateException("unknown kind " + kind);
    }
    double seconds = (System.nanoTime() - t0) * 1e-9;
    long passes = jobs.count() - j0;
    double[] coef = Arrays.copyOf(beta.toArray(), beta.size() + 1);
    coef[beta.size()] = intercept ? b0 : 0.0;
    return new Fit(coef, history, iterations, passes, seconds);
  }

  private double labelSd() {
    if (Double.isNaN(sdY)) {
      sdY = ctx.cached().frame().agg(functions.stddev_samp("label")).first().getDouble(0);
    }
    return sdY;
  }

  @Override
  public Trial fullRun() {
    labelSd();
    Fit f = fit(kind == Kind.LINEAR_NORMAL ? 1 : maxIterations);
    double obj = ctx.objective(f.coef);
    List<double[]> trace = new ArrayList<>();
    String note;
    int k = f.history.length - 1;
    if (k >= 1) {
      double ratio = obj / f.history[k];
      for (int i = 0; i <= k; i++) {
        trace.add(new double[] {f.seconds * i / k, (double) f.jobs * i / k, f.history[i] * ratio});
      }
      note = String.format(Locale.ROOT, "F(final)/objectiveHistory(final) = %.9g; trace times/passes spread "
          + "evenly over iterations", ratio);
    } else {
      trace.add(new double[] {f.seconds, f.jobs, obj});
      note = "no objective history; one trace point at the end";
    }
    String status = f.iterations >= maxIterations && kind != Kind.LINEAR_NORMAL ? "MAX_ITERATIONS" : "STOPPED";
    return new Trial(f.coef, obj, f.iterations, f.jobs, f.seconds, status, trace, note);
  }

  @Override
  public Timing timeToTarget(double target, Trial first, int runs) {
    int k;
    if (kind == Kind.LINEAR_NORMAL) {
      k = 1;
    } else if (first.trace().size() > 1) {
      k = -1;
      for (int i = 0; i < first.trace().size(); i++) {
        if (first.trace().get(i)[2] <= target) {
          k = Math.max(1, i);
          break;
        }
      }
    } else {
      k = -1;
      for (int i = 1; i <= first.iterations() && k < 0; i++) {
        if (ctx.objective(fit(i).coef) <= target) {
          k = i;
        }
      }
    }
    if (k < 0 || first.objective() > target) {
      return Timing.missed("not reached in " + first.iterations() + " iterations (final F - target = "
          + String.format(Locale.ROOT, "%.2e", first.objective() - target) + ")");
    }
    List<double[]> timed = new ArrayList<>();
    int tries = 0;
    while (timed.size() < runs) {
      Fit f = fit(k);
      double obj = ctx.objective(f.coef);
      if (obj > target && timed.isEmpty() && tries++ < 5 && kind != Kind.LINEAR_NORMAL) {
        k++;
        continue;
      }
      timed.add(new double[] {f.seconds, f.jobs, obj});
    }
    timed.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] m = timed.get(timed.size() / 2);
    return new Timing(m[0], (long) m[1], m[2], "median of " + runs + " runs with maxIter=" + k
        + (m[2] <= target ? "" : " (final F above target!)"));
  }
}
