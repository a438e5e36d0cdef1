package io.sparkglm.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.ml.GlmRegressionModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * {@code sparkglm predict --model DIR --data PATH --out PATH [--format F]}: scores data with a model saved by
 * {@code sparkglm train --save-model}, writing the input's scalar columns plus {@code linkPrediction} (eta) and
 * {@code prediction} (mu): Parquet, or CSV when {@code --out} ends in {@code .csv} (a directory, refused when
 * not empty unless {@code --overwrite}, renamed into place when complete: {@link OutputDirectory}; a URI
 * ({@code hdfs://...}) is written by Spark directly, refused at write time when it exists unless
 * {@code --overwrite}, without the rename). CSV input is assembled from the feature columns named in the model's
 * summary (the training CSV's header); LIBSVM is read with the model's feature count. The model directory is
 * checked before Spark starts ({@link ModelFiles#open}).
 */
final class PredictCommand {
  static final Set<String> FLAGS = Set.of("model", "data", "out", "format", "master", "overwrite");
  static final String USAGE = "usage: sparkglm predict --model DIR --data PATH --out PATH [--format libsvm|csv|"
      + "parquet] [--master URL] [--overwrite]";

  /** The parsed command. */
  record Plan(Path model, String data, DataFormat format, String out, String master, boolean overwrite,
      JsonNode summary) {
  }

  private PredictCommand() {
  }

  static Plan parse(String[] args) {
    Arguments a = Arguments.parse(args, 1, FLAGS, Set.of(), TrainCommand.SWITCHES);
    String data = a.required("data");
    DataFormat format = a.string("format", null) == null ? DataFormat.fromPath(data)
        : DataFormat.parse(a.string("format", null));
    Path model = Path.of(a.required("model"));
    JsonNode summary = ModelFiles.open(model);
    String out = a.required("out");
    boolean overwrite = a.bool("overwrite", false);
    if (!isUri(out)) {
      if (model.toAbsolutePath().normalize().startsWith(Path.of(out).toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("--out " + out + " must not be the --model directory " + model
            + " or contain it");
      }
      OutputDirectory.check("--out", Path.of(out), overwrite);
    }
    return new Plan(model, data, format, out, a.string("master", null), overwrite, summary);
  }

  static void run(SparkSession spark, Plan plan) throws IOException {
    GlmRegressionModel model = GlmRegressionModel.load(plan.model().toString());
    JsonNode summary = plan.summary();
    ModelFiles.checkMatches(plan.model(), summary, model);
    Dataset<Row> input = read(spark, plan, model, summary);
    Dataset<Row> scored = model.transform(input);
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

  /** The model's feature columns (by name, from the summary) assembled into its features vector column. */
  private static Dataset<Row> assemble(Dataset<Row> raw, Plan plan, GlmRegressionModel model, JsonNode summary) {
    String[] names = ModelFiles.featureNames(summary).toArray(new String[0]);
    for (int j = 0; j < names.length; j++) {
      if (!List.of(raw.columns()).contains(names[j])) {
        throw new IllegalArgumentException(plan.data() + " has no column '" + names[j] + "' (the model was "
            + "trained on " + String.join(", ", names) + ")");
      }
    }
    return new VectorAssembler().setInputCols(names).setOutputCol(model.getOrDefault(model.featuresCol()))
        .transform(raw);
  }

  private static Dataset<Row> read(SparkSession spark, Plan plan, GlmRegressionModel model, JsonNode summary) {
    switch (plan.format()) {
      case LIBSVM:
        return spark.read().format("libsvm").option("numFeatures", model.numFeatures()).load(plan.data());
      case CSV:
        return assemble(spark.read().option("header", "true").option("inferSchema", "true").csv(plan.data()),
            plan, model, summary);
      default: {
        Dataset<Row> parquet = spark.read().parquet(plan.data());
        boolean hasVector = List.of(parquet.columns()).contains(model.getOrDefault(model.featuresCol()));
        return hasVector ? parquet : assemble(parquet, plan, model, summary);
      }
    }
  }
}
