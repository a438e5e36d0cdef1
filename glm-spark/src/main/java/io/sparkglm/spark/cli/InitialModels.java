package io.sparkglm.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.spark.ml.GlmRegressionModel;
import io.sparkglm.spark.ml.MultinomialRegressionModel;
import io.sparkglm.spark.train.GlmTrainer;
import io.sparkglm.spark.train.MultinomialTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code train --initial-model DIR}: the warm start read from a saved spark.ml model ({@code --save-model}, a
 * stage's save) or a {@code train --out} directory's {@code summary.json}, for the binary families
 * ({@link GlmTrainer.Start}) and multinomial ({@link MultinomialTrainer.Start}). Read as data only.
 */
final class InitialModels {
  private InitialModels() {
  }

  /**
   * Checks, before Spark starts, that {@code --initial-model dir} is a spark.ml model directory ({@code metadata/},
   * as {@code --save-model} or the stage's save write) or a {@code train --out} directory ({@code summary.json}).
   */
  static void check(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--initial-model " + dir + (Files.exists(dir) ? " is not a directory"
          : " does not exist"));
    }
    if (!Files.isDirectory(dir.resolve("metadata")) && !Files.isRegularFile(dir.resolve(ModelFiles.SUMMARY))) {
      throw new IllegalArgumentException("--initial-model " + dir + " has neither metadata/ (a saved model: train "
          + "--save-model, GlmRegressionModel.save or MultinomialRegressionModel.save) nor " + ModelFiles.SUMMARY
          + " (a train --out directory)");
    }
  }

  /**
   * The warm start of {@code --initial-model dir}: the coefficients and intercept of the spark.ml model there
   * (loaded with {@link GlmRegressionModel#load}), or of its {@code summary.json} when it is a {@code train --out}
   * directory.
   */
  static GlmTrainer.Start binary(Path dir) {
    check(dir);
    String source = "--initial-model " + dir;
    try {
      if (Files.isDirectory(dir.resolve("metadata"))) {
        GlmRegressionModel m = GlmRegressionModel.load(dir.toString());
        String family = io.sparkglm.core.family.Family.parse(m.getOrDefault(m.family()),
            (Double) m.getOrDefault(m.variancePower())).name();
        return new GlmTrainer.Start(source, family, m.coefficients().toArray(), m.intercept());
      }
      JsonNode s = new ObjectMapper().readTree(dir.resolve(ModelFiles.SUMMARY).toFile());
      JsonNode coef = s.path("coefficients");
      if (s.path("family").asText().equals(FitOptions.MULTINOMIAL)) {
        throw new IllegalArgumentException(source + ": " + ModelFiles.SUMMARY + " is a multinomial fit's; it "
            + "starts only --family multinomial fits");
      }
      if (!s.path("family").isTextual() || !coef.isArray() || !s.path("intercept").isNumber()) {
        throw new IllegalArgumentException(source + ": " + ModelFiles.SUMMARY
            + " has no family, coefficients and intercept");
      }
      double[] b = new double[coef.size()];
      for (int j = 0; j < b.length; j++) {
        b[j] = coef.get(j).asDouble();
      }
      String family = io.sparkglm.core.family.Family.parse(s.path("family").asText(),
          s.path("variancePower").asDouble(Double.NaN)).name();
      return new GlmTrainer.Start(source, family, b, s.path("intercept").asDouble());
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(source)) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException(source + ": cannot read the model (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The multinomial warm start of {@code --initial-model dir}: the K intercepts and K x p coefficients of the
   * {@link MultinomialRegressionModel} saved there, or of its {@code summary.json} when it is a {@code train --out}
   * directory of a multinomial fit.
   */
  static MultinomialTrainer.Start multinomial(Path dir) {
    check(dir);
    String source = "--initial-model " + dir;
    try {
      if (Files.isDirectory(dir.resolve("metadata"))) {
        return MultinomialRegressionModel.load(dir.toString()).toStart(source);
      }
      JsonNode s = new ObjectMapper().readTree(dir.resolve(ModelFiles.SUMMARY).toFile());
      if (!FitOptions.MULTINOMIAL.equals(s.path("family").asText())) {
        throw new IllegalArgumentException(source + ": " + ModelFiles.SUMMARY + " is a " + s.path("family").asText()
            + " fit's; a --family multinomial fit starts only from a multinomial one");
      }
      JsonNode intercepts = s.path("intercept");
      JsonNode coef = s.path("coefficients");
      double[] b0 = new double[intercepts.size()];
      double[][] b = new double[coef.size()][];
      for (int k = 0; k < b.length; k++) {
        b[k] = new double[coef.get(k).size()];
        for (int j = 0; j < b[k].length; j++) {
          b[k][j] = coef.get(k).get(j).asDouble();
        }
      }
      for (int k = 0; k < b0.length; k++) {
        b0[k] = intercepts.get(k).asDouble();
      }
      return new MultinomialTrainer.Start(source, b0, b);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(source)) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException(source + ": cannot read the model (" + e.getMessage() + ")", e);
    }
  }
}
