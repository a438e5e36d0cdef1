package io.sparkglm.spark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkglm.core.fit.CvCurve;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.eval.BlockStorage;
import io.sparkglm.spark.ml.FoldColumn;
import io.sparkglm.spark.solver.SolverRegistry;
import io.sparkglm.spark.train.CrossValidation;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.FoldAssignment;
import io.sparkglm.spark.train.GlmTrainer;
import io.sparkglm.spark.train.PhaseClock;
import io.sparkglm.spark.train.RegularizationPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkglm cv}: K-fold cross validation of a regularization path ({@link CrossValidation}, as R's
 * {@code cv.glmnet} with {@code type.measure = "deviance"}, grouped), then the fit on all the data at the chosen
 * lambda. Writes {@code DIR/cv.json} (lambdas, cvm, cvsd, lambdaMin, lambda1se, the per-fold figures),
 * {@code DIR/cv.svg} (the curve with its error bars, lambdaMin and lambda1se marked), {@code DIR/summary.json}
 * (the final fit, as train writes it) and {@code DIR/model} (the final model, as train's {@code --save-model}
 * saves it: {@code predict} and {@code summary} read it). Takes the options of {@code path}.
 */
@Command(name = "cv", sortOptions = false,
    description = {"Cross-validate a regularization path (K folds, held-out deviance as cv.glmnet computes it), "
        + "then fit all the data at the chosen lambda; write DIR/cv.json, DIR/cv.svg, DIR/summary.json and the "
        + "model DIR/model.",
        "Takes the options of path; --save-model is refused (the model goes to DIR/model)."},
    customSynopsis = "sparkglm cv --data <path> --family <family> --out <dir> [--folds <int>] [--fold-seed <long>] "
        + "[--fold-col <column>] "
        + "[--select min|1se] [--n-lambda <int> | --lambdas <lambda>,...] [OPTIONS]")
final class CvCommand extends PathCommand {
  /** What the final model uses. */
  enum Selection {
    MIN, ONE_SE
  }

  /** The cross-validation group. */
  static final class Folds {
    @Option(names = "--folds", paramLabel = "<int>", defaultValue = "" + FoldAssignment.DEFAULT_FOLDS,
        description = "The number of folds K (>= 2); rows are dealt into folds as cv.glmnet does (sizes differ by "
            + "at most one). Default: ${DEFAULT-VALUE}.")
    int folds = FoldAssignment.DEFAULT_FOLDS;

    @Option(names = "--fold-seed", paramLabel = "<long>", defaultValue = "1",
        description = "The seed of the fold assignment (--seed is the stochastic solvers' seed). Default: "
            + "${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--fold-col", paramLabel = "<column>",
        description = "Parquet data only: an integer column of fold ids 0..K-1 (R's foldid minus 1), used instead of "
            + "--folds and --fold-seed and never as a feature; every fold needs rows.")
    String foldCol;

    @Option(names = "--select", paramLabel = "min|1se", defaultValue = "min",
        description = "The lambda of the final model: min (the smallest mean deviance) or 1se (the largest lambda "
            + "within one standard error of it; cv.glmnet's predict default). Default: ${DEFAULT-VALUE}.")
    String select = "min";
  }

  /** The parsed command. */
  record CvPlan(PathCommand.Plan path, int folds, long seed, Selection selection, String foldCol) {
  }

  @ArgGroup(validate = false, heading = "%nCross validation:%n", order = 0)
  Folds cv = new Folds();

  /** The typed plan, checked before Spark starts. */
  CvPlan cvPlan(SolverRegistry registry) {
    if (cv.folds < 2) {
      throw new IllegalArgumentException("--folds must be >= 2, got " + cv.folds);
    }
    Selection selection = switch (cv.select) {
      case "min" -> Selection.MIN;
      case "1se" -> Selection.ONE_SE;
      default -> throw new IllegalArgumentException("--select must be min or 1se, got '" + cv.select + "'");
    };
    PathCommand.Plan path = pathPlan(registry);
    if (path.train().saveModel() != null) {
      throw new IllegalArgumentException("sparkglm cv does not take --save-model; the model is written to "
          + path.train().out().resolve("model"));
    }
    if (cv.foldCol != null && path.train().data().format() != io.sparkglm.spark.data.DataFormat.PARQUET) {
      throw new IllegalArgumentException("--fold-col needs Parquet data (in CSV every column but the label, weight and "
          + "offset columns is a feature; LIBSVM rows have no named columns); " + path.train().data().path() + " is "
          + path.train().data().format().name().toLowerCase(java.util.Locale.ROOT));
    }
    return new CvPlan(path, cv.folds, cv.seed, selection, cv.foldCol);
  }

  static void run(SparkSession spark, CvPlan plan, PhaseClock clock) throws IOException {
    TrainCommand.Plan t = plan.path().train();
    checkPathOptions(t, "cv");
    FoldColumn.Folded folded = plan.foldCol() == null ? null : withFolds(spark, t.data(), plan.foldCol(),
        t.spec().family());
    LoadedData data = folded == null ? BlockLoader.load(spark, t.data(), t.spec().family()) : folded.data();
    FoldAssignment folds = folded == null ? FoldAssignment.random(plan.folds(), plan.seed()) : folded.folds();
    GlmSpec spec = t.spec();
    JavaRDD<io.sparkglm.core.data.Block> blocks = data.blocks();
    CrossValidation.Result r;
    FitResult fit;
    try {
      TrainCommand.checkPenaltyFactors(t.spec(), data.numFeatures());
      blocks.persist(BlockStorage.level(spark.sparkContext()));
      blocks.setName("sparkglm training blocks (cv)");
      CrossValidation cv = new CrossValidation(t.aggregationDepth(), t.solverOptions(), plan.path().warmStart());
      r = cv.fit(spec, blocks, data.numFeatures(), data.hasOffsets(), plan.path().lambdas(), plan.path().count(),
          folds, action -> {
            var stats = BlockLoader.runAction(action);
            BlockLoader.requireNonEmpty(stats.rows(), data.source());
            return stats;
          });
      int chosen = plan.selection() == Selection.MIN ? r.curve().indexMin() : r.curve().index1se();
      RegularizationPath.Point point = r.path().points().get(chosen);
      fit = new GlmTrainer(t.aggregationDepth(), t.solverOptions())
          .withStatistics(data.featureNames(), data.hasOffsets())
          .withStart(new GlmTrainer.Start("the cross-validated path at lambda " + point.lambda(),
              spec.family().name(), point.coefficients(), point.intercept()))
          .fit(spec.withPenalty(point.lambda(), spec.elasticNetParam()), blocks, data.numFeatures(), s -> s.get());
    } finally {
      blocks.unpersist(false);
      if (folded != null) {
        folded.close();
      }
    }
    clock.lap("cv");
    try (OutputDirectory.Staged out = OutputDirectory.stage("--out", t.out(), t.overwrite())) {
      SummaryWriter.write(out.path(), t.data(), data, fit, 0.0, spark.version(), clock.seconds());
      Files.writeString(out.path().resolve("cv.json"), json(r, plan));
      Files.writeString(out.path().resolve("cv.svg"), CvPlot.render(r.curve()));
      Path model = out.path().resolve("model");
      ModelFiles.save(t, fit, model, out.path().resolve(SummaryWriter.FILE));
      out.commit();
    }
  }

  /**
   * The Parquet data of {@code spec} with the folds of its column {@code foldCol} ({@link FoldColumn}: the fold column
   * is not a feature; ids and rows are read from one cached copy).
   */
  private static FoldColumn.Folded withFolds(SparkSession spark, DataSpec spec, String foldCol,
      io.sparkglm.core.data.LabelValidator labels) {
    Dataset<Row> df = spark.read().parquet(spec.path());
    FoldColumn.requireIntegral(df.schema(), foldCol);
    List<String> features = FoldColumn.features(df.schema(), spec.path(), spec.featuresCol(), spec.featureCols(),
        spec.labelCol(), spec.weightCol(), spec.offsetCol(), foldCol, true);
    return FoldColumn.load(df, spec.labelCol(), spec.featuresCol(), features, spec.weightCol(), spec.offsetCol(),
        foldCol, labels, spec.partitions(), spec.blockRows());
  }

  /** cv.json: the curve, the chosen lambdas and the per-fold figures. */
  static String json(CrossValidation.Result r, CvPlan plan) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    CvCurve c = r.curve();
    root.put("folds", r.foldWeights().length);
    if (plan.foldCol() == null) {
      root.put("seed", plan.seed());
    } else {
      root.put("foldCol", plan.foldCol());
    }
    root.put("typeMeasure", "deviance");
    root.put("selection", plan.selection() == Selection.MIN ? "min" : "1se");
    root.put("lambdaMin", c.lambdaMin());
    root.put("lambda1se", c.lambda1se());
    root.put("indexMin", c.indexMin());
    root.put("index1se", c.index1se());
    put(root.putArray("lambdas"), c.lambdas());
    put(root.putArray("cvm"), c.cvm());
    put(root.putArray("cvsd"), c.cvsd());
    put(root.putArray("nonZeros"), r.path().points().stream().mapToInt(RegularizationPath.Point::nonZeros)
        .toArray());
    ArrayNode folds = root.putArray("perFold");
    for (int k = 0; k < r.foldWeights().length; k++) {
      ObjectNode f = folds.addObject();
      f.put("fold", k + 1);
      f.put("heldOutRows", r.foldRows()[k]);
      f.put("heldOutWeight", r.foldWeights()[k]);
      put(f.putArray("deviance"), r.foldDeviance()[k]);
      put(f.putArray("nonZeros"), r.foldNonZeros()[k]);
    }
    root.put("passes", r.passes());
    return mapper.writeValueAsString(root);
  }

  private static void put(ArrayNode a, double[] values) {
    for (double v : values) {
      a.add(v);
    }
  }

  private static void put(ArrayNode a, int[] values) {
    for (int v : values) {
      a.add(v);
    }
  }
}
