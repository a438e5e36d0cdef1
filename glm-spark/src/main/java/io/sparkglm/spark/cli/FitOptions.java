package io.sparkglm.spark.cli;

import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.train.GlmTrainer;
import io.sparkglm.spark.train.MultinomialTrainer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of a fit, shared by {@code train} and {@code path}, in the help's groups (data, model, penalty,
 * solver, stopping, Spark, outputs). The solvers' own flags are added to the command at run time from the
 * solver plug-ins ({@link SolverOptionSpecs}). Fields hold the raw values; {@link TrainCommand#plan} turns them
 * into typed specs, once.
 */
abstract class FitOptions {
  /** The data group. */
  static final class Data {
    @Option(names = "--data", paramLabel = "<path>", required = true,
        description = "Training data: a LIBSVM, CSV (with a header) or Parquet file or directory; any Hadoop path.")
    String path;

    @Option(names = "--format", paramLabel = "<format>", completionCandidates = Formats.class,
        converter = Formats.class,
        description = "The data format. Allowed: ${COMPLETION-CANDIDATES}. Default: from the extension.")
    String format;

    @Option(names = "--label-col", paramLabel = "<col>", defaultValue = DataSpec.DEFAULT_LABEL_COL,
        description = "The label column (CSV, Parquet). Default: ${DEFAULT-VALUE}.")
    String labelCol = DataSpec.DEFAULT_LABEL_COL;

    @Option(names = "--weight-col", paramLabel = "<col>", description = "A column of row weights (>= 0; rows "
        + "with weight 0 are dropped). Default: none.")
    String weightCol;

    @Option(names = "--offset-col", paramLabel = "<col>", description = "A column of offsets added to eta. "
        + "Default: none.")
    String offsetCol;

    @Option(names = "--features-col", paramLabel = "<col>", defaultValue = DataSpec.DEFAULT_FEATURES_COL,
        description = "Parquet: the features vector column. Default: ${DEFAULT-VALUE}.")
    String featuresCol = DataSpec.DEFAULT_FEATURES_COL;

    @Option(names = "--feature-cols", paramLabel = "<c1,c2,glob*>", description = "Parquet: numeric feature "
        + "columns, comma-separated, globs allowed (taken in file order). Default: every numeric column but "
        + "label, weight and offset, when there is no features column.")
    String featureCols;

    @Option(names = "--num-features", paramLabel = "<int>", defaultValue = "-1", description = "LIBSVM: the "
        + "number of features p. Default: inferred with one extra job.")
    int numFeatures = -1;
  }

  /** The model group. */
  static final class Model {
    @Option(names = "--family", paramLabel = "<family>", required = true, completionCandidates = Families.class,
        converter = Families.class, description = "The response distribution. Allowed: ${COMPLETION-CANDIDATES} "
            + "(softmax regression, labels 0..K-1).")
    String family;

    @Option(names = "--num-classes", paramLabel = "<int>", description = "Multinomial: the number of classes K "
        + "(labels 0..K-1, every class with rows). Default: the largest label plus one.")
    Integer numClasses;

    @Option(names = "--link", paramLabel = "<link>", completionCandidates = Links.class, converter = Links.class,
        description = "The link "
        + "function. Allowed: ${COMPLETION-CANDIDATES}. Default: the family's canonical link (log for tweedie).")
    String link;

    @Option(names = "--variance-power", paramLabel = "<num>", description = "Tweedie's variance power, in [1, 2] "
        + "(required for tweedie).")
    Double variancePower;

    @Option(names = "--theta", paramLabel = "<num>", description = "The negative binomial's theta > 0, held "
        + "fixed (V(mu) = mu + mu^2/theta, as MASS; H2O's and statsmodels' alpha is 1/theta). Default (train): "
        + "estimated by maximum likelihood, alternating with the coefficients (MASS::glm.nb); path needs it.")
    Double theta;

    @Option(names = "--fit-intercept", paramLabel = "<bool>", arity = "1", defaultValue = "true",
        description = "Fit an intercept (true|false). Default: ${DEFAULT-VALUE}.")
    boolean fitIntercept = true;
  }

  /** The penalty group. */
  static final class Penalty {
    @Option(names = "--reg-param", paramLabel = "<num>", defaultValue = "0", description = "The penalty "
        + "strength lambda >= 0. Default: ${DEFAULT-VALUE} (no penalty).")
    double regParam;

    @Option(names = "--elastic-net", paramLabel = "<num>", defaultValue = "0", description = "The elastic-net "
        + "mixing alpha in [0, 1]: 0 ridge (L2), 1 lasso (L1). Default: ${DEFAULT-VALUE}.")
    double elasticNet;

    @Option(names = "--penalty-factors", paramLabel = "<f1,...,fp>", split = ",", description = "glmnet's "
        + "penalty.factor: one number >= 0 per feature, used as given (the penalty is lambda * sum_j f_j "
        + "(alpha |b_j| + (1-alpha)/2 b_j^2)); 0 leaves a feature unpenalized. Default: all 1.")
    double[] penaltyFactors;

    @Option(names = "--lower-bounds", paramLabel = "<l1,...,lp>", split = ",", converter = Bound.class,
        description = "glmnet's lower.limits: one lower bound per feature on its original-scale coefficient "
            + "(-inf for none; the intercept is never bounded). Default: none.")
    double[] lowerBounds;

    @Option(names = "--upper-bounds", paramLabel = "<u1,...,up>", split = ",", converter = Bound.class,
        description = "glmnet's upper.limits: one upper bound per feature, each >= its lower bound (inf for "
            + "none). Default: none.")
    double[] upperBounds;

    @Option(names = "--standardize", paramLabel = "<bool>", arity = "1", defaultValue = "true",
        description = "Penalize the standardized coefficients (true|false); the answer is on the original "
            + "scale. Default: ${DEFAULT-VALUE}.")
    boolean standardize = true;
  }

  /** The solver group; the solvers and their own options are listed in the help's solver section. */
  static final class Solver {
    @Option(names = "--solver", paramLabel = "<solver>", defaultValue = GlmSpec.AUTO,
        completionCandidates = SolverOptionSpecs.Names.class, description = "The solver. Allowed: "
            + "${COMPLETION-CANDIDATES} (found at run time; see Solvers below). Default: ${DEFAULT-VALUE}.")
    String name = GlmSpec.AUTO;

    @Option(names = "--solver-option", paramLabel = "<key=value>", description = "An option of the chosen "
        + "solver (repeatable); the options of each solver are listed under it below.")
    List<String> options = new ArrayList<>();

    @Option(names = "--initial-model", paramLabel = "<dir>", description = "Start from a saved model's "
        + "coefficients (a warm start): a --save-model directory, a spark.ml GlmRegressionModel's or "
        + "MultinomialRegressionModel's save, or a train --out directory; same family (and K) and feature count. "
        + "Default: the intercept-only start.")
    String initialModel;

    @Option(names = "--aggregation-depth", paramLabel = "<int>",
        defaultValue = "" + GlmTrainer.DEFAULT_AGGREGATION_DEPTH, description = "The depth of Spark's "
            + "treeAggregate for each data pass. Default: ${DEFAULT-VALUE}.")
    int aggregationDepth = GlmTrainer.DEFAULT_AGGREGATION_DEPTH;

    @Option(names = "--aggregation", paramLabel = "<mode>", defaultValue = "tree", description = "How newton, "
        + "lbfgs, proxgrad and gd combine their data passes: tree (the solver on the driver, one Spark job per pass, "
        + "an ordered treeAggregate) or allreduce (the whole solver loop in every task of one barrier stage, the "
        + "tasks all-gathering their sums each pass: no job per pass; the same answer). Default: ${DEFAULT-VALUE}.")
    String aggregation = "tree";
  }

  /** The stopping group. */
  static final class Stopping {
    @Option(names = "--max-iter", paramLabel = "<int>", defaultValue = "" + StoppingRule.DEFAULT_MAX_ITERATIONS,
        description = "The most iterations (model updates or rounds for the stochastic solvers; async-admm: rounds "
            + "of N consensus updates, N the partitions). "
            + "Default: ${DEFAULT-VALUE}.")
    int maxIter = StoppingRule.DEFAULT_MAX_ITERATIONS;

    @Option(names = "--tol", paramLabel = "<num>", defaultValue = "" + StoppingRule.DEFAULT_TOLERANCE,
        description = "The bound on the certified KKT violation at the answer. Default: ${DEFAULT-VALUE}.")
    double tol = StoppingRule.DEFAULT_TOLERANCE;
  }

  /** The Spark group. */
  static final class Spark {
    @Option(names = "--master", paramLabel = "<url>", description = "Spark's master when none is configured "
        + "(scripts/sparkglm hands it to spark-submit, with --conf KEY=VALUE). Default: local[*].")
    String master;

    @Option(names = "--partitions", paramLabel = "<int>", defaultValue = "0", description = "Partitions of the "
        + "cached blocks. Default: about 128 MB of input each (Spark's maxPartitionBytes).")
    int partitions;

    @Option(names = "--block-rows", paramLabel = "<int>", defaultValue = "" + BlockBuilder.DEFAULT_BLOCK_ROWS,
        description = "Rows per cached block. Default: ${DEFAULT-VALUE}.")
    int blockRows = BlockBuilder.DEFAULT_BLOCK_ROWS;
  }

  /** The outputs group. */
  static final class Outputs {
    @Option(names = "--out", paramLabel = "<dir>", required = true, description = "The output directory, "
        + "written when the job succeeded; refused when not empty unless --overwrite.")
    String out;

    @Option(names = "--save-model", paramLabel = "<dir>", description = "Also save a spark.ml model (with its "
        + "summary) there. Default: none.")
    String saveModel;

    @Option(names = "--overwrite", arity = "0..1", paramLabel = "<bool>", fallbackValue = "true",
        description = "Replace a non-empty --out or --save-model.")
    boolean overwrite;

    @Option(names = "--checkpoint-dir", paramLabel = "<dir>", description = "Save the solver's state there "
        + "(any Hadoop path; newton, proxgrad, gd, admm). Default: none.")
    String checkpointDir;

    @Option(names = "--checkpoint-every", paramLabel = "<int>", description = "Iterations between checkpoints "
        + "(and at least one a minute). Default: " + CHECKPOINT_EVERY + ".")
    Integer checkpointEvery;

    @Option(names = "--resume", arity = "0..1", paramLabel = "<bool>", fallbackValue = "true",
        description = "Continue from the latest checkpoint in --checkpoint-dir.")
    boolean resume;
  }

  /** The {@code --family} value of multinomial (softmax) regression, fitted by {@link MultinomialTrainer}. */
  static final String MULTINOMIAL = "multinomial";

  /** Iterations between checkpoints when {@code --checkpoint-every} is not given. */
  static final int CHECKPOINT_EVERY = 10;

  @ArgGroup(validate = false, heading = "%nData:%n", order = 1)
  Data data = new Data();

  @ArgGroup(validate = false, heading = "%nModel:%n", order = 2)
  Model model = new Model();

  @ArgGroup(validate = false, heading = "%nPenalty:%n", order = 3)
  Penalty penalty = new Penalty();

  @ArgGroup(validate = false, heading = "%nSolver:%n", order = 4)
  Solver solver = new Solver();

  @ArgGroup(validate = false, heading = "%nStopping:%n", order = 6)
  Stopping stopping = new Stopping();

  @ArgGroup(validate = false, heading = "%nSpark:%n", order = 7)
  Spark spark = new Spark();

  @ArgGroup(validate = false, heading = "%nOutputs:%n", order = 8)
  Outputs outputs = new Outputs();

  /**
   * Refuses a command without {@code --data}, {@code --family} or {@code --out} (picocli checks required
   * options only outside the help's groups), naming them.
   */
  void requireOptions() {
    List<String> missing = new ArrayList<>();
    if (data.path == null) {
      missing.add("--data=<path>");
    }
    if (model.family == null) {
      missing.add("--family=<family>");
    }
    if (outputs.out == null) {
      missing.add("--out=<dir>");
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing required option" + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing));
    }
  }

  /** The data spec, its format from {@code --format} or the extension. */
  DataSpec dataSpec() {
    DataFormat format = data.format == null ? DataFormat.fromPath(data.path) : DataFormat.parse(data.format);
    DataSpec spec = new DataSpec(data.path, format, data.labelCol, data.featuresCol, data.weightCol,
        data.offsetCol, data.numFeatures, spark.partitions, spark.blockRows);
    if (data.featureCols != null) {
      spec = spec.withFeatureCols(java.util.Arrays.stream(data.featureCols.split(",")).map(String::strip).toList());
    }
    return spec;
  }

  /** Whether {@code --family multinomial} was given. */
  boolean multinomial() {
    return model.family != null && model.family.strip().equalsIgnoreCase(MULTINOMIAL);
  }

  /**
   * Refuses {@code --num-classes} without {@code --family multinomial}, and with it what multinomial fits do not
   * support yet, naming the option; a solver that does not fit them is named with those that do.
   *
   * @param solverFlags the solver flags given (e.g. {@code --learning-rate}), by flag name without dashes
   */
  void checkMultinomial(java.util.Set<String> solverFlags) {
    if (!multinomial()) {
      if (model.numClasses != null) {
        throw new IllegalArgumentException("option --num-classes is for --family multinomial only");
      }
      return;
    }
    check(model.numClasses == null || model.numClasses >= 2, "--num-classes", model.numClasses, "an integer >= 2");
    String solverName = solver.name.strip().toLowerCase(java.util.Locale.ROOT);
    if (!List.of(MultinomialTrainer.SOLVER_NAMES.split(", ")).contains(solverName)) {
      throw new IllegalArgumentException("option --solver: " + solver.name + " does not fit multinomial models; "
          + "use one of " + MultinomialTrainer.SOLVER_NAMES);
    }
    java.util.Map<String, Boolean> unsupported = new java.util.LinkedHashMap<>();
    unsupported.put("--link", model.link != null);
    unsupported.put("--variance-power", model.variancePower != null);
    unsupported.put("--theta", model.theta != null);
    unsupported.put("--fit-intercept false", !model.fitIntercept);
    unsupported.put("--offset-col", data.offsetCol != null);
    unsupported.put("--lower-bounds", penalty.lowerBounds != null);
    unsupported.put("--upper-bounds", penalty.upperBounds != null);
    unsupported.put("--solver-option", !solver.options.isEmpty());
    unsupported.put("--aggregation allreduce", io.sparkglm.spark.train.Aggregation.parse(solver.aggregation)
        == io.sparkglm.spark.train.Aggregation.ALLREDUCE);
    for (String flag : new java.util.TreeSet<>(solverFlags)) {
      unsupported.put("--" + flag, true);
    }
    unsupported.forEach((option, given) -> {
      if (given) {
        throw new IllegalArgumentException("option " + option + " is not supported with --family multinomial yet");
      }
    });
  }

  /** The model spec: family, link, penalty, solver and stopping rule. */
  GlmSpec glmSpec() {
    // The spec constructors check these too, naming the fields; here they are named as the user typed them.
    check(Double.isFinite(penalty.regParam) && penalty.regParam >= 0, "--reg-param", penalty.regParam,
        "a finite number >= 0");
    check(penalty.elasticNet >= 0 && penalty.elasticNet <= 1, "--elastic-net", penalty.elasticNet,
        "a number in [0, 1] (0 ridge, 1 lasso)");
    check(stopping.maxIter >= 1, "--max-iter", stopping.maxIter, "an integer >= 1");
    check(stopping.tol > 0 && Double.isFinite(stopping.tol), "--tol", stopping.tol, "a finite number > 0");
    if (model.theta != null) {
      check(model.theta > 0 && Double.isFinite(model.theta), "--theta", model.theta, "a finite number > 0");
      check(model.family.strip().equalsIgnoreCase("negative-binomial"), "--theta", model.theta
          + " with --family " + model.family, "given with --family negative-binomial only");
    }
    if (multinomial()) {
      // MultinomialTrainer takes the penalty, standardization, solver and stopping rule from the spec, not its family
      // or link; the family is a placeholder.
      return new GlmSpec(Family.gaussian(), null, penalty.regParam, penalty.elasticNet, penalty.standardize,
          model.fitIntercept, solver.name, new StoppingRule(stopping.maxIter, stopping.tol,
          StoppingRule.DEFAULT_OBJECTIVE_TOLERANCE), penalty.penaltyFactors);
    }
    Family family = Family.parse(model.family, model.variancePower == null ? Double.NaN : model.variancePower,
        model.theta == null ? Double.NaN : model.theta);
    Link link = model.link == null ? family.defaultLink() : Link.parse(model.link);
    StoppingRule stop = new StoppingRule(stopping.maxIter, stopping.tol, StoppingRule.DEFAULT_OBJECTIVE_TOLERANCE);
    try {
      GlmSpec.checkBounds(penalty.lowerBounds, penalty.upperBounds);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("options --lower-bounds / --upper-bounds: " + e.getMessage(), e);
    }
    return new GlmSpec(family, link, penalty.regParam, penalty.elasticNet, penalty.standardize,
        model.fitIntercept, solver.name, stop, penalty.penaltyFactors, penalty.lowerBounds, penalty.upperBounds);
  }

  /** A bound: a number, or {@code inf}, {@code +inf}, {@code -inf} (also {@code Infinity}, any case). */
  static final class Bound implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (v.equals("inf") || v.equals("+inf") || v.equals("infinity") || v.equals("+infinity")) {
        return Double.POSITIVE_INFINITY;
      }
      if (v.equals("-inf") || v.equals("-infinity")) {
        return Double.NEGATIVE_INFINITY;
      }
      try {
        double d = Double.parseDouble(v);
        if (Double.isNaN(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number, inf or -inf");
      }
    }
  }

  private static void check(boolean ok, String flag, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException("option " + flag + ": " + value + " is not allowed; it must be " + allowed);
    }
  }

  /** Allowed values of {@code --family}, and its check (naming the value and the families). */
  static final class Families extends ArrayList<String> implements ITypeConverter<String> {
    private static final long serialVersionUID = 1L;

    Families() {
      super(Family.names());
      add(MULTINOMIAL);
    }

    @Override
    public String convert(String value) {
      if (!contains(value.strip().toLowerCase(java.util.Locale.ROOT))) {
        throw new TypeConversionException("unknown family '" + value + "'; known families: "
            + String.join(", ", this));
      }
      return value;
    }
  }

  /** Allowed values of {@code --format}, and its check ({@link DataFormat#parse}'s message). */
  static final class Formats extends ArrayList<String> implements ITypeConverter<String> {
    private static final long serialVersionUID = 1L;

    Formats() {
      super(List.of("libsvm", "csv", "parquet"));
    }

    @Override
    public String convert(String value) {
      try {
        DataFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      return value;
    }
  }

  /** Allowed values of {@code --link}, and its check ({@link Link#parse}'s message). */
  static final class Links extends ArrayList<String> implements ITypeConverter<String> {
    private static final long serialVersionUID = 1L;

    Links() {
      super(List.of("identity", "log", "logit", "probit", "cloglog", "inverse", "sqrt"));
    }

    @Override
    public String convert(String value) {
      try {
        Link.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
      return value;
    }
  }
}
