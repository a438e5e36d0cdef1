package io.sparkglm.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.core.solver.Status;
import io.sparkglm.spark.SparkTestSession;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 (1): the spark.ml stage {@link MultinomialRegression} against R ({@code /reference/multinomial/}: glmnet
 * 4.1-6's standardized lasso and weighted elastic net, nnet::multinom's unpenalized fit) to 1e-5; its outputs
 * (rawPrediction and probability of length K, prediction the class index) through {@link
 * MulticlassClassificationEvaluator}: the unpenalized fit's logLoss is R's objective (the mean negative
 * log-likelihood) and the lasso's accuracy that of R's coefficients; a copy with extra params (CrossValidator's way)
 * fits with them; a label that is not a class index is an error naming it.
 */
class MultinomialRegressionTest {
  private static final String ROOT = "/reference/multinomial/";
  private static JsonNode references;
  private static Dataset<Row> data;
  private static Dataset<Row> weighted;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = MultinomialRegressionTest.class.getResourceAsStream(ROOT + "multinomial.json")) {
      references = new ObjectMapper().readTree(in);
    }
    data = read("multinomial.csv");
    weighted = read("multinomial_weighted.csv");
  }

  private static Dataset<Row> read(String file) throws Exception {
    String path = Path.of(MultinomialRegressionTest.class.getResource(ROOT + file).toURI()).toString();
    Dataset<Row> df = SparkTestSession.get().read().option("header", true).option("inferSchema", true).csv(path);
    return new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3", "x4", "x5"}).setOutputCol("features")
        .transform(df).cache();
  }

  private static JsonNode reference(String id) {
    for (JsonNode c : references) {
      if (c.path("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no reference " + id);
  }

  private static void assertMatches(JsonNode ref, MultinomialRegressionModel m) {
    String id = ref.path("id").asText();
    assertEquals(3, m.numClasses(), id);
    assertEquals(5, m.numFeatures(), id);
    assertEquals(Status.CONVERGED, m.fit().status(), id);
    assertEquals(ref.path("objective").asDouble(), m.fit().objective(), 1e-8 * ref.path("objective").asDouble(), id);
    double deviance = ref.path("deviance").asDouble();
    assertEquals(deviance, m.fit().deviance(), 1e-6 * deviance, id + ": deviance");
    assertEquals(ref.path("nullDeviance").asDouble(), m.fit().nullDeviance(), 1e-10 * deviance, id);
    assertEquals(ref.path("df").asInt(), m.fit().aicParameters(), id + ": AIC's k");
    assertEquals(ref.path("aic").asDouble(), m.fit().aic(), 1e-6 * deviance, id + ": AIC");
    for (int k = 0; k < 3; k++) {
      assertEquals(ref.path("intercept").get(k).asDouble(), m.interceptVector().apply(k), 1e-5, id + " intercept");
      for (int j = 0; j < 5; j++) {
        assertEquals(ref.path("coefficients").get(k).get(j).asDouble(), m.coefficientMatrix().apply(k, j), 1e-5,
            id + ": coefficient " + j + " of class " + k);
      }
    }
  }

  @Test
  void lassoMatchesGlmnetAndTheEvaluatorSeesRsAccuracy() {
    JsonNode ref = reference("lasso_std");
    MultinomialRegressionModel m = new MultinomialRegression().setRegParam(0.02).setElasticNetParam(1).setTol(1e-10)
        .fit(data);
    assertMatches(ref, m);
    Dataset<Row> scored = m.transform(data);
    long rightByR = 0;
    List<Row> rows = scored.select("features", "label", "rawPrediction", "probability", "prediction").collectAsList();
    for (Row r : rows) {
      Vector x = r.getAs(0);
      double[] etaR = new double[3];
      int bestR = 0;
      for (int k = 0; k < 3; k++) {
        etaR[k] = ref.path("intercept").get(k).asDouble();
        for (int j = 0; j < 5; j++) {
          etaR[k] += ref.path("coefficients").get(k).get(j).asDouble() * x.apply(j);
        }
        bestR = etaR[k] > etaR[bestR] ? k : bestR;
      }
      rightByR += bestR == ((Number) r.get(1)).intValue() ? 1 : 0;
      Vector raw = r.getAs(2);
      Vector prob = r.getAs(3);
      assertEquals(3, raw.size());
      assertEquals(3, prob.size());
      double z = Math.exp(raw.apply(0)) + Math.exp(raw.apply(1)) + Math.exp(raw.apply(2));
      for (int k = 0; k < 3; k++) {
        assertEquals(etaR[k], raw.apply(k), 1e-4, "rawPrediction is eta");
        assertEquals(Math.exp(raw.apply(k)) / z, prob.apply(k), 1e-12, "probability is softmax(eta)");
      }
      assertEquals(raw.argmax(), (int) r.getDouble(4), "prediction is the class of the largest eta");
    }
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
    assertEquals((double) rightByR / rows.size(), accuracy, 1e-12);
    assertTrue(accuracy > 0.5, "better than chance on 3 classes: " + accuracy);
  }

  @Test
  void unpenalizedLogLossIsRsObjective() {
    JsonNode ref = reference("unpenalized");
    MultinomialRegressionModel m = new MultinomialRegression().setStandardization(false).setSolver("newton")
        .setTol(1e-10).fit(data);
    assertMatches(ref, m);
    double logLoss = new MulticlassClassificationEvaluator().setMetricName("logLoss").evaluate(m.transform(data));
    assertEquals(ref.path("objective").asDouble(), logLoss, 1e-8 * ref.path("objective").asDouble());
    assertEquals(ref.path("nnetDeviance").asDouble(), m.fit().deviance(), 1e-6, "nnet's deviance");
    assertEquals(ref.path("nnetAIC").asDouble(), m.fit().aic(), 1e-6, "nnet's AIC");
  }

  @Test
  void weightedElasticNetWithExtraParamsMatchesGlmnet() {
    JsonNode ref = reference("enet_std_weighted");
    MultinomialRegression est = new MultinomialRegression().setWeightCol("weight").setSolver("lbfgs");
    ParamMap extra = new ParamMap().put(est.regParam().w(0.015)).put(est.elasticNetParam().w(0.7));
    assertEquals(est.uid(), est.copy(extra).uid());
    MultinomialRegressionModel m = est.fit(weighted, extra);
    assertMatches(ref, m);
    assertEquals(0.0, (Double) est.getOrDefault(est.regParam()), "fit with extra params leaves the estimator as is");
  }

  /** The scored rows' rawPrediction, probability and prediction, in row order. */
  private static List<Row> outputs(org.apache.spark.ml.Transformer model) {
    return model.transform(data).select("rawPrediction", "probability", "prediction").collectAsList();
  }

  @Test
  void modelSavedAndLoadedScoresTheSameAloneAndInAPipeline() throws Exception {
    MultinomialRegressionModel m = new MultinomialRegression().setRegParam(0.02).setElasticNetParam(1)
        .setProbabilityCol("p").setTol(1e-10).fit(data);
    String dir = tmp.resolve("model").toString();
    m.write().save(dir);
    MultinomialRegressionModel loaded = MultinomialRegressionModel.load(dir);
    assertEquals(m.uid(), loaded.uid());
    assertEquals(m.coefficientMatrix(), loaded.coefficientMatrix());
    assertEquals(m.interceptVector(), loaded.interceptVector());
    assertEquals("p", loaded.getProbabilityCol());
    assertEquals(null, loaded.fit(), "a loaded model has no training fit");
    assertEquals(m.transform(data).select("rawPrediction", "p", "prediction").collectAsList(),
        loaded.transform(data).select("rawPrediction", "p", "prediction").collectAsList());

    Dataset<Row> raw = data.drop("features");
    org.apache.spark.ml.Pipeline pipeline = new org.apache.spark.ml.Pipeline().setStages(
        new org.apache.spark.ml.PipelineStage[] {new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3",
            "x4", "x5"}).setOutputCol("features"), new MultinomialRegression().setRegParam(0.03)
                .setElasticNetParam(0.5).setTol(1e-10)});
    String pipelineDir = tmp.resolve("pipeline").toString();
    pipeline.write().save(pipelineDir);
    org.apache.spark.ml.Pipeline pipelineBack = org.apache.spark.ml.Pipeline.load(pipelineDir);
    MultinomialRegression estimatorBack = (MultinomialRegression) pipelineBack.getStages()[1];
    assertEquals(0.03, (Double) estimatorBack.getOrDefault(estimatorBack.regParam()), 0.0);
    assertEquals(0.5, (Double) estimatorBack.getOrDefault(estimatorBack.elasticNetParam()), 0.0);
    org.apache.spark.ml.PipelineModel fitted = pipelineBack.fit(raw);
    String fittedDir = tmp.resolve("pipeline-model").toString();
    fitted.write().save(fittedDir);
    org.apache.spark.ml.PipelineModel fittedBack = org.apache.spark.ml.PipelineModel.load(fittedDir);
    assertTrue(fittedBack.stages()[1] instanceof MultinomialRegressionModel);
    List<Row> before = fitted.transform(raw).select("rawPrediction", "probability", "prediction").collectAsList();
    assertEquals(before, fittedBack.transform(raw).select("rawPrediction", "probability", "prediction")
        .collectAsList());
    assertMatches(reference("enet_std"), (MultinomialRegressionModel) fitted.stages()[1]);
  }

  /**
   * initialModel: from the optimum no iteration is needed (the start meets the certificate), the same answer; copies
   * keep the start; a model of another K is refused naming both.
   */
  /**
   * The Param penaltyFactors against glmnet's {@code penalty.factor} ({@code multinomial_factors.json}: a weighted,
   * standardized elastic net with a factor 0); it survives the estimator's save and load; a negative factor is
   * refused when set and a count other than p at fit, naming the Param.
   */
  @Test
  void penaltyFactorsMatchGlmnetAndAreKeptWhenSaved() throws Exception {
    JsonNode ref;
    try (InputStream in = MultinomialRegressionTest.class.getResourceAsStream(ROOT + "multinomial_factors.json")) {
      ref = java.util.stream.StreamSupport.stream(new ObjectMapper().readTree(in).spliterator(), false)
          .filter(c -> c.path("id").asText().equals("factors_enet_std_weighted")).findFirst().orElseThrow();
    }
    double[] f = new double[5];
    for (int j = 0; j < 5; j++) {
      f[j] = ref.path("penaltyFactors").get(j).asDouble();
    }
    MultinomialRegression est = new MultinomialRegression().setWeightCol("weight").setRegParam(0.015)
        .setElasticNetParam(0.7).setPenaltyFactors(f).setSolver("newton").setTol(1e-10);
    String dir = tmp.resolve("estimator").toString();
    est.write().save(dir);
    MultinomialRegressionModel m = MultinomialRegression.load(dir).fit(weighted);
    assertEquals(Status.CONVERGED, m.fit().status());
    assertEquals(ref.path("objective").asDouble(), m.fit().objective(), 1e-8 * ref.path("objective").asDouble());
    for (int k = 0; k < 3; k++) {
      assertEquals(ref.path("intercept").get(k).asDouble(), m.interceptVector().apply(k), 1e-5, "intercept");
      for (int j = 0; j < 5; j++) {
        assertEquals(ref.path("coefficients").get(k).get(j).asDouble(), m.coefficientMatrix().apply(k, j), 1e-5,
            "coefficient " + j + " of class " + k);
      }
    }
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> new MultinomialRegression().setPenaltyFactors(new double[] {1, -1}));
    assertTrue(negative.getMessage().contains("penaltyFactors"), negative.getMessage());
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> new MultinomialRegression().setPenaltyFactors(new double[] {1, 1}).fit(data));
    assertTrue(count.getMessage().startsWith("Param penaltyFactors has 2 values; the data has 5 features"),
        count.getMessage());
  }

  @Test
  void warmStartFromTheOptimumNeedsNoIteration() {
    MultinomialRegression est = new MultinomialRegression().setRegParam(0.03).setElasticNetParam(0.5).setTol(1e-9);
    MultinomialRegressionModel cold = est.fit(data);
    assertTrue(cold.fit().iterations() > 1);
    MultinomialRegressionModel warm = est.setInitialModel(cold).copy(new ParamMap()).fit(data);
    assertEquals(Status.CONVERGED, warm.fit().status());
    assertEquals(0, warm.fit().iterations(), "the start already meets the certificate");
    for (int k = 0; k < 3; k++) {
      assertEquals(cold.interceptVector().apply(k), warm.interceptVector().apply(k), 1e-12);
      for (int j = 0; j < 5; j++) {
        assertEquals(cold.coefficientMatrix().apply(k, j), warm.coefficientMatrix().apply(k, j), 1e-12);
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> est.fit(data.filter("label < 2")));
    assertEquals("initialModel " + cold.uid() + " is a model of 3 classes; this fit has 2", e.getMessage());
  }

  @Test
  void aDirectoryThatIsNotAMultinomialModelIsNamed() throws Exception {
    String glm = tmp.resolve("glm").toString();
    new GlmRegression().setFamily("binomial").fit(data.filter("label < 2")).write().save(glm);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MultinomialRegressionModel.load(glm));
    assertTrue(e.getMessage().equals("cannot load a MultinomialRegressionModel from " + glm + ": its metadata is of "
        + "class io.sparkglm.spark.ml.GlmRegressionModel, not io.sparkglm.spark.ml.MultinomialRegressionModel"),
        e.getMessage());
    String none = tmp.resolve("none").toString();
    e = assertThrows(IllegalArgumentException.class, () -> MultinomialRegressionModel.load(none));
    assertTrue(e.getMessage().endsWith(none + ": it is not a directory"), e.getMessage());
    Path noData = tmp.resolve("no-data");
    new MultinomialRegression().setMaxIter(3).fit(data).write().save(noData.toString());
    try (var files = Files.walk(noData.resolve("data"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    e = assertThrows(IllegalArgumentException.class, () -> MultinomialRegressionModel.load(noData.toString()));
    assertTrue(e.getMessage().endsWith("it has no data/ (a spark.ml model directory has metadata/ and data/)"),
        e.getMessage());
  }

  @Test
  void aLabelThatIsNotAClassIndexIsNamed() throws Exception {
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "x1,x2,x3,x4,x5,label\n1,2,3,4,5,0\n1,2,3,4,5,1\n1,2,3,4,5,1.5\n");
    Dataset<Row> df = new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3", "x4", "x5"})
        .setOutputCol("features").transform(SparkTestSession.get().read().option("header", true)
            .option("inferSchema", true).csv(bad.toString()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MultinomialRegression().fit(df));
    assertTrue(e.getMessage().contains("label 1.5 is not valid") && e.getMessage().contains("class index"),
        e.getMessage());
  }
}
