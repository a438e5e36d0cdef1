package io.sparkglm.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.CvCurve;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.CrossValidation;
import io.sparkglm.spark.train.FoldAssignment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15 (4): the spark.ml cross-validation stage. Its curve is {@link CrossValidation}'s for the same data and
 * folds, and so R's {@code cv.glmnet}'s with the saved fold ids of {@code /reference/cv/*.json} (made by
 * {@code /reference/cv/make_cv.R}, glmnet 4.1-6; see {@code CrossValidationReferenceTest}) given as a foldCol; its
 * refit is {@link GlmRegression}'s fit at the chosen lambda; it survives save/load alone and in a PipelineModel.
 */
class GlmRegressionCVTest {
  @TempDir
  Path tmp;

  private static JsonNode reference(String id) throws Exception {
    try (InputStream in = GlmRegressionCVTest.class.getResourceAsStream("/reference/cv/" + id + ".json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  /**
   * A reference CSV (label, x1..xp) in file order with a {@code fold} column (R's foldid minus 1, or none) and the
   * features assembled, in 3 partitions.
   */
  private static Dataset<Row> data(String set, int[] foldId) throws Exception {
    Path csv = Path.of(GlmRegressionCVTest.class.getResource("/reference/data/" + set + ".csv").toURI());
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      double[] v = Arrays.stream(lines.get(i).split(",")).mapToDouble(Double::parseDouble).toArray();
      Object[] row = new Object[v.length + 2];
      for (int j = 0; j < v.length; j++) {
        row[j] = v[j];
      }
      row[v.length] = foldId == null ? 0 : foldId[i - 1] - 1;
      row[v.length + 1] = Vectors.dense(Arrays.copyOfRange(v, 1, v.length));
      rows.add(RowFactory.create(row));
    }
    StructType schema = new StructType();
    for (String h : header) {
      schema = schema.add(h, DataTypes.DoubleType, false);
    }
    schema = schema.add("fold", DataTypes.IntegerType, false).add("features", SQLDataTypes.VectorType(), false);
    return SparkTestSession.get().createDataFrame(rows, schema).repartition(3).sortWithinPartitions("x1");
  }

  private static GlmRegressionCV lasso(String family, boolean standardize) {
    return new GlmRegressionCV().setFamily(family).setElasticNetParam(1.0).setStandardization(standardize)
        .setSolver("newton").setTol(1e-12).setMaxIter(1000);
  }

  /** CrossValidation itself on the blocks of {@code df}, as the CLI runs it. */
  private static CrossValidation.Result direct(Dataset<Row> df, Family family, boolean standardize, double[] lambdas,
      int count, FoldAssignment folds) {
    LoadedData d = BlockLoader.fromDataset(df, "label", "features", null, null, family,
        BlockBuilder.DEFAULT_BLOCK_ROWS);
    GlmSpec spec = new GlmSpec(family, null, 0.0, 1.0, standardize, true, "newton",
        new StoppingRule(1000, 1e-12, StoppingRule.DEFAULT_OBJECTIVE_TOLERANCE));
    return new CrossValidation(2, Map.of()).fit(spec, d.blocks(), d.numFeatures(), false, lambdas, count, folds,
        BlockLoader::runAction);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"binom_cv, binom", "gauss_corr_cv_std, gauss_corr"})
  void withTheSavedFoldIdsTheCurveIsCrossValidationsAndCvGlmnets(String id, String set) throws Exception {
    JsonNode ref = reference(id);
    int[] foldId = ints(ref.path("foldid"));
    double[] lambdas = doubles(ref.path("lambdas"));
    String family = ref.path("family").asText();
    boolean standardize = ref.path("standardize").asBoolean();
    Dataset<Row> df = data(set, foldId).cache();
    GlmRegressionCVModel cv = lasso(family, standardize).setFoldCol("fold").setLambdas(lambdas).fit(df);

    // The same folds in the order the stage reads the rows (the cached Dataset's): CrossValidation's curve.
    int[] inOrder = df.select("fold").collectAsList().stream().mapToInt(r -> r.getInt(0) + 1).toArray();
    CvCurve expected = direct(df, Family.parse(family, Double.NaN), standardize, lambdas, 0,
        FoldAssignment.given(inOrder)).curve();
    assertArrayEquals(lambdas, cv.lambdas(), 0.0);
    for (int l = 0; l < lambdas.length; l++) {
      assertEquals(expected.cvm()[l], cv.cvm()[l], 1e-12 * expected.cvm()[l], "cvm at " + l);
      assertEquals(expected.cvsd()[l], cv.cvsd()[l], 1e-12 * expected.cvsd()[l], "cvsd at " + l);
    }
    // cv.glmnet's, as CrossValidationReferenceTest checks CrossValidation.
    double[] cvm = doubles(ref.path("cvm"));
    double[] cvsd = doubles(ref.path("cvsd"));
    for (int l = 0; l < lambdas.length; l++) {
      assertEquals(cvm[l], cv.cvm()[l], 1e-6 * cvm[l], "cvm at lambda " + lambdas[l]);
      assertEquals(cvsd[l], cv.cvsd()[l], 1e-6 * cvsd[l], "cvsd at lambda " + lambdas[l]);
    }
    assertEquals(ref.path("indexMin").asInt(), cv.indexMin());
    assertEquals(ref.path("index1se").asInt(), cv.index1se());
    assertEquals(ref.path("lambdaMin").asDouble(), cv.lambdaMin(), 1e-12 * cv.lambdaMin());
    assertEquals(ref.path("lambda1se").asDouble(), cv.lambda1se(), 1e-12 * cv.lambda1se());
    assertEquals(cv.lambdaMin(), cv.selectedLambda(), 0.0, "selection min is the default");
    assertEquals(ref.path("folds").asInt(), cv.foldWeights().length);
    assertEquals(foldId.length, Arrays.stream(cv.foldRows()).sum());
    df.unpersist();
  }

  /**
   * Random folds: the stage's curve is CrossValidation's with {@code FoldAssignment.random(numFolds, foldSeed)} and
   * the default sequence; the refit at lambda1se is GlmRegression's fit there; the model scores as its best model.
   */
  @Test
  void randomFoldsAndTheRefitAtLambda1seAreGlmRegressions() throws Exception {
    Dataset<Row> df = data("binom", null).drop("fold").cache();
    GlmRegressionCVModel cv = lasso("binomial", false).setNumFolds(4).setFoldSeed(7).setNLambda(12)
        .setSelection("1se").fit(df);
    CrossValidation.Result r = direct(df, Family.parse("binomial", Double.NaN), false, null, 12,
        FoldAssignment.random(4, 7));
    assertEquals(12, cv.lambdas().length);
    assertArrayEquals(r.curve().lambdas(), cv.lambdas(), 1e-12 * cv.lambdas()[0]);
    for (int l = 0; l < 12; l++) {
      assertEquals(r.curve().cvm()[l], cv.cvm()[l], 1e-12 * r.curve().cvm()[l], "cvm at " + l);
      assertEquals(r.curve().cvsd()[l], cv.cvsd()[l], 1e-12 * r.curve().cvsd()[l], "cvsd at " + l);
      for (int k = 0; k < 4; k++) {
        assertEquals(r.foldDeviance()[k][l], cv.foldDeviance()[k][l], 1e-12 * r.foldDeviance()[k][l]);
      }
    }
    assertEquals(r.curve().index1se(), cv.index1se());
    assertTrue(cv.index1se() < cv.indexMin(), "the example has a 1se lambda above lambdaMin");
    assertEquals(cv.lambda1se(), cv.selectedLambda(), 0.0);
    assertArrayEquals(r.foldRows(), cv.foldRows());

    GlmRegressionModel best = cv.bestModel();
    assertEquals(cv.lambda1se(), (Double) best.getOrDefault(best.regParam()), 0.0);
    assertEquals(cv.lambda1se(), (Double) cv.getOrDefault(cv.regParam()), 0.0);
    assertTrue(best.summary().converged());
    GlmRegressionModel plain = new GlmRegression().setFamily("binomial").setElasticNetParam(1.0)
        .setStandardization(false).setSolver("newton").setTol(1e-12).setMaxIter(1000).setRegParam(cv.lambda1se())
        .fit(df);
    assertArrayEquals(plain.coefficients().toArray(), best.coefficients().toArray(), 1e-9);
    assertEquals(plain.intercept(), best.intercept(), 1e-9);
    assertEquals(cv.nonZeros()[cv.index1se()], Arrays.stream(best.coefficients().toArray())
        .filter(b -> b != 0).count(), "the path's point and the refit have the same support");

    List<Row> a = cv.transform(df).select("prediction", "rawPrediction", "probability").collectAsList();
    List<Row> b = best.transform(df).select("prediction", "rawPrediction", "probability").collectAsList();
    assertEquals(b, a);
    assertEquals(best.transformSchema(df.schema()), cv.transformSchema(df.schema()));
    df.unpersist();
  }

  @Test
  void saveLoadAloneAndInAPipeline() throws Exception {
    Dataset<Row> raw = data("binom", null).drop("features").withColumn("fold",
        functions.pmod(functions.monotonically_increasing_id(), functions.lit(3)).cast("int")).cache();
    String[] x = new String[15];
    for (int j = 0; j < 15; j++) {
      x[j] = "x" + (j + 1);
    }
    GlmRegressionCV estimator = new GlmRegressionCV().setFamily("binomial").setElasticNetParam(0.5).setSolver("newton")
        .setFoldCol("fold").setNLambda(8).setLinkPredictionCol("eta");
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(x).setOutputCol("features"), estimator}).fit(raw);
    GlmRegressionCVModel cv = (GlmRegressionCVModel) fitted.stages()[1];
    assertEquals(3, cv.foldWeights().length);

    String dir = tmp.resolve("cv-model").toString();
    cv.write().save(dir);
    GlmRegressionCVModel loaded = GlmRegressionCVModel.load(dir);
    assertEquals(cv.uid(), loaded.uid());
    assertArrayEquals(cv.lambdas(), loaded.lambdas(), 0.0);
    assertArrayEquals(cv.cvm(), loaded.cvm(), 0.0);
    assertArrayEquals(cv.cvsd(), loaded.cvsd(), 0.0);
    assertArrayEquals(cv.nonZeros(), loaded.nonZeros());
    assertArrayEquals(cv.foldWeights(), loaded.foldWeights(), 0.0);
    assertArrayEquals(cv.foldRows(), loaded.foldRows());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(cv.foldDeviance()[k], loaded.foldDeviance()[k], 0.0);
    }
    assertEquals(cv.indexMin(), loaded.indexMin());
    assertEquals(cv.index1se(), loaded.index1se());
    assertEquals(cv.selectedLambda(), loaded.selectedLambda(), 0.0);
    assertEquals(cv.passes(), loaded.passes());
    assertEquals("fold", loaded.getOrDefault(loaded.foldCol()));
    assertEquals("eta", loaded.getOrDefault(loaded.linkPredictionCol()));
    assertEquals(cv.bestModel().coefficients(), loaded.bestModel().coefficients());
    assertEquals(cv.bestModel().intercept(), loaded.bestModel().intercept(), 0.0);
    assertTrue(!loaded.hasSummary());

    String pipelineDir = tmp.resolve("pipeline").toString();
    fitted.write().save(pipelineDir);
    PipelineModel back = PipelineModel.load(pipelineDir);
    GlmRegressionCVModel inPipeline = assertInstanceOf(GlmRegressionCVModel.class, back.stages()[1]);
    assertArrayEquals(cv.cvm(), inPipeline.cvm(), 0.0);
    List<Row> before = fitted.transform(raw).select("prediction", "eta").collectAsList();
    assertEquals(before, back.transform(raw).select("prediction", "eta").collectAsList());
    assertEquals(before, loaded.transform(new VectorAssembler().setInputCols(x).setOutputCol("features")
        .transform(raw)).select("prediction", "eta").collectAsList());

    String estimatorDir = tmp.resolve("estimator").toString();
    estimator.copy(org.apache.spark.ml.param.ParamMap.empty()).setLambdas(new double[] {0.1, 0.01})
        .setSelection("1se").setFoldSeed(5L).write().save(estimatorDir);
    GlmRegressionCV e = GlmRegressionCV.load(estimatorDir);
    assertArrayEquals(new double[] {0.1, 0.01}, e.getOrDefault(e.lambdas()), 0.0);
    assertEquals("1se", e.getOrDefault(e.selection()));
    assertEquals(5L, (Long) e.getOrDefault(e.foldSeed()));
    assertEquals("fold", e.getOrDefault(e.foldCol()));
    raw.unpersist();
  }

  /** A fold column of feature columns: excluded from the features, the same curve as the assembled vector's. */
  @Test
  void featureColumnGlobsLeaveTheFoldColumnOut() throws Exception {
    JsonNode ref = reference("binom_cv");
    Dataset<Row> df = data("binom", ints(ref.path("foldid"))).cache();
    double[] lambdas = Arrays.copyOf(doubles(ref.path("lambdas")), 6);
    GlmRegressionCVModel vector = lasso("binomial", false).setFoldCol("fold").setLambdas(lambdas).fit(df);
    GlmRegressionCVModel columns = lasso("binomial", false).setFoldCol("fold").setLambdas(lambdas)
        .setFeatureCols("*").fit(df.drop("features"));
    assertEquals(15, columns.bestModel().numFeatures());
    assertEquals(List.of(columns.getOrDefault(columns.featureCols())), List.of(vector.bestModel().summary()
        .featureNames().size() == 15 ? columns.bestModel().getOrDefault(columns.bestModel().featureCols())
        : new String[0]));
    assertTrue(!List.of(columns.getOrDefault(columns.featureCols())).contains("fold"));
    for (int l = 0; l < lambdas.length; l++) {
      assertEquals(vector.cvm()[l], columns.cvm()[l], 1e-9 * vector.cvm()[l]);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lasso("binomial", false)
        .setFoldCol("fold").setFeatureCols("x1", "fold").fit(df));
    assertTrue(e.getMessage().contains("featureCols names the foldCol 'fold'"), e.getMessage());
    df.unpersist();
  }

  @Test
  void badFoldColumnsAndLambdasAreNamed() throws Exception {
    Dataset<Row> df = data("binom", null).drop("fold");
    Dataset<Row> ok = df.withColumn("f", functions.pmod(functions.monotonically_increasing_id(),
        functions.lit(3)).cast("int"));
    GlmRegressionCV cv = lasso("binomial", false).setFoldCol("f").setNLambda(3);
    assertMessage(cv, ok.withColumn("f", functions.when(functions.col("x1").gt(0.9), functions.lit(-1))
        .otherwise(functions.col("f"))), "foldCol 'f' has value -1");
    assertMessage(cv, ok.withColumn("f", functions.when(functions.col("x1").gt(0.9), functions.lit(null))
        .otherwise(functions.col("f"))), "foldCol 'f' has a null value");
    assertMessage(cv, ok.withColumn("f", functions.col("f").plus(1)), "foldCol 'f': fold 0 of 0..3 has no rows");
    assertMessage(cv, ok.withColumn("f", functions.lit(0)), "foldCol 'f' holds one fold only");
    assertMessage(cv, ok.withColumn("f", functions.col("f").cast("double")), "foldCol 'f' has type double");
    assertMessage(cv, df, "foldCol 'f' does not exist");
    assertMessage(lasso("binomial", false).setLambdas(new double[] {0.1, 0.2}), df,
        "Param lambdas must be strictly decreasing, got 0.2 after 0.1");
    assertMessage(lasso("negative-binomial", false), df, "Param theta is required");
  }

  private static void assertMessage(GlmRegressionCV cv, Dataset<Row> df, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cv.fit(df));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }
}
