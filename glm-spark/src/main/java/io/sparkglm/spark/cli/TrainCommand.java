package io.sparkglm.spark.cli;

import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.solver.SolverProvider;
import io.sparkglm.spark.solver.SolverRegistry;
import io.sparkglm.spark.train.PhaseClock;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sparkglm train}: load data, fit, write {@code DIR/summary.json}. Every flag is parsed and validated
 * before Spark does any work (an existing non-empty {@code --out} or {@code --save-model} is refused unless
 * {@code --overwrite}), and the output directories are written only after a successful fit, each renamed into place
 * when complete ({@link OutputDirectory}).
 */
final class TrainCommand {
  /** The flags of train itself; the solvers' named flags are added from the registry ({@link #flags}). */
  static final Set<String> OWN_FLAGS = Set.of("data", "format", "label-col", "weight-col", "offset-col",
      "features-col", "feature-cols", "num-features", "family", "link", "variance-power", "solver", "solver-option",
      "reg-param", "elastic-net", "standardize", "fit-intercept", "max-iter", "tol", "partitions", "block-rows",
      "aggregation-depth", "master", "out", "save-model", "overwrite", "checkpoint-dir", "checkpoint-every",
      "resume");
  static final Set<String> REPEATABLE = Set.of("solver-option");
  static final Set<String> SWITCHES = Set.of("overwrite", "resume");

  /** The usage line; {@code SOLVERS} stands for the registered solver names (see {@link #usage()}). */
  static final String USAGE = "usage: sparkglm train --data PATH [--format libsvm|csv|parquet] [--label-col C]"
      + " [--weight-col C] [--offset-col C] [--features-col C | --feature-cols C1,C2,GLOB*] [--num-features P]"
      + " --family F [--link L] [--variance-power P] [--solver SOLVERS] [--solver-option KEY=VALUE]... [--reg-param LAMBDA]"
      + " [--elastic-net ALPHA] [--standardize true|false] [--fit-intercept true|false] [--max-iter N] [--tol T]"
      + " [--partitions K] [--block-rows B] [--aggregation-depth D] [--master URL] [--save-model DIR] [--overwrite]"
      + " [--checkpoint-dir DIR [--checkpoint-every N] [--resume]] --out DIR";

  /** Train's flags and every registered solver's named flags ({@link SolverProvider#flags()}). */
  static Set<String> flags(SolverRegistry registry) {
    Set<String> all = new java.util.HashSet<>(OWN_FLAGS);
    all.addAll(registry.flags().keySet());
    return Set.copyOf(all);
  }

  /**
   * The usage with the solvers found at run time ({@link SolverRegistry#load()}: {@code auto|name|...}) in the
   * {@code --solver} list, the solvers' named flags, then one line per solver with its description and flags.
   */
  static String usage() {
    SolverRegistry registry = SolverRegistry.load();
    StringBuilder text = new StringBuilder(USAGE.replace("SOLVERS",
        SolverRegistry.AUTO + "|" + String.join("|", registry.names())));
    if (!registry.flags().isEmpty()) {
      text.append(" (solver flags, each sugar for --solver-option:");
      registry.flags().values().forEach(f -> text.append(" [--").append(f.flag()).append(' ').append(f.value())
          .append(']'));
      text.append(')');
    }
    text.append("\nsolvers:\n  ").append(SolverRegistry.AUTO).append(": newton up to ")
        .append(SolverRegistry.AUTO_NEWTON_MAX_FEATURES).append(" features, else lbfgs");
    for (String name : registry.names()) {
      SolverProvider p = registry.provider(name);
      text.append("\n  ").append(name).append(": ").append(p.description());
      if (!p.flags().isEmpty()) {
        text.append(" (flags: ").append(String.join(" ", p.flags().stream().map(f -> "--" + f.flag()).toList()))
            .append(')');
      }
    }
    return text.toString();
  }

  /** The parsed command. */
  record Plan(DataSpec data, GlmSpec spec, Path out, int aggregationDepth, Map<String, String> solverOptions,
      String master, Path saveModel, boolean overwrite, GlmTrainer.Checkpointing checkpointing) {
  }

  private TrainCommand() {
  }

  static Plan parse(String[] args) {
    return parse(args, OWN_FLAGS);
  }

  /**
   * Parses the flags {@code own} (train's, or a command's that extends them) and the registered solvers'
   * named flags.
   */
  static Plan parse(String[] args, Set<String> own) {
    SolverRegistry registry = SolverRegistry.load();
    Set<String> known = new java.util.HashSet<>(own);
    known.addAll(registry.flags().keySet());
    Arguments a = Arguments.parse(args, 1, known, REPEATABLE, SWITCHES);
    String path = a.required("data");
    DataFormat format = a.string("format", null) == null ? DataFormat.fromPath(path)
        : DataFormat.parse(a.string("format", null));
    DataSpec data = new DataSpec(path, format, a.string("label-col", DataSpec.DEFAULT_LABEL_COL),
        a.string("features-col", DataSpec.DEFAULT_FEATURES_COL), a.string("weight-col", null),
        a.string("offset-col", null), a.integer("num-features", -1), a.integer("partitions", 0),
        a.integer("block-rows", io.sparkglm.core.data.BlockBuilder.DEFAULT_BLOCK_ROWS));
    String featureCols = a.string("feature-cols", null);
    if (featureCols != null) {
      data = data.withFeatureCols(java.util.Arrays.stream(featureCols.split(",")).map(String::strip).toList());
    }
    Family family = Family.parse(a.required("family"), a.number("variance-power", Double.NaN));
    String linkName = a.string("link", null);
    Link link = linkName == null ? family.defaultLink() : Link.parse(linkName);
    StoppingRule stop = new StoppingRule(a.integer("max-iter", StoppingRule.DEFAULT_MAX_ITERATIONS),
        a.number("tol", StoppingRule.DEFAULT_TOLERANCE), StoppingRule.DEFAULT_OBJECTIVE_TOLERANCE);
    GlmSpec spec = new GlmSpec(family, link, a.number("reg-param", 0.0), a.number("elastic-net", 0.0),
        a.bool("standardize", true), a.bool("fit-intercept", true), a.string("solver", GlmSpec.AUTO), stop);
    Map<String, String> options = new LinkedHashMap<>();
    for (String kv : a.all("solver-option")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--solver-option must look like KEY=VALUE, got '" + kv + "'");
      }
      options.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    addSolverOptionFlags(a, registry, options, spec.solver());
    Plan plan = new Plan(data, spec, Path.of(a.required("out")), a.integer("aggregation-depth",
        GlmTrainer.DEFAULT_AGGREGATION_DEPTH), options, a.string("master", null),
        a.string("save-model", null) == null ? null : Path.of(a.string("save-model", null)),
        a.bool("overwrite", false), checkpointing(a));
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

  /** {@code --checkpoint-dir}, {@code --checkpoint-every} (default 10) and {@code --resume}, or null. */
  private static GlmTrainer.Checkpointing checkpointing(Arguments a) {
    String dir = a.string("checkpoint-dir", null);
    if (dir == null) {
      if (a.string("checkpoint-every", null) != null || a.bool("resume", false)) {
        throw new IllegalArgumentException("--checkpoint-every and --resume need --checkpoint-dir");
      }
      return null;
    }
    return new GlmTrainer.Checkpointing(dir, a.integer("checkpoint-every", 10), a.bool("resume", false));
  }

  /**
   * Adds the solvers' named flags ({@link SolverProvider#flags()}) to {@code options} (modified), checking them
   * against the chosen solver's options unless the solver is {@code auto} (the trainer checks then).
   */
  private static void addSolverOptionFlags(Arguments a, SolverRegistry registry, Map<String, String> options,
      String solver) {
    java.util.Set<String> accepted = GlmSpec.AUTO.equals(solver) ? null : registry.provider(solver).options();
    for (SolverProvider.OptionFlag f : registry.flags().values()) {
      String v = a.string(f.flag(), null);
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
    long t0 = System.nanoTime();
    LoadedData data = BlockLoader.load(spark, plan.data(), plan.spec().family());
    GlmTrainer trainer = new GlmTrainer(plan.aggregationDepth(), plan.solverOptions())
        .withStatistics(data.featureNames(), data.hasOffsets());
    if (plan.checkpointing() != null) {
      trainer = trainer.withCheckpoints(plan.checkpointing());
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
}
