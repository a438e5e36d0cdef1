package io.sparkglm.spark.train;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.fit.ThetaEstimator;
import io.sparkglm.core.fit.ThetaSums;
import io.sparkglm.core.solver.Status;
import io.sparkglm.spark.eval.BlockStorage;
import io.sparkglm.spark.eval.ClosableBroadcast;
import io.sparkglm.spark.eval.OrderedTreeAggregate;
import io.sparkglm.spark.stats.GlmStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The negative binomial fit with {@code theta} estimated, R's {@code MASS::glm.nb}: a poisson fit (same link,
 * penalty and data) gives the first means; then, alternately, {@code theta} by maximum likelihood at the current
 * means ({@link ThetaEstimator}, MASS's theta.ml: one distributed pass of {@link ThetaSums} per Newton step) and
 * the coefficients at that {@code theta} (a fit with {@code theta} fixed, every solver as for any family, the
 * penalty included), until glm.nb's criterion {@code |Lm0 - Lm| / d1 + |theta0 - theta| <= }{@value #EPSILON}
 * holds ({@code Lm} the log-likelihood, {@code d1 = sqrt(2 max(1, df.residual))}) or {@value #LIMIT} alternations
 * were made (glm.control's {@code maxit}). A penalized fit alternates the same way: each step maximizes the
 * penalized objective in the coefficients and the (unpenalized) likelihood in {@code theta}.
 *
 * <p>The result is the last fit with {@code theta} reported at its final estimate (the coefficients were fitted at
 * the estimate before, as in glm.nb, which differs by at most the criterion), its statistics with glm.nb's AIC
 * {@code -2 loglik + 2 rank + 2} and {@code theta}'s standard error. When theta.ml does not converge (theta runs to
 * infinity: data without overdispersion, where glm.nb warns "iteration limit reached") or the alternation limit is
 * reached, the status is {@link Status#MAX_ITERATIONS} with a {@code theta} warning; a converged theta whose
 * standard error exceeds it (a likelihood flat towards the poisson model) gets the warning
 * {@code thetaUndetermined}. One INFO line per alternation.
 */
final class ThetaAlternation {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");
  /** glm.nb's convergence criterion (glm.control's {@code epsilon}). */
  static final double EPSILON = 1e-8;
  /** The most alternations and theta.ml Newton steps (glm.control's {@code maxit}). */
  static final int LIMIT = 25;

  private final GlmTrainer fits;
  private final GlmTrainer plainFits;
  private final int depth;

  /**
   * @param fits the trainer of the fixed-theta fits (with the caller's statistics, if any)
   * @param plainFits the same trainer without statistics, for the initial poisson fit
   */
  ThetaAlternation(GlmTrainer fits, GlmTrainer plainFits, int depth) {
    this.fits = fits;
    this.plainFits = plainFits;
    this.depth = depth;
  }

  FitResult fit(GlmSpec spec, JavaRDD<Block> blocks, int numFeatures,
      Function<Supplier<FeatureStats>, FeatureStats> firstAction) {
    boolean cachedHere = blocks.getStorageLevel().equals(StorageLevel.NONE());
    if (cachedHere) {
      blocks.persist(BlockStorage.level(blocks.context()));
      blocks.setName("sparkglm training blocks (negative-binomial alternation)");
    }
    try {
      return alternate(spec, blocks, numFeatures, firstAction);
    } finally {
      if (cachedHere) {
        blocks.unpersist(false);
      }
    }
  }

  private FitResult alternate(GlmSpec spec, JavaRDD<Block> blocks, int p,
      Function<Supplier<FeatureStats>, FeatureStats> firstAction) {
    long t0 = System.nanoTime();
    Link link = spec.link();
    FitResult poisson = plainFits.fit(spec.withFamily(Family.poisson()), blocks, p, firstAction);
    Totals totals = new Totals(poisson);
    ThetaEstimator.Estimate theta = estimate(blocks, link, poisson, totals);
    LOG.info("negative-binomial iter=0 (poisson fit) theta={} thetaIterations={}", fmt(theta.theta()),
        theta.iterations());
    double d1 = Math.sqrt(2 * Math.max(1, poisson.rows() - p - (spec.fitIntercept() ? 1 : 0)));
    double lm = theta.logLikelihood();
    double lm0 = lm + 2 * d1;
    double del = 1;
    FitResult last = null;
    int iter = 0;
    while (iter < LIMIT && Math.abs(lm0 - lm) / d1 + Math.abs(del) > EPSILON && theta.converged()) {
      iter++;
      double previous = theta.theta();
      last = fits.fit(spec.withFamily(Family.negativeBinomial(previous)), blocks, p, Supplier::get);
      totals.add(last);
      theta = estimate(blocks, link, last, totals);
      del = previous - theta.theta();
      lm0 = lm;
      lm = theta.logLikelihood();
      LOG.info("negative-binomial iter={} theta={} thetaSE={} twoLogLik={} dTheta={} thetaIterations={} "
          + "fitStatus={} fitIterations={} secs={}", iter, fmt(theta.theta()), fmt(theta.stdError()),
          String.format(Locale.ROOT, "%.10g", 2 * lm), String.format(Locale.ROOT, "%.2e", del),
          theta.iterations(), last.status(), last.iterations(),
          String.format(Locale.ROOT, "%.3f", (System.nanoTime() - t0) * 1e-9));
    }
    if (last == null) {
      // theta.ml did not converge at the poisson means: one fit at its last finite value, to report on.
      iter = 1;
      last = fits.fit(spec.withFamily(Family.negativeBinomial(theta.theta())), blocks, p, Supplier::get);
      totals.add(last);
    }
    return result(spec, last, theta, iter, totals);
  }

  private FitResult result(GlmSpec spec, FitResult last, ThetaEstimator.Estimate theta, int iterations,
      Totals totals) {
    List<FitWarning> warnings = new ArrayList<>(last.warnings());
    Status status = last.status();
    if (!theta.converged()) {
      warnings.add(new FitWarning("thetaNotConverged", "theta's maximum-likelihood iteration (MASS's theta.ml) "
          + "stopped: " + theta.warning() + " at theta = " + fmt(theta.theta()) + "; theta grows without bound "
          + "when the data show no overdispersion. Fit --family poisson, or fix --theta", List.of()));
    } else if (iterations >= LIMIT) {
      warnings.add(new FitWarning("thetaAlternationLimit", "alternation limit reached (" + LIMIT + " fits, "
          + "glm.nb's maxit): theta and the coefficients had not settled; theta = " + fmt(theta.theta()),
          List.of()));
    }
    if (status.converged() && warnings.size() > last.warnings().size()) {
      status = Status.MAX_ITERATIONS;
    }
    if (theta.converged() && theta.stdError() > theta.theta()) {
      warnings.add(new FitWarning("thetaUndetermined", "theta = " + fmt(theta.theta()) + " with a standard error "
          + "of " + fmt(theta.stdError()) + ": the data show little or no overdispersion (theta's likelihood is "
          + "flat up to infinity, the poisson model), so theta is not determined (glm.nb typically warns "
          + "'iteration limit reached' or 'alternation limit reached' here). Consider --family poisson, or fix "
          + "--theta", List.of()));
    }
    for (FitWarning w : warnings.subList(last.warnings().size(), warnings.size())) {
      LOG.warn("fit warning {}: {}", w.code(), w.message());
    }
    GlmSpec estimated = spec.withFamily(Family.negativeBinomial(theta.theta()));
    var statistics = last.statistics().map(st -> st.withTheta(st.aic() + 2,
        new GlmStatistics.Theta(theta.theta(), theta.stdError(), 2 * theta.logLikelihood(), true, iterations)));
    return new FitResult(estimated, last.solver(), last.coefficients(), last.intercept(), last.objective(),
        last.kktViolation(), totals.iterations, totals.passes, status, last.history(), totals.wallSeconds,
        last.rows(), last.weightSum(), statistics, totals.phases, last.relativeKkt(), warnings);
  }

  /** theta.ml at the means of {@code fit}, one pass per Newton step. */
  private ThetaEstimator.Estimate estimate(JavaRDD<Block> blocks, Link link, FitResult fit, Totals totals) {
    long start = System.nanoTime();
    double[] coef = java.util.Arrays.copyOf(fit.coefficients(), fit.coefficients().length + 1);
    coef[coef.length - 1] = fit.intercept();
    int[] passes = {0};
    ThetaEstimator.Estimate e = ThetaEstimator.estimate(t -> {
      passes[0]++;
      return pass(blocks, link, coef, t, depth);
    }, LIMIT);
    totals.passes += passes[0];
    totals.phases.merge("theta", (System.nanoTime() - start) * 1e-9, Double::sum);
    return e;
  }

  /** One distributed pass of {@link ThetaSums} at {@code coef} and {@code theta}. */
  static ThetaSums pass(JavaRDD<Block> blocks, Link link, double[] coef, double theta, int depth) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    jsc.setJobDescription("sparkglm: negative-binomial theta (theta.ml sums at theta=" + theta + ")");
    try (ClosableBroadcast<double[]> bc = ClosableBroadcast.of(jsc, coef.clone())) {
      Broadcast<double[]> b = bc.get();
      return OrderedTreeAggregate.aggregate(blocks, new ThetaSums(link, theta),
          (acc, block) -> acc.add(block, b.value()), ThetaSums::merge, depth);
    } finally {
      jsc.setJobDescription(null);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }

  /** Iterations, passes, solver seconds and phase seconds over every fit of the alternation. */
  private static final class Totals {
    int iterations;
    long passes;
    double wallSeconds;
    final Map<String, Double> phases = new LinkedHashMap<>();

    Totals(FitResult first) {
      add(first);
    }

    void add(FitResult r) {
      iterations += r.iterations();
      passes += r.passes();
      wallSeconds += r.wallSeconds();
      r.phases().forEach((k, v) -> phases.merge(k, v, Double::sum));
    }
  }
}
