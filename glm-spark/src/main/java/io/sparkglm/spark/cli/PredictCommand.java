package io.sparkglm.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.ml.GlmRegressionModel;
import io.sparkglm.spark.ml.MultinomialRegressionModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkglm predict --model DIR --data PATH --out PATH [--format F]}: scores data with a model saved by {@code
 * sparkglm train --save-model}, writing the input's scalar columns plus {@code linkPrediction} (eta) and {@code
 * prediction} (mu), or for a multinomial model {@code prediction} (the class index) and {@code
 * probability_0..probability_(K-1)} (the class probabilities): Parquet, or CSV when {@code --out} ends in {@code .csv}
 * (a directory, refused when not empty unless {@code --overwrite}, renamed into place when complete: {@link
 * OutputDirectory}; a URI ({@code hdfs://...}) is written by Spark directly, refused at write time when it exists
 * unless {@code --overwrite}, without the rename). CSV input is assembled from the feature columns named in the model's
 * summary (the training CSV's header); LIBSVM is read with the model's feature count. The model directory is checked
 * before Spark starts ({@link ModelFiles#open}).
 */
@Command(name = "predict", sortOptions = false,
    description = "Score data with a model saved by train --save-model: the input's scalar columns plus "
        + "linkPrediction (eta) and prediction (mu), or for a multinomial model prediction (the class index) and "
        + "probability_0..probability_<K-1>, as Parquet, or CSV when --out ends in .csv.")
final class PredictCommand {
  /** The parsed command. */
  record Plan(Path model, String data, DataFormat format, String out, String master, boolean overwrite,
      JsonNode summary) {
  }

  @Option(names = "--model", paramLabel = "<dir>", required = true, order = 1,
      description = "The model directory (train --save-model).")
  String model;

  @Option(names = "--data", paramLabel = "<path>", required = true, order = 2,
      description = "The data to score: LIBSVM, CSV (with the training header's feature columns) or Parquet.")
  String data;

  @Option(names = "--format", paramLabel = "<format>", order = 3, completionCandidates = FitOptions.Formats.class,
      converter = FitOptions.Formats.class,
      description = "The data format. Allowed: ${COMPLETION-CANDIDATES}. Default: from the extension.")
  String format;

  @Option(names = "--out", paramLabel = "<path>", required = true, order = 4, description = "Where the "
      + "predictions go: a directory (Parquet, or CSV when it ends in .csv), or a URI written by Spark directly.")
  String out;

  @Option(names = "--master", paramLabel = "<url>", order = 5,
      description = "Spark's master when none is configured. Default: local[*].")
  String master;

  @Option(names = "--overwrite", arity = "0..1", paramLabel = "<bool>", fallbackValue = "true", order = 6,
      description = "Replace a non-empty --out.")
  boolean overwrite;

  /** The typed plan, the model directory and {@code --out} checked before Spark starts. */
  Plan plan() {
    DataFormat dataFormat = format == null ? DataFormat.fromPath(data) : DataFormat.parse(format);
    Path modelDir = Path.of(model);
    JsonNode summary = ModelFiles.open(modelDir);
    if (!isUri(out)) {
      if (modelDir.toAbsolutePath().normalize().startsWith(Path.of(out).toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("--out " + out + " must not be the --model directory " + model
            + " or contain it");
      }
      OutputDirectory.check("--out", Path.of(out), overwrite);
    }
    return new Plan(modelDir, data, dataFormat, out, master, overwrite, summary);
  }

  static void run(SparkSession spark, Plan plan) throws IOException {
    JsonNode summary = plan.summary();
    Dataset<Row> scored;
    if (ModelFiles.isMultinomial(summary)) {
      MultinomialRegressionModel model = MultinomialRegressionModel.load(plan.model().toString());
      ModelFiles.checkMatches(plan.model(), summary, model.numFeatures());
      scored = classProbabilities(model.transform(read(spark, plan, model.getFeaturesCol(), model.numFeatures(),
          summary)), model.getProbabilityCol(), model.numClasses());
    } else {
      GlmRegressionModel model = GlmRegressionModel.load(plan.model().toString());
      ModelFiles.checkMatches(plan.model(), summary, model.numFeatures());
      scored = model.transform(read(spark, plan, model.getOrDefault(model.featuresCol()), model.numFeatures(),
          summary));
    }
    List<Column> keep = new ArrayList<>();
    for (StructField f : scored.schema().fields()) {
      if (!f.dataType().equals(SQLDataTypes.VectorType())) {
        keep.add(functions.col(f.name()));
      }
    }
    Dataset<Row> out = scored.select(keep.toArray(new Column[0]));
    if (isUri(plan.out())) {
      write(out, plan.out(), plan.overwrite() ? "overwrite" : "errorifexists", plan.out().endsWith(".csv"));
    } else {
      // Spark writes into the staged (empty, ours) directory, hence mode overwrite.
      OutputDirectory.write("--out", Path.of(plan.out()), plan.overwrite(),
          dir -> write(out, dir.toString(), "overwrite", plan.out().endsWith(".csv")));
    }
  }

  private static void write(Dataset<Row> out, String path, String mode, boolean csv) {
    if (csv) {
      out.write().mode(mode).option("header", "true").csv(path);
    } else {
      out.write().mode(mode).parquet(path);
    }
  }

  /** Whether {@code out} is a URI ({@code hdfs://...}, {@code s3a://...}, {@code file:/...}), not a local path. */
  private static boolean isUri(String out) {
    return out.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
  }

  /** {@code scored} with the K entries of its {@code probability} vector as columns {@code probability_k}. */
  private static Dataset<Row> classProbabilities(Dataset<Row> scored, String probability, int numClasses) {
    Column p = org.apache.spark.ml.functions.vector_to_array(functions.col(probability), "float64");
    for (int k = 0; k < numClasses; k++) {
      scored = scored.withColumn(probability + "_" + k, p.getItem(k));
    }
    return scored;
  }

  /** The model's feature columns (by name, from the summary) assembled into its features vector column. */
  private static Dataset<Row> assemble(Dataset<Row> raw, Plan plan, String featuresCol, JsonNode summary) {
    String[] names = ModelFiles.featureNames(summary).toArray(new String[0]);
    for (int j = 0; j < names.length; j++) {
      if (!List.of(raw.columns()).contains(names[j])) {
        throw new IllegalArgumentException(plan.data() + " has no column '" + names[j] + "' (the model was "
            + "trained on " + String.join(", ", names) + ")");
      }
    }
    return new VectorAssembler().setInputCols(names).setOutputCol(featuresCol).transform(raw);
  }

  /** The data to score with a model of {@code numFeatures} features read from {@code featuresCol}. */
  private static Dataset<Row> read(SparkSession spark, Plan plan, String featuresCol, int numFeatures,
      JsonNode summary) {
    switch (plan.format()) {
      case LIBSVM:
        return spark.read().format("libsvm").option("numFeatures", numFeatures).load(plan.data());
      case CSV:
        return assemble(spark.read().option("header", "true").option("inferSchema", "true").csv(plan.data()),
            plan, featuresCol, summary);
      default: {
        Dataset<Row> parquet = spark.read().parquet(plan.data());
        boolean hasVector = List.of(parquet.columns()).contains(featuresCol);
        return hasVector ? parquet : assemble(parquet, plan, featuresCol, summary);
      }
    }
  }
}
