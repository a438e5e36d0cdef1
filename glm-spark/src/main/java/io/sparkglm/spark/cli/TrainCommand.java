package io.sparkglm.spark.cli;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.LabelValidator;
import io.sparkglm.core.family.MultinomialLoss;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.eval.BlockStorage;
import io.sparkglm.spark.solver.SolverProvider;
import io.sparkglm.spark.solver.SolverRegistry;
import io.sparkglm.spark.train.PhaseClock;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.Aggregation;
import io.sparkglm.spark.train.GlmTrainer;
import io.sparkglm.spark.train.MultinomialTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sparkglm train}: load data, fit, write {@code DIR/summary.json}. Every option is parsed and validated
 * before Spark does any work (an existing non-empty {@code --out} or {@code --save-model} is refused unless
 * {@code --overwrite}), and the output directories are written only after a successful fit, each renamed into place
 * when complete ({@link OutputDirectory}). The options are those of {@link FitOptions} plus the solvers' flags
 * ({@link SolverOptionSpecs}).
 */
@Command(name = "train", sortOptions = false, showDefaultValues = false,
    description = "Fit a generalized linear model and write DIR/summary.json (and a model with --save-model).",
    customSynopsis = "sparkglm train --data <path> --family <family> --out <dir> [OPTIONS]")
class TrainCommand extends FitOptions {
  /**
   * The parsed command.
   *
   * @param multinomial {@code --family multinomial}: fitted by {@link MultinomialTrainer} ({@code spec}'s family is
   *     then a placeholder)
   * @param numClasses {@code --num-classes}, or 0 for the largest label plus one
   */
  record Plan(DataSpec data, GlmSpec spec, Path out, int aggregationDepth, Map<String, String> solverOptions,
      String master, Path saveModel, boolean overwrite, GlmTrainer.Checkpointing checkpointing, Path initialModel,
      boolean multinomial, int numClasses, Aggregation aggregation) {
  }

  @Spec
  CommandSpec commandSpec;

  /**
   * The typed plan of the options given, checked: the solver flags against the chosen solver, the outputs
   * (before Spark starts).
   */
  Plan plan(SolverRegistry registry) {
    requireOptions();
    Map<String, String> flagValues = SolverOptionSpecs.values(commandSpec, registry);
    checkMultinomial(flagValues.keySet());
    GlmSpec spec = glmSpec();
    Map<String, String> options = new LinkedHashMap<>();
    for (String kv : solver.options) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--solver-option must look like KEY=VALUE, got '" + kv + "'");
      }
      options.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    if (!multinomial()) {
      addSolverOptionFlags(flagValues, registry, options, spec.solver());
    }
    Plan plan = new Plan(dataSpec(), spec, Path.of(outputs.out), solver.aggregationDepth, options, spark.master,
        outputs.saveModel == null ? null : Path.of(outputs.saveModel), outputs.overwrite, checkpointing(),
        solver.initialModel == null ? null : Path.of(solver.initialModel), multinomial(),
        model.numClasses == null ? 0 : model.numClasses, Aggregation.parse(solver.aggregation));
    if (plan.initialModel() != null) {
      InitialModels.check(plan.initialModel());
    }
    checkOutputs(plan);
    return plan;
  }

  /**
   * Refuses (before Spark starts) a non-empty {@code --out} or {@code --save-model} without {@code --overwrite},
   * and an {@code --out} that is the model directory or inside it (a model inside {@code --out} is fine).
   */
  private static void checkOutputs(Plan plan) {
    OutputDirectory.check("--out", plan.out(), plan.overwrite());
    if (plan.saveModel() != null) {
      if (plan.out().toAbsolutePath().normalize().startsWith(plan.saveModel().toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("--out " + plan.out() + " must not be the --save-model directory "
            + plan.saveModel() + " or inside it");
      }
      OutputDirectory.check("--save-model", plan.saveModel(), plan.overwrite());
    }
  }

  /** The model directory's path relative to {@code --out} when it is inside it (written with it), else null. */
  private static Path modelInsideOut(Plan plan) {
    Path out = plan.out().toAbsolutePath().normalize();
    Path model = plan.saveModel() == null ? null : plan.saveModel().toAbsolutePath().normalize();
    return model != null && model.startsWith(out) ? out.relativize(model) : null;
  }

  /** {@code --checkpoint-dir}, {@code --checkpoint-every} (default {@value #CHECKPOINT_EVERY}) and {@code --resume}, or null. */
  private GlmTrainer.Checkpointing checkpointing() {
    if (outputs.checkpointDir == null) {
      if (outputs.checkpointEvery != null || outputs.resume) {
        throw new IllegalArgumentException("--checkpoint-every and --resume need --checkpoint-dir");
      }
      return null;
    }
    return new GlmTrainer.Checkpointing(outputs.checkpointDir,
        outputs.checkpointEvery == null ? CHECKPOINT_EVERY : outputs.checkpointEvery, outputs.resume);
  }

  /**
   * Adds the solvers' named flags ({@link SolverProvider#flags()}) to {@code options} (modified), checking them
   * against the chosen solver's options unless the solver is {@code auto} (the trainer checks then).
   */
  private static void addSolverOptionFlags(Map<String, String> given, SolverRegistry registry,
      Map<String, String> options, String solver) {
    java.util.Set<String> accepted = GlmSpec.AUTO.equals(solver) ? null : registry.provider(solver).options();
    for (SolverProvider.OptionFlag f : registry.flags().values()) {
      String v = given.get(f.flag());
      if (v == null) {
        continue;
      }
      if (options.containsKey(f.option())) {
        throw new IllegalArgumentException("--" + f.flag() + " and --solver-option " + f.option()
            + "=... set the same option; give one");
      }
      if (accepted != null && !accepted.contains(f.option())) {
        throw new IllegalArgumentException("--" + f.flag() + " (option " + f.option()
            + ") is not an option of solver " + solver + (accepted.isEmpty() ? " (it takes none)"
                : "; it takes: " + String.join(", ", new java.util.TreeSet<>(accepted))));
      }
      options.put(f.option(), v);
    }
  }

  /**
   * Loads, fits and writes {@code summary.json} (and the model), recording phases in {@code clock}: {@code prepare}
   * (checks, schema, p), the trainer's phases, {@code writeOutputs}.
   */
  static void run(SparkSession spark, Plan plan, PhaseClock clock) throws java.io.IOException {
    if (plan.checkpointing() != null) {
      plan.checkpointing().check(spark.sparkContext().hadoopConfiguration());
    }
    if (plan.multinomial()) {
      runMultinomial(spark, plan, clock);
      return;
    }
    long t0 = System.nanoTime();
    LoadedData data = BlockLoader.load(spark, plan.data(), plan.spec().family());
    checkPenaltyFactors(plan.spec(), data.numFeatures());
    GlmTrainer trainer = new GlmTrainer(plan.aggregationDepth(), plan.solverOptions())
        .withStatistics(data.featureNames(), data.hasOffsets()).withAggregation(plan.aggregation());
    if (plan.checkpointing() != null) {
      trainer = trainer.withCheckpoints(plan.checkpointing());
    }
    if (plan.initialModel() != null) {
      trainer = trainer.withStart(InitialModels.binary(plan.initialModel()));
    }
    double[] loadSeconds = new double[1];
    clock.lap("prepare");
    FitResult result = trainer.fit(plan.spec(), data.blocks(), data.numFeatures(), action -> {
      var stats = BlockLoader.runAction(action);
      loadSeconds[0] = (System.nanoTime() - t0) * 1e-9;
      BlockLoader.requireNonEmpty(stats.rows(), data.source());
      return stats;
    });
    result.phases().forEach(clock::put);
    clock.skip();
    Path nested = modelInsideOut(plan);
    try (OutputDirectory.Staged out = OutputDirectory.stage("--out", plan.out(), plan.overwrite());
        OutputDirectory.Staged model = plan.saveModel() == null || nested != null ? null
            : OutputDirectory.stage("--save-model", plan.saveModel(), plan.overwrite())) {
      SummaryWriter.write(out.path(), plan.data(), data, result, loadSeconds[0], spark.version(), clock.seconds());
      if (plan.saveModel() != null) {
        ModelFiles.save(plan, result, model != null ? model.path() : out.path().resolve(nested),
            out.path().resolve(SummaryWriter.FILE));
      }
      if (model != null) {
        model.commit();
      }
      out.commit();
    }
    clock.lap("writeOutputs");
  }

  /**
   * {@code --family multinomial}: loads (labels checked as class indices, below {@code --num-classes} when given),
   * caches the blocks, fits with {@link MultinomialTrainer} (its first job counts the classes: data errors come out
   * naming file, line and column; from {@code --initial-model} when given), unpersists and writes {@code summary.json}
   * (and the model with {@code --save-model}: {@link ModelFiles#saveMultinomial}). Phases: {@code prepare}, {@code fit}
   * (load, cache, class weights, feature statistics, solver, certificate), {@code unpersist}, {@code writeOutputs}.
   */
  private static void runMultinomial(SparkSession spark, Plan plan, PhaseClock clock) throws java.io.IOException {
    LabelValidator labels = plan.numClasses() > 0 ? new MultinomialLoss(plan.numClasses())
        : MultinomialLoss.CLASS_INDEX;
    LoadedData data = BlockLoader.load(spark, plan.data(), labels);
    checkPenaltyFactors(plan.spec(), data.numFeatures());
    JavaRDD<Block> blocks = data.blocks();
    blocks.persist(BlockStorage.level(spark.sparkContext()));
    blocks.setName("sparkglm training blocks (multinomial)");
    clock.lap("prepare");
    MultinomialTrainer.MultinomialFit fit;
    try {
      MultinomialTrainer trainer = new MultinomialTrainer(plan.aggregationDepth())
          .withFeatureNames(data.featureNames()).withCheckpoints(plan.checkpointing())
          .withStart(plan.initialModel() == null ? null : InitialModels.multinomial(plan.initialModel()));
      fit = BlockLoader.runAction(() -> trainer.fit(plan.spec(), blocks, data.numFeatures(), plan.numClasses()));
      clock.lap("fit");
    } finally {
      blocks.unpersist(false);
    }
    clock.lap("unpersist");
    Path nested = modelInsideOut(plan);
    try (OutputDirectory.Staged out = OutputDirectory.stage("--out", plan.out(), plan.overwrite());
        OutputDirectory.Staged model = plan.saveModel() == null || nested != null ? null
            : OutputDirectory.stage("--save-model", plan.saveModel(), plan.overwrite())) {
      SummaryWriter.writeMultinomial(out.path(), plan, data, fit, spark.version(), clock.seconds());
      if (plan.saveModel() != null) {
        ModelFiles.saveMultinomial(plan, fit, model != null ? model.path() : out.path().resolve(nested),
            out.path().resolve(SummaryWriter.FILE));
      }
      if (model != null) {
        model.commit();
      }
      out.commit();
    }
    clock.lap("writeOutputs");
  }

  /**
   * After Spark stopped: adds {@code total} (JVM start to now) to the timings, rewrites them into
   * {@code summary.json} (atomically) and logs them on one line.
   */
  static void finish(Plan plan, PhaseClock clock) throws java.io.IOException {
    clock.put("total", SparkGlm.secondsSinceJvmStart());
    SummaryWriter.replaceTimings(plan.out(), clock.seconds());
    StringBuilder line = new StringBuilder();
    clock.seconds().forEach((k, v) -> line.append(' ').append(k).append('=')
        .append(String.format(java.util.Locale.ROOT, "%.3f", v)));
    org.apache.logging.log4j.LogManager.getLogger("io.sparkglm.fit").info("timings{}", line);
  }

  /** {@code --penalty-factors}, {@code --lower-bounds} and {@code --upper-bounds} must give one value per feature. */
  static void checkPenaltyFactors(io.sparkglm.core.fit.GlmSpec spec, int numFeatures) {
    spec.checkFeatureCount(numFeatures, "option --penalty-factors", "option --lower-bounds",
        "option --upper-bounds");
  }
}
