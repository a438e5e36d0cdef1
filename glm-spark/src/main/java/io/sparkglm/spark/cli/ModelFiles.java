package io.sparkglm.spark.cli;

import io.sparkglm.spark.ml.GlmRegressionModel;
import io.sparkglm.spark.train.FitResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.linalg.Vectors;

/**
 * A model saved by the CLI: a spark.ml {@link GlmRegressionModel} directory (loadable with
 * {@code GlmRegressionModel.load} or inside a Pipeline) plus the fit's {@code summary.json} beside its
 * {@code metadata/} and {@code data/}, for {@code sparkglm summary} and {@code sparkglm predict}.
 */
final class ModelFiles {
  static final String SUMMARY = "summary.json";

  private ModelFiles() {
  }

  /**
   * Saves the model of {@code r} into {@code dir} (a fresh directory of the caller's: a staged
   * {@link OutputDirectory}, replaced if it exists) with a copy of {@code summary}.
   */
  static void save(TrainCommand.Plan plan, FitResult r, Path dir, Path summary) throws IOException {
    GlmRegressionModel model = new GlmRegressionModel(org.apache.spark.ml.util.Identifiable$.MODULE$
        .randomUID("sparkglm"), Vectors.dense(r.coefficients()), r.intercept());
    model.set(model.family(), r.spec().family().name());
    model.set(model.link(), r.spec().link().linkName());
    if (r.spec().family().takesVariancePower()) {
      model.set(model.variancePower(), r.spec().family().variancePower());
    }
    model.set(model.regParam(), r.spec().regParam());
    model.set(model.elasticNetParam(), r.spec().elasticNetParam());
    model.set(model.standardization(), r.spec().standardize());
    model.set(model.fitIntercept(), r.spec().fitIntercept());
    model.set(model.solver(), r.solver());
    model.set(model.labelCol(), plan.data().labelCol());
    if (plan.data().offsetCol() != null) {
      model.set(model.offsetCol(), plan.data().offsetCol());
    }
    model.set(model.linkPredictionCol(), "linkPrediction");
    model.write().overwrite().save(dir.toString());
    Files.copy(summary, dir.resolve(SUMMARY));
  }
}
