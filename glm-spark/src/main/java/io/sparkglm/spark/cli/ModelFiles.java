package io.sparkglm.spark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.spark.ml.GlmRegressionModel;
import io.sparkglm.spark.ml.MultinomialRegressionModel;
import io.sparkglm.spark.train.MultinomialTrainer;
import io.sparkglm.spark.train.FitResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vectors;

/**
 * A model saved by the CLI: a spark.ml {@link GlmRegressionModel} directory (loadable with
 * {@code GlmRegressionModel.load} or inside a Pipeline), or a {@link MultinomialRegressionModel} one for
 * {@code --family multinomial}, plus the fit's {@code summary.json} beside its
 * {@code metadata/} and {@code data/}, for {@code sparkglm summary} and {@code sparkglm predict}. Read as data
 * only ({@link #open}: JSON here, the model through {@code GlmRegressionModel.load}).
 */
final class ModelFiles {
  static final String SUMMARY = "summary.json";

  private ModelFiles() {
  }

  /**
   * Checks, without Spark, that {@code dir} holds a model saved by {@code train --save-model} (a directory with
   * {@code metadata/} of class {@link GlmRegressionModel}, {@code data/}, and a {@code summary.json} with the
   * family, link, feature names and as many coefficients), and returns its summary.
   *
   * @throws IllegalArgumentException one line naming the directory and what is wrong
   */
  static JsonNode open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw bad(dir, Files.exists(dir) ? "it is not a directory" : "it does not exist");
    }
    String cls = checkMetadata(dir);
    if (!Files.isDirectory(dir.resolve("data"))) {
      throw bad(dir, "it has no data/ (the coefficients)");
    }
    JsonNode s = summary(dir);
    String expected = (isMultinomial(s) ? MultinomialRegressionModel.class : GlmRegressionModel.class).getName();
    if (!cls.equals(expected)) {
      throw bad(dir, SUMMARY + " is of family " + s.path("family").asText() + " but its metadata is of class "
          + cls + ", not " + expected);
    }
    return s;
  }

  /** Whether {@code summary} is a multinomial fit's ({@code family} {@value FitOptions#MULTINOMIAL}). */
  static boolean isMultinomial(JsonNode summary) {
    return FitOptions.MULTINOMIAL.equals(summary.path("family").asText());
  }

  /** The model's feature names, from its summary (checked by {@link #open}). */
  static List<String> featureNames(JsonNode summary) {
    List<String> names = new java.util.ArrayList<>();
    summary.path("featureNames").forEach(n -> names.add(n.asText()));
    return names;
  }

  /** Requires the summary's feature names to match the {@code numFeatures} of the model loaded from {@code dir}. */
  static void checkMatches(Path dir, JsonNode summary, int numFeatures) {
    int names = summary.path("featureNames").size();
    if (names != numFeatures) {
      throw bad(dir, SUMMARY + " names " + names + " features but data/ has " + numFeatures
          + " coefficients" + (isMultinomial(summary) ? " per class" : ""));
    }
  }

  /** The class named by {@code dir}'s spark.ml metadata, one of the two sparkglm models. */
  private static String checkMetadata(Path dir) {
    Path meta = dir.resolve("metadata");
    if (!Files.isDirectory(meta)) {
      throw bad(dir, "it has no metadata/ (a spark.ml model directory has metadata/ and data/)");
    }
    JsonNode m;
    try (Stream<Path> files = Files.list(meta)) {
      Path part = files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().findFirst()
          .orElseThrow(() -> bad(dir, "metadata/ has no part file"));
      String line;
      try (Stream<String> lines = Files.lines(part)) {
        line = lines.filter(l -> !l.isBlank()).findFirst().orElse("");
      }
      m = new ObjectMapper().readTree(line);
    } catch (JsonProcessingException e) {
      throw bad(dir, "metadata/ is not spark.ml metadata JSON (" + problem(e) + ")");
    } catch (IOException | java.io.UncheckedIOException e) {
      throw bad(dir, "cannot read metadata/ (" + e.getMessage() + ")");
    }
    if (m == null || !m.path("class").isTextual()) {
      throw bad(dir, "metadata/ is not spark.ml metadata JSON (no class)");
    }
    String cls = m.path("class").asText();
    if (!cls.equals(GlmRegressionModel.class.getName()) && !cls.equals(MultinomialRegressionModel.class.getName())) {
      throw bad(dir, "its metadata is of class " + cls + ", not " + GlmRegressionModel.class.getName() + " or "
          + MultinomialRegressionModel.class.getName());
    }
    return cls;
  }

  private static JsonNode summary(Path dir) {
    Path file = dir.resolve(SUMMARY);
    if (!Files.isRegularFile(file)) {
      throw bad(dir, "no " + SUMMARY + " (models saved with sparkglm train --save-model have one)");
    }
    JsonNode s;
    try {
      s = new ObjectMapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw bad(dir, SUMMARY + " is not valid JSON (" + problem(e) + ")");
    } catch (IOException e) {
      throw bad(dir, "cannot read " + SUMMARY + " (" + e.getMessage() + ")");
    }
    if (s == null || !s.isObject()) {
      throw bad(dir, SUMMARY + " is not a JSON object");
    }
    for (String field : isMultinomial(s) ? List.of("family") : List.of("family", "link")) {
      if (!s.path(field).isTextual()) {
        throw bad(dir, SUMMARY + " has no " + field);
      }
    }
    JsonNode names = s.path("featureNames");
    JsonNode coef = s.path("coefficients");
    if (!names.isArray() || !coef.isArray()) {
      throw bad(dir, SUMMARY + " has no featureNames or coefficients array");
    }
    for (JsonNode n : names) {
      if (!n.isTextual()) {
        throw bad(dir, SUMMARY + "'s featureNames are not all strings");
      }
    }
    if (isMultinomial(s)) {
      checkMultinomialSummary(dir, s);
    } else if (names.size() != coef.size()) {
      throw bad(dir, SUMMARY + " has " + names.size() + " featureNames but " + coef.size() + " coefficients");
    }
    JsonNode table = s.path("coefficientTable");
    if (!table.isMissingNode()) {
      if (!table.isArray()) {
        throw bad(dir, SUMMARY + "'s coefficientTable is not an array");
      }
      for (JsonNode row : table) {
        if (!row.path("name").isTextual() || !row.path("estimate").isNumber()) {
          throw bad(dir, SUMMARY + "'s coefficientTable has a row without a name and an estimate");
        }
      }
    }
    return s;
  }

  /** A multinomial summary has K >= 2 intercepts and K coefficient lists, each of as many as featureNames. */
  private static void checkMultinomialSummary(Path dir, JsonNode s) {
    int names = s.path("featureNames").size();
    JsonNode coef = s.path("coefficients");
    int kk = s.path("intercept").size();
    if (!s.path("intercept").isArray() || kk < 2 || coef.size() != kk) {
      throw bad(dir, SUMMARY + " of a multinomial fit must have K >= 2 intercepts and K coefficient lists, has "
          + kk + " and " + coef.size());
    }
    for (int k = 0; k < kk; k++) {
      if (!coef.get(k).isArray() || coef.get(k).size() != names) {
        throw bad(dir, SUMMARY + " has " + names + " featureNames but class " + k + " has "
            + (coef.get(k).isArray() ? coef.get(k).size() : "no list of") + " coefficients");
      }
    }
  }

  /** Jackson's message without its source excerpt, with the line and column. */
  private static String problem(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage()).split("\\R", 2)[0];
    int cut = m.indexOf(" (start marker");
    m = cut >= 0 ? m.substring(0, cut) : m;
    return e.getLocation() == null ? m : m + " at line " + e.getLocation().getLineNr() + ", column "
        + e.getLocation().getColumnNr();
  }

  private static IllegalArgumentException bad(Path dir, String what) {
    return new IllegalArgumentException("--model " + dir + " is not a usable sparkglm model: " + what);
  }

  /**
   * Saves the multinomial model of {@code fit} into {@code dir} (as {@link #save}) with a copy of {@code summary};
   * its labelCol is {@code --label-col}.
   */
  static void saveMultinomial(TrainCommand.Plan plan, MultinomialTrainer.MultinomialFit fit, Path dir, Path summary)
      throws IOException {
    MultinomialRegressionModel model = MultinomialRegressionModel.of(fit);
    model.set(model.labelCol(), plan.data().labelCol());
    model.write().overwrite().save(dir.toString());
    Files.copy(summary, dir.resolve(SUMMARY));
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
    if (r.spec().family().takesTheta()) {
      model.set(model.theta(), r.spec().family().theta());
    }
    model.set(model.regParam(), r.spec().regParam());
    model.set(model.elasticNetParam(), r.spec().elasticNetParam());
    model.set(model.standardization(), r.spec().standardize());
    if (r.spec().penaltyFactors() != null) {
      model.set(model.penaltyFactors(), r.spec().penaltyFactors());
    }
    if (r.spec().lowerBounds() != null) {
      model.set(model.lowerBounds(), r.spec().lowerBounds());
    }
    if (r.spec().upperBounds() != null) {
      model.set(model.upperBounds(), r.spec().upperBounds());
    }
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
