package io.sparkglm.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.spark.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark.ml Estimator and Model: fit, transform, Pipelines, CrossValidator, persistence. */
class GlmRegressionTest {
  @TempDir
  Path tmp;

  private static SparkSession spark() {
    return SparkTestSession.get();
  }

  /** binom.csv of the reference set, as (label, features) with features assembled from x1..x15. */
  private static Dataset<Row> binom() throws Exception {
    String path = Path.of(GlmRegressionTest.class.getResource("/reference/data/binom.csv").toURI()).toString();
    Dataset<Row> raw = spark().read().option("header", "true").option("inferSchema", "true").csv(path);
    String[] cols = new String[15];
    for (int j = 0; j < 15; j++) {
      cols[j] = "x" + (j + 1);
    }
    return new VectorAssembler().setInputCols(cols).setOutputCol("features").transform(raw)
        .select("label", "features");
  }

  /**
   * The stage's path (what PySpark's {@code GlmRegression.path} calls) at lambdas (0.1, 0.034): the second point is
   * glmnet's lasso of {@link #fitsTheGlmnetLassoReferenceAndPredicts} (binom__binomial__lasso.json, R glmnet 4.1-6,
   * alpha=1, lambda=0.034, standardize=FALSE); the default sequence starts at lambda_max with every coefficient 0.
   */
  @Test
  void pathAsADataFrameReachesTheGlmnetReference() throws Exception {
    double[] expected = {0.0, 0.0, 0.0, 0.12577897631333565, 0.0, -0.024194395729410106, 0.0, 0.0, 0.0,
        0.2705440694594837, 0.0, -0.10282000748309028, 0.0, 0.013103409699567001, 0.008939966701495777};
    GlmRegression glm = new GlmRegression().setFamily("binomial").setElasticNetParam(1.0).setStandardization(false)
        .setTol(1e-10);
    List<Row> given = glm.path(binom(), new double[] {0.1, 0.034}).collectAsList();
    assertEquals(List.of("lambda", "nonZeros", "objective", "deviance", "devianceExplained", "kkt", "iterations",
        "passes", "status", "intercept", "coefficients"), List.of(GlmPath.SCHEMA.fieldNames()));
    assertEquals(2, given.size());
    assertEquals(0.034, given.get(1).getDouble(0));
    assertEquals("CONVERGED", given.get(1).getString(8));
    Vector b = given.get(1).getAs("coefficients");
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], b.apply(j), 1e-5, "coefficient " + j);
    }
    assertEquals(6, given.get(1).getInt(1), "non-zeros");
    List<Row> sequence = glm.path(binom(), 4).collectAsList();
    assertEquals(4, sequence.size());
    assertEquals(0, sequence.get(0).getInt(1), "lambda_max zeroes every coefficient");
    assertTrue(sequence.get(3).getDouble(0) < sequence.get(0).getDouble(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GlmRegression().setFamily("negative-binomial").path(binom(), 3));
    assertTrue(e.getMessage().contains("Param theta is required"), e.getMessage());
    GlmRegressionModel start = new GlmRegressionModel("m", Vectors.dense(new double[15]), 0.0);
    e = assertThrows(IllegalArgumentException.class, () -> glm.copy(ParamMap.empty()).setInitialModel(start)
        .path(binom(), 3));
    assertTrue(e.getMessage().contains("path does not take an initial model"), e.getMessage());
  }

  /** The summary's coefficient table as a DataFrame holds the rows of {@code statistics().coefficients()}. */
  @Test
  void coefficientTableDataFrameIsTheStatisticsTable() throws Exception {
    GlmRegressionModel model = new GlmRegression().setFamily("binomial").fit(binom());
    List<io.sparkglm.spark.stats.GlmStatistics.Coefficient> table = model.summary().statistics().coefficients();
    List<Row> rows = model.summary().coefficientTable().collectAsList();
    assertEquals(16, rows.size());
    for (int k = 0; k < rows.size(); k++) {
      var c = table.get(k);
      assertEquals(RowFactory.create(c.name(), c.estimate(), c.stdError(), c.statistic(), c.pValue()), rows.get(k));
    }
    assertEquals("(Intercept)", rows.get(0).getString(0));
  }

  @Test
  void fitsTheGlmnetLassoReferenceAndPredicts() throws Exception {
    // Reference: binom__binomial__lasso.json (R glmnet 4.1-6, alpha=1, lambda=0.034, standardize=FALSE).
    double[] expected = {0.0, 0.0, 0.0, 0.12577897631333565, 0.0, -0.024194395729410106, 0.0, 0.0, 0.0,
        0.2705440694594837, 0.0, -0.10282000748309028, 0.0, 0.013103409699567001, 0.008939966701495777};
    GlmRegressionModel model = new GlmRegression().setFamily("binomial").setRegParam(0.034)
        .setElasticNetParam(1.0).setStandardization(false).setTol(1e-10).fit(binom());
    assertTrue(model.summary().converged());
    assertTrue(model.summary().kktViolation() <= 1e-8);
    assertEquals(2 * 4000 * 0.6631061475264833 - 2 * 4000 * 0.034 * l1Norm(expected),
        model.summary().statistics().deviance(), 1e-5, "deviance = 2 n (F - penalty) for binomial 0/1 labels");
    assertEquals(15, model.numFeatures());
    Dataset<Row> scored = model.transform(binom());
    double auc = new BinaryClassificationEvaluator().setNumBins(0).evaluate(scored);
    assertEquals(mannWhitneyAuc(scored.select("label", "prediction").collectAsList()), auc, 1e-9);
    Row first = scored.head();
    Vector x = first.getAs("features");
    double eta = model.linkPredict(x);
    double mu = 1 / (1 + Math.exp(-eta));
    assertEquals(mu, (double) first.getAs("prediction"), 1e-12);
    assertEquals(mu, ((Vector) first.getAs("probability")).apply(1), 1e-12);
    assertEquals(eta, ((Vector) first.getAs("rawPrediction")).apply(1), 1e-12);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], model.coefficients().apply(j), 1e-5, "coefficient " + j);
    }
    GlmEvaluation eval = model.evaluate(binom());
    assertEquals(0.6631061475264833 - 0.034 * l1Norm(expected), eval.logLoss(), 1e-6, "log-loss = data term");
    assertEquals(auc, eval.auc(), 1e-12);
    assertEquals(4000, eval.rows());
  }

  private static double l1Norm(double[] b) {
    double s = 0;
    for (double v : b) {
      s += Math.abs(v);
    }
    return s;
  }

  /** AUC as the Mann-Whitney statistic (ties count one half), computed directly from the scores. */
  private static double mannWhitneyAuc(List<Row> rows) {
    List<Double> pos = new ArrayList<>();
    List<Double> neg = new ArrayList<>();
    for (Row r : rows) {
      (((Number) r.get(0)).doubleValue() == 1.0 ? pos : neg).add(r.getDouble(1));
    }
    double wins = 0;
    for (double p : pos) {
      for (double q : neg) {
        wins += p > q ? 1 : p == q ? 0.5 : 0;
      }
    }
    return wins / ((double) pos.size() * neg.size());
  }

  @Test
  void worksInAPipelineAfterVectorAssemblerAndStandardScalerAndSurvivesSaveLoad() throws Exception {
    Dataset<Row> data = binom();
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"),
        new GlmRegression().setFamily("binomial").setFeaturesCol("scaled").setRegParam(0.01)});
    PipelineModel fitted = pipeline.fit(data);
    Dataset<Row> before = fitted.transform(data).select("prediction");
    String dir = tmp.resolve("pipeline").toString();
    fitted.write().overwrite().save(dir);
    PipelineModel loaded = PipelineModel.load(dir);
    List<Row> a = before.collectAsList();
    List<Row> b = loaded.transform(data).select("prediction").collectAsList();
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).getDouble(0), b.get(i).getDouble(0), 0.0, "row " + i);
    }
    String estimatorDir = tmp.resolve("estimator").toString();
    GlmRegression glm = new GlmRegression().setFamily("poisson").setRegParam(0.3).setSolver("lbfgs");
    glm.write().save(estimatorDir);
    GlmRegression back = GlmRegression.load(estimatorDir);
    assertEquals("poisson", back.getOrDefault(back.family()));
    assertEquals(0.3, (Double) back.getOrDefault(back.regParam()), 0.0);
    assertEquals("lbfgs", back.getOrDefault(back.solver()));
  }

  /** binom.csv as read: label and x1..x15, one numeric column per feature (x3 cast to float). */
  private static Dataset<Row> binomColumns() throws Exception {
    String path = Path.of(GlmRegressionTest.class.getResource("/reference/data/binom.csv").toURI()).toString();
    Dataset<Row> raw = spark().read().option("header", "true").option("inferSchema", "true").csv(path);
    return raw.withColumn("x3", raw.col("x3").cast(DataTypes.FloatType)).withColumn("note",
        org.apache.spark.sql.functions.lit("n/a"));
  }

  @Test
  void numericFeatureColumnsFitAsTheAssembledVectorDoesAndScoreWithoutAssembling() throws Exception {
    Dataset<Row> columns = binomColumns();
    String[] names = new String[15];
    for (int j = 0; j < 15; j++) {
      names[j] = "x" + (j + 1);
    }
    Dataset<Row> assembled = new VectorAssembler().setInputCols(names).setOutputCol("features").transform(columns);
    GlmRegressionModel byVector = new GlmRegression().setFamily("binomial").setRegParam(0.034)
        .setElasticNetParam(1).setStandardization(false).setTol(1e-12).fit(assembled);
    // A glob and a name, in another order: the columns come in the data's order, each once; "note" (a string) is
    // not matched, the label is excluded.
    GlmRegressionModel byColumns = new GlmRegression().setFamily("binomial").setRegParam(0.034)
        .setElasticNetParam(1).setStandardization(false).setTol(1e-12).setFeatureCols("x1?", "x*").fit(columns);
    assertEquals(List.of(names), List.of(byColumns.getOrDefault(byColumns.featureCols())));
    assertEquals(List.of(names), byColumns.summary().featureNames());
    // The same blocks, so the same fit to the last bit.
    assertEquals(byVector.coefficients(), byColumns.coefficients());
    assertEquals(byVector.intercept(), byColumns.intercept(), 0.0);

    // Scoring needs no vector column; the same means as the vector path to rounding.
    List<Row> a = byVector.transform(assembled).select("prediction", "probability").collectAsList();
    Dataset<Row> scoredColumns = byColumns.transform(columns);
    assertTrue(!List.of(scoredColumns.columns()).contains("features"));
    List<Row> b = scoredColumns.select("prediction", "probability").collectAsList();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).getDouble(0), b.get(i).getDouble(0), 1e-14, "row " + i);
      assertEquals(((Vector) a.get(i).get(1)).apply(1), ((Vector) b.get(i).get(1)).apply(1), 1e-14, "row " + i);
    }

    // Saved and loaded with the resolved names.
    String dir = tmp.resolve("columns-model").toString();
    byColumns.write().save(dir);
    GlmRegressionModel loaded = GlmRegressionModel.load(dir);
    assertEquals(List.of(names), List.of(loaded.getOrDefault(loaded.featureCols())));
    assertEquals(b, loaded.transform(columns).select("prediction", "probability").collectAsList());

    // Bad columns are named before any job: no match, a string column, a scoring set without a column.
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new GlmRegression()
        .setFamily("binomial").setFeatureCols("z*").fit(columns));
    assertTrue(none.getMessage().contains("'z*' matches no column"), none.getMessage());
    IllegalArgumentException text = assertThrows(IllegalArgumentException.class, () -> new GlmRegression()
        .setFamily("binomial").setFeatureCols("x1", "note").fit(columns));
    assertTrue(text.getMessage().contains("note"), text.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> byColumns.transform(columns.drop("x7")));
    assertTrue(missing.getMessage().contains("'x7' matches no column"), missing.getMessage());
    // A null feature value stops scoring with the column's name, not a silent null or zero.
    Dataset<Row> withNull = columns.withColumn("x2", org.apache.spark.sql.functions.when(
        columns.col("x1").gt(0.9), org.apache.spark.sql.functions.lit(null)).otherwise(columns.col("x2")));
    Exception nullValue = assertThrows(Exception.class, () -> byColumns.transform(withNull).collectAsList());
    assertTrue(String.valueOf(nullValue.getMessage()).contains("feature column 'x2' has a null value"),
        String.valueOf(nullValue.getMessage()));
  }

  /** Issue 14: the stage's summary carries the status and the named warnings (here a duplicated column). */
  @Test
  void theSummaryReportsAliasedColumnsAndTheStatus() throws Exception {
    Dataset<Row> data = binomColumns().withColumn("x1_again", org.apache.spark.sql.functions.col("x1"));
    GlmRegressionModel model = new GlmRegression().setFamily("binomial")
        .setFeatureCols(new String[] {"x1", "x2", "x1_again"}).fit(data);
    assertEquals("CONVERGED", model.summary().status());
    assertEquals(1, model.summary().warnings().size());
    assertTrue(model.summary().warnings().get(0).startsWith("aliased: "), model.summary().warnings().get(0));
    assertTrue(Double.isNaN(model.summary().statistics().coefficients().get(3).estimate()));
    assertEquals(0.0, model.coefficients().apply(2), 0.0);
    assertTrue(model.summary().relativeKkt() <= 1e-7);
  }

  @Test
  void modelSaveLoadKeepsCoefficientsAndParams() throws Exception {
    GlmRegressionModel model = new GlmRegression().setFamily("binomial").setLinkPredictionCol("eta")
        .fit(binom());
    String dir = tmp.resolve("model").toString();
    model.write().save(dir);
    GlmRegressionModel loaded = GlmRegressionModel.load(dir);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(model.intercept(), loaded.intercept(), 0.0);
    assertEquals(model.coefficients(), loaded.coefficients());
    assertEquals("eta", loaded.getOrDefault(loaded.linkPredictionCol()));
    assertTrue(!loaded.hasSummary());
  }

  /** y = 2 + 3 x1 + noise, x2 pure noise: a huge penalty (which zeroes x1) must lose to no penalty. */
  @Test
  void crossValidatorPicksTheRegParamThatIsKnownToBeBest() {
    Random rnd = new Random(4);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double x1 = rnd.nextGaussian();
      double x2 = rnd.nextGaussian();
      rows.add(RowFactory.create(2 + 3 * x1 + 0.5 * rnd.nextGaussian(), Vectors.dense(x1, x2)));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features",
        SQLDataTypes.VectorType());
    Dataset<Row> data = spark().createDataFrame(rows, schema);
    GlmRegression glm = new GlmRegression().setFamily("gaussian").setElasticNetParam(1.0);
    ParamMap[] grid = new ParamGridBuilder().addGrid(glm.regParam(), new double[] {50.0, 0.0, 10.0}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(glm).setEstimatorParamMaps(grid)
        .setEvaluator(new RegressionEvaluator().setMetricName("rmse")).setNumFolds(3).setSeed(1).fit(data);
    GlmRegressionModel best = (GlmRegressionModel) cv.bestModel();
    assertEquals(0.0, (Double) best.getOrDefault(best.regParam()), 0.0);
    assertEquals(3.0, best.coefficients().apply(0), 0.1);
    GlmEvaluation eval = best.evaluate(data);
    double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(best.transform(data));
    assertEquals(rmse, eval.rmse(), 1e-12);
    assertTrue(Double.isNaN(eval.auc()));
  }

  @Test
  void sparseVectorsAndEmptyPartitionsAreHandled() {
    List<Row> rows = new ArrayList<>();
    Random rnd = new Random(6);
    for (int i = 0; i < 60; i++) {
      double x = rnd.nextGaussian();
      rows.add(RowFactory.create(rnd.nextDouble() < 1 / (1 + Math.exp(-0.5 * x)) ? 1.0 : 0.0,
          i % 2 == 0 ? Vectors.sparse(4, new int[] {0}, new double[] {x}) : Vectors.dense(x, 0, 0, 0)));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features",
        SQLDataTypes.VectorType());
    // Hash-partitioned on a two-valued label: at most 2 of the 8 partitions hold rows.
    Dataset<Row> data = spark().createDataFrame(rows, schema).repartition(8, org.apache.spark.sql.functions.col(
        "label"));
    GlmRegressionModel m = new GlmRegression().setFamily("binomial").fit(data);
    assertTrue(m.summary().converged());
    assertEquals(0.0, m.coefficients().apply(1), 0.0, "all-zero column");
  }

  @Test
  void wrongColumnTypesAreRejectedWithTheirNames() {
    StructType schema = new StructType().add("label", DataTypes.StringType).add("features",
        SQLDataTypes.VectorType());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GlmRegression().transformSchema(schema));
    assertTrue(e.getMessage().contains("label column 'label' must be numeric"), e.getMessage());
    StructType noFeatures = new StructType().add("label", DataTypes.DoubleType);
    e = assertThrows(IllegalArgumentException.class, () -> new GlmRegression().transformSchema(noFeatures));
    assertTrue(e.getMessage().contains("features column 'features' does not exist"), e.getMessage());
  }

  /** The stochastic solvers are found by name; their options pass through solverOptions and are checked. */
  @Test
  void stochasticSolverByNameWithOptions() throws Exception {
    Dataset<Row> data = binom();
    GlmRegressionModel newton = new GlmRegression().setFamily("binomial").setRegParam(0.01).fit(data);
    GlmRegressionModel sgd = new GlmRegression().setFamily("binomial").setRegParam(0.01).setSolver("sgd")
        .setMaxIter(100_000).setSolverOptions(new String[] {"batchSchedule=geometric", "batchSize=256",
            "batchFactor=5", "epochs=8"}).fit(data);
    assertEquals("sgd", sgd.summary().solver());
    double gap = (sgd.summary().objective() - newton.summary().objective()) / newton.summary().objective();
    assertTrue(gap >= -1e-12 && gap <= 1e-3, "relative gap " + gap);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GlmRegression().setFamily("binomial").setSolver("sgd")
            .setSolverOptions(new String[] {"batchSchedule=huge"}).fit(data));
    assertTrue(e.getMessage().contains("batchSchedule must be one of constant, geometric, adaptive"),
        e.getMessage());
  }

  /**
   * Issue 16 (2): the stage's {@code aggregation} Param runs the fit in one barrier stage with the same answer as the
   * tree aggregation (to 1e-9, as AllreduceTest checks for the trainer), is saved with the model, and is refused
   * where it does not apply (a path), naming the Param; an unknown value fails when set.
   */
  @Test
  void allreduceAggregationParamGivesTheTreeAnswer() throws Exception {
    Dataset<Row> data = binom().repartition(3);
    GlmRegression tree = new GlmRegression().setFamily("binomial").setRegParam(0.02).setElasticNetParam(0.5)
        .setSolver("lbfgs");
    GlmRegressionModel byTree = tree.fit(data);
    GlmRegressionModel byAllreduce = tree.copy(org.apache.spark.ml.param.ParamMap.empty()).setAggregation("allreduce")
        .fit(data);
    assertEquals("tree", byTree.getOrDefault(byTree.aggregation()));
    assertEquals("allreduce", byAllreduce.getOrDefault(byAllreduce.aggregation()));
    assertEquals(byTree.summary().status(), byAllreduce.summary().status());
    double[] a = byTree.coefficients().toArray();
    double[] b = byAllreduce.coefficients().toArray();
    for (int j = 0; j < a.length; j++) {
      assertEquals(a[j], b[j], 1e-9, "coefficient " + j);
    }
    assertEquals(byTree.intercept(), byAllreduce.intercept(), 1e-9);
    String dir = tmp.resolve("allreduce-model").toString();
    byAllreduce.write().save(dir);
    GlmRegressionModel loaded = GlmRegressionModel.load(dir);
    assertEquals("allreduce", loaded.getOrDefault(loaded.aggregation()));

    IllegalArgumentException path = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GlmRegression().setFamily("binomial").setAggregation("allreduce").path(data, 5));
    assertTrue(path.getMessage().contains("Param aggregation allreduce"), path.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GlmRegression().setAggregation("ring"));
  }
}
