package io.sparkglm.bench;

import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.eval.SparkDataTerm;

/**
 * One problem on one cached dataset, and the single judge of every contestant: {@link #objective} evaluates
 * sparkglm's {@code F} at any coefficients with one {@link SparkDataTerm} pass over the cached blocks (never
 * trusting another library's reported value).
 */
public final class ProblemContext {
  private final CachedData cached;
  private final Problem problem;
  private final SparkDataTerm data;
  private final FitSetup setup;

  /** The problem on the data. */
  public ProblemContext(CachedData cached, Problem problem) {
    this.cached = cached;
    this.problem = problem;
    SyntheticData d = cached.data();
    this.data = new SparkDataTerm(cached.blocks(), spec("newton", StoppingRule.defaults()).loss(),
        d.numFeatures(), cached.stats().weightSum(), 2);
    this.data.describe("bench: objective at a contestant's coefficients");
    this.setup = FitSetup.of(spec("newton", StoppingRule.defaults()), cached.stats());
  }

  /** sparkglm's spec of this problem for a solver: canonical link, standardize=false. */
  public GlmSpec spec(String solver, StoppingRule stop) {
    SyntheticData d = cached.data();
    return new GlmSpec(d.family(), d.family().defaultLink(), problem.lambda(), problem.alpha(), false,
        d.fitIntercept(), solver, stop);
  }

  /** {@code F(b)}; {@code coef} has length p+1, intercept last (0 when none is fitted). One data pass. */
  public double objective(double[] coef) {
    return data.evaluate(coef, Order.VALUE).value() + setup.penalty().value(coef);
  }

  /** The cached data. */
  public CachedData cached() {
    return cached;
  }

  /** The problem. */
  public Problem problem() {
    return problem;
  }

  /** The distributed data term on the cached blocks. */
  public SparkDataTerm dataTerm() {
    return data;
  }

  /** The fit setup (penalty, start) of this problem. */
  public FitSetup setup() {
    return setup;
  }
}
