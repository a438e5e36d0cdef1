package io.sparkglm.spark.train;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.fit.ColumnRank;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.NewtonSolver;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Status;
import io.sparkglm.spark.eval.OrderedTreeAggregate;
import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.SolverRegistry;
import io.sparkglm.spark.solver.TrainingProblem;
import io.sparkglm.spark.stats.GlmStatisticsCalculator;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.spark.api.java.JavaRDD;

/**
 * Fits a GLM on an RDD of blocks; immutable. The recipe: {@link PreparedFit} (cache the blocks, one feature
 * statistics pass, the data term) -> {@link FitSetup}
 * (penalty, change of variables, start) -> the solver, driving the distributed data term -> coefficients on
 * the original scale -> one certificate pass (objective and KKT violation on the full data; with
 * {@link #withStatistics} the statistics pass at the solution doubles as the certificate) -> unpersist. A
 * negative binomial whose theta is to be estimated is fitted by {@link ThetaAlternation} (MASS's glm.nb: fits at
 * a fixed theta alternating with theta's maximum likelihood).
 *
 * <p>Aggregation ({@link #withAggregation}): by default the solver runs here and each of its passes is one Spark job;
 * with {@link Aggregation#ALLREDUCE} a full-batch solver runs in every task of one barrier stage instead
 * ({@link AllreduceFit}), with the same answer.
 *
 * <p>Progress: one INFO line per iteration ({@code iter=.. objective=.. kkt=.. step=.. secs=.. passes=..}) under
 * the logger {@code io.sparkglm.fit}, with the fit id in the log4j thread context; every Spark job carries a
 * description of what it computes.
 */
public final class GlmTrainer {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");

  /** Default treeAggregate depth. */
  public static final int DEFAULT_AGGREGATION_DEPTH = 2;

  private final SolverRegistry registry;
  private final int aggregationDepth;
  private final Map<String, String> solverOptions;
  /** The feature names for the statistics, or {@code null} for a fit without statistics. */
  private final List<String> statisticsNames;
  private final boolean statisticsOffsets;
  /** Where to save and resume the solver's state, or {@code null}. */
  private final Checkpointing checkpointing;
  /** The warm start, or {@code null} for the intercept-only start. */
  private final Start start;
  /** How the solver's passes are combined. */
  private final Aggregation aggregation;

  /**
   * A warm start: a fitted model's coefficients and intercept on the original scale (spark.ml {@code initialModel},
   * CLI {@code --initial-model}). The fit must have the same family and feature count; the start is mapped into
   * the solver's variables, with fixed coordinates 0 and projected onto the bounds ({@link FitSetup#solverStartFrom}).
   *
   * @param source what it came from, for messages (e.g. {@code "--initial-model /models/m1"})
   * @param family the model's family name
   */
  public record Start(String source, String family, double[] coefficients, double intercept) {
    /** Copies the coefficients. */
    public Start {
      coefficients = coefficients.clone();
    }

    /** The start in the solver's variables of {@code setup}, after checking family and feature count. */
    double[] inSolverSpace(FitSetup setup) {
      String fitting = setup.spec().family().name();
      if (!fitting.equals(family)) {
        throw new IllegalArgumentException(source + " is a " + family + " model; this fit's family is " + fitting);
      }
      int p = setup.stats().numFeatures();
      if (coefficients.length != p) {
        throw new IllegalArgumentException(source + " has " + coefficients.length + " coefficients; the data has "
            + p + " features");
      }
      double[] b = Arrays.copyOf(coefficients, p + 1);
      b[p] = setup.spec().fitIntercept() ? intercept : 0.0;
      return setup.solverStartFrom(b);
    }
  }

  /**
   * Checkpoint settings: the directory (any Hadoop file system), save every {@code every} iterations (and at
   * least once a minute), and whether to continue from the directory's latest checkpoint.
   */
  public record Checkpointing(String dir, int every, boolean resume) {
    /** Validates {@code every}. */
    public Checkpointing {
      if (dir == null || dir.isBlank()) {
        throw new IllegalArgumentException("the checkpoint directory is empty");
      }
      if (every < 1) {
        throw new IllegalArgumentException("--checkpoint-every must be >= 1, got " + every);
      }
    }

    /** Fails early when the directory has a checkpoint and {@code resume} is false. */
    public void check(org.apache.hadoop.conf.Configuration hadoop) {
      FitCheckpoints.checkDirectory(hadoop, dir, resume);
    }
  }

  /**
   * @param aggregationDepth treeAggregate depth (>= 1)
   * @param solverOptions solver-specific options, checked against the solver's declared options
   */
  public GlmTrainer(int aggregationDepth, Map<String, String> solverOptions) {
    if (aggregationDepth < 1) {
      throw new IllegalArgumentException("aggregationDepth must be >= 1, got " + aggregationDepth);
    }
    this.registry = SolverRegistry.load();
    this.aggregationDepth = aggregationDepth;
    this.solverOptions = Map.copyOf(solverOptions);
    this.statisticsNames = null;
    this.statisticsOffsets = false;
    this.checkpointing = null;
    this.start = null;
    this.aggregation = Aggregation.TREE;
  }

  private GlmTrainer(SolverRegistry registry, int aggregationDepth, Map<String, String> solverOptions,
      List<String> statisticsNames, boolean statisticsOffsets, Checkpointing checkpointing, Start start,
      Aggregation aggregation) {
    this.registry = registry;
    this.aggregationDepth = aggregationDepth;
    this.solverOptions = solverOptions;
    this.statisticsNames = statisticsNames;
    this.statisticsOffsets = statisticsOffsets;
    this.checkpointing = checkpointing;
    this.start = start;
    this.aggregation = aggregation;
  }

  /**
   * A trainer whose fits start from {@code s} (a warm start; {@code null}: the intercept-only start), with every
   * solver (each takes the problem's start; a resumed checkpoint takes precedence). This trainer is unchanged.
   */
  public GlmTrainer withStart(Start s) {
    return new GlmTrainer(registry, aggregationDepth, solverOptions, statisticsNames, statisticsOffsets,
        checkpointing, s, aggregation);
  }

  /**
   * A trainer whose full-batch solvers combine their passes as {@code a} says ({@link Aggregation#ALLREDUCE}: the
   * solver loop in one barrier stage, {@link AllreduceFit}); other solvers, checkpoints and multinomial fits refuse
   * {@code allreduce}. This trainer is unchanged.
   */
  public GlmTrainer withAggregation(Aggregation a) {
    return new GlmTrainer(registry, aggregationDepth, solverOptions, statisticsNames, statisticsOffsets,
        checkpointing, start, java.util.Objects.requireNonNull(a, "aggregation"));
  }

  /**
   * A trainer that saves the solver's state as it goes and, with {@code resume}, continues from the latest
   * checkpoint (the same steps from the saved doubles, to the same optimum; newton, proxgrad, gd, admm); other
   * solvers are refused. This trainer is unchanged.
   */
  public GlmTrainer withCheckpoints(Checkpointing c) {
    return new GlmTrainer(registry, aggregationDepth, solverOptions, statisticsNames, statisticsOffsets, c, start,
        aggregation);
  }

  /**
   * A trainer that also computes R-style statistics ({@link GlmStatistics}: deviance, null deviance, dispersion,
   * AIC, coefficient table) after each fit, in the certificate pass (no extra pass; with offsets, a few more for
   * the null model's intercept). This trainer is unchanged (trainers are immutable).
   *
   * @param featureNames names of the p features, for the coefficient table
   * @param hasOffsets whether the data carry offsets (the null model then needs its own intercept fit)
   * @return a trainer like this one that also computes the statistics
   */
  public GlmTrainer withStatistics(List<String> featureNames, boolean hasOffsets) {
    return new GlmTrainer(registry, aggregationDepth, solverOptions, List.copyOf(featureNames), hasOffsets,
        checkpointing, start, aggregation);
  }

  /** A trainer with depth {@value #DEFAULT_AGGREGATION_DEPTH} and no solver options. */
  public GlmTrainer() {
    this(DEFAULT_AGGREGATION_DEPTH, Map.of());
  }

  /**
   * Fits {@code spec} on {@code blocks} ({@code p} features). The blocks are cached for the fit and
   * unpersisted afterwards (unless the caller had already cached them).
   *
   * @param firstAction wraps the first Spark action, so data errors raised lazily inside tasks come out as
   *     clear messages (e.g. {@code BlockLoader::runAction}); may be {@code Supplier::get}
   */
  public FitResult fit(GlmSpec spec, JavaRDD<Block> blocks, int numFeatures,
      java.util.function.Function<Supplier<FeatureStats>, FeatureStats> firstAction) {
    if (spec.family().estimatesTheta()) {
      if (checkpointing != null) {
        throw new IllegalArgumentException("--checkpoint-dir: a negative-binomial fit that estimates theta "
            + "alternates several fits and cannot resume; give --theta to checkpoint a fit at a fixed theta");
      }
      if (start != null) {
        throw new IllegalArgumentException("--initial-model: a negative-binomial fit that estimates theta starts "
            + "from its poisson fit; give --theta to warm-start a fit at a fixed theta");
      }
      GlmTrainer plain = new GlmTrainer(registry, aggregationDepth, solverOptions, null, false, null, null,
          aggregation);
      return new ThetaAlternation(this, plain, aggregationDepth).fit(spec, blocks, numFeatures, firstAction);
    }
    String fitId = UUID.randomUUID().toString().substring(0, 8);
    ThreadContext.put("fit", fitId);
    PhaseClock clock = new PhaseClock();
    FitResult result;
    try (PreparedFit prepared = PreparedFit.prepare(blocks, spec.loss(), numFeatures, aggregationDepth,
        "fit " + fitId, firstAction)) {
      clock.lap("loadCacheStatistics");
      FitSetup setup = withAliasedColumns(FitSetup.of(spec, prepared.stats()), prepared, fitId);
      DistributedSolver solver = registry.create(spec.solver(), numFeatures, setup.solverPenalty(), solverOptions);
      LOG.info("fit {}: family={} link={} solver={} rows={} p={} lambda={} alpha={} standardize={} intercept={}",
          fitId, spec.family(), spec.link().linkName(), solver.name(), prepared.stats().rows(), numFeatures,
          spec.regParam(), spec.elasticNetParam(), spec.standardize(), spec.fitIntercept());
      double[] warm = start == null ? null : start.inSolverSpace(setup);
      if (warm != null) {
        LOG.info("fit {}: warm start from {}", fitId, start.source());
      }
      IterationListener listener = checkpointed(progressLog(), setup, solver, blocks);
      long t0 = System.nanoTime();
      TrainingProblem problem = new TrainingProblem(blocks, spec.loss(), setup, setup.solverView(prepared.data()),
          aggregationDepth, warm);
      Solution solution = aggregation == Aggregation.TREE
          ? solver.solve(problem, setup.solverStop(spec.stop()), listener)
          : AllreduceFit.solve(problem, solver, solverOptions, setup.solverStop(spec.stop()), listener, fitId);
      double wall = (System.nanoTime() - t0) * 1e-9;
      clock.lap("solver");
      checkFinite(spec, solution);
      result = certify(prepared, setup, solver.name(), solution, wall);
      clock.lap("certificate");
    } finally {
      // The last pass's description must not label the caller's next jobs.
      blocks.context().setJobDescription(null);
      ThreadContext.remove("fit");
    }
    clock.lap("unpersist");
    return result.withPhases(clock.seconds());
  }

  /** The registered solvers that save and resume their state, comma-separated. */
  private static String resumableSolvers() {
    io.sparkglm.spark.solver.SolverRegistry registry = io.sparkglm.spark.solver.SolverRegistry.load();
    return String.join(", ", registry.names().stream()
        .filter(n -> registry.provider(n) != null && registry.provider(n).create(java.util.Map.of()).resumable())
        .sorted().toList());
  }

  /** {@code listener} with this trainer's checkpoints, when it has any (and the solver can resume). */
  private IterationListener checkpointed(IterationListener listener, FitSetup setup, DistributedSolver solver,
      JavaRDD<Block> blocks) {
    if (checkpointing == null) {
      return listener;
    }
    if (aggregation == Aggregation.ALLREDUCE) {
      throw new IllegalArgumentException("--checkpoint-dir cannot be combined with --aggregation allreduce (a "
          + "barrier stage restarts from its start when a task is lost); use --aggregation tree to checkpoint");
    }
    if (!solver.resumable()) {
      throw new IllegalArgumentException("--checkpoint-dir: solver " + solver.name() + " cannot save and resume "
          + "its state yet; " + resumableSolvers() + " can");
    }
    FitCheckpoints checkpoints = new FitCheckpoints(blocks.context().hadoopConfiguration(), checkpointing.dir(),
        checkpointing.every(), checkpointing.resume(), FitCheckpoints.fingerprint(setup, solver.name()));
    return new IterationListener() {
      @Override
      public void onIteration(String name, io.sparkglm.core.solver.IterationRecord record) {
        listener.onIteration(name, record);
      }

      @Override
      public io.sparkglm.core.solver.Checkpoints checkpoints() {
        return checkpoints;
      }
    };
  }

  /**
   * The setup with its aliased columns held at zero ({@link ColumnRank}: one pass, for unpenalized fits of at
   * most {@value NewtonSolver#DEFAULT_MAX_FEATURES} features; R's treatment of singular designs).
   */
  private FitSetup withAliasedColumns(FitSetup setup, PreparedFit prepared, String fitId) {
    if (!setup.needsColumnRank(NewtonSolver.DEFAULT_MAX_FEATURES)) {
      return setup;
    }
    JavaRDD<Block> blocks = prepared.blocks();
    blocks.context().setJobDescription("sparkglm fit " + fitId + ": column rank (aliased columns)");
    boolean[] aliased = OrderedTreeAggregate.aggregate(blocks, setup.columnRank(), ColumnRank::add,
        ColumnRank::merge, aggregationDepth).aliased();
    return setup.withAliased(aliased);
  }

  /**
   * The result at the solution, certified on the full data at its coefficients on the original scale: the
   * objective and the KKT violation from one pass, which with statistics is the statistics pass itself.
   */
  private FitResult certify(PreparedFit prepared, FitSetup setup, String solver, Solution solution, double wall) {
    double[] b = setup.toOriginal(solution.coefficients());
    if (statisticsNames == null) {
      prepared.data().describe("certificate: objective and KKT violation at the solution");
      return Diagnosis.of(setup, certify(setup, solver, solution, wall, b,
          prepared.data().evaluate(b, Order.GRADIENT)), null);
    }
    GlmStatisticsCalculator.AtSolution at = GlmStatisticsCalculator.computeWithDataTerm(prepared.blocks(), setup, b,
        statisticsNames, statisticsOffsets, aggregationDepth);
    return Diagnosis.of(setup, certify(setup, solver, solution, wall, b, at.dataTerm())
        .withStatistics(at.statistics()), statisticsNames);
  }

  private static void checkFinite(GlmSpec spec, Solution solution) {
    if (solution.status() == Status.NOT_FINITE) {
      throw new IllegalStateException("the objective is not finite at the starting point (family "
          + spec.family() + ", link " + spec.link().linkName() + "): the link cannot fit these labels/offsets");
    }
  }

  /**
   * The result at {@code b} (the solution on the original scale), certified by the data term evaluated on the
   * full data at {@code b}: the objective and the KKT violation at the returned coefficients.
   */
  private static FitResult certify(FitSetup setup, String solver, Solution solution, double wall, double[] b,
      Evaluation atSolution) {
    int p = setup.stats().numFeatures();
    double objective = setup.objective(atSolution.value(), b);
    double kkt = setup.kktViolation(b, atSolution.gradient());
    double atStart = setup.startKktViolation();
    double relative = atStart > 0 ? kkt / atStart : kkt;
    LOG.info("fit done: solver={} status={} iterations={} passes={} objective={} kkt={} relativeKkt={} secs={}",
        solver, solution.status(), solution.iterations(), solution.passes(), objective,
        String.format(Locale.ROOT, "%.2e", kkt), String.format(Locale.ROOT, "%.2e", relative),
        String.format(Locale.ROOT, "%.3f", wall));
    return new FitResult(setup.spec(), solver, Arrays.copyOf(b, p), b[p], objective, kkt, solution.iterations(),
        solution.passes(), solution.status(), solution.history(), wall, setup.stats().rows(),
        setup.stats().weightSum(), java.util.Optional.empty(), Map.of(), relative, List.of());
  }

  /** The progress log of every fit: one INFO line per iteration. */
  static IterationListener progressLog() {
    return (solver, r) -> {
      StringBuilder extra = new StringBuilder();
      r.details().forEach((k, v) -> extra.append(' ').append(k).append('=')
          .append(String.format(Locale.ROOT, "%.3g", v)));
      LOG.info("{} iter={} objective={} kkt={} step={} secs={} passes={}{}", solver, r.iteration(),
          String.format(Locale.ROOT, "%.10g", r.objective()), String.format(Locale.ROOT, "%.2e", r.optimality()),
          String.format(Locale.ROOT, "%.3g", r.step()), String.format(Locale.ROOT, "%.3f", r.seconds()),
          r.passes(), extra);
    };
  }
}
