package io.sparkglm.spark.ml;

import io.sparkglm.core.fit.CvCurve;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link GlmRegressionCV}: the cross-validation curve ({@link #lambdas}, {@link #cvm}, {@link #cvsd},
 * {@link #lambdaMin}, {@link #lambda1se}, the per-fold figures) and {@link #bestModel()}, the fit on all the data at
 * the chosen lambda ({@link #selectedLambda()}, also the model's regParam). {@link #transform} scores exactly as the
 * best model does, with this model's input and output column Params. Saved and loaded in spark.ml's format, alone
 * or inside a PipelineModel: {@code metadata/}, {@code data/} (the curve, one Parquet row) and {@code bestModel/}
 * (a {@link GlmRegressionModel} directory).
 */
public final class GlmRegressionCVModel extends Model<GlmRegressionCVModel> implements HasGlmCvParams, MLWritable {
  private static final long serialVersionUID = 1L;
  /** The Params the best model scores with, taken from this model at each transform. */
  private static final List<String> SCORING = List.of("featuresCol", "featureCols", "offsetCol", "predictionCol",
      "linkPredictionCol", "rawPredictionCol", "probabilityCol");
  private final String uid;
  private final GlmParams params;
  private final GlmCvParams cvParams;
  private final GlmRegressionModel best;
  private final CvFigures figures;

  /**
   * A model with no coefficients and a one-point curve, for {@link java.util.ServiceLoader} only (Spark Connect's
   * lookup through {@code META-INF/services/org.apache.spark.ml.Transformer}); a model comes from
   * {@link GlmRegressionCV#fit} or {@link #load}.
   */
  public GlmRegressionCVModel() {
    this(Identifiable$.MODULE$.randomUID("glmCV"), new GlmRegressionModel(Identifiable$.MODULE$.randomUID("glm"),
        Vectors.dense(new double[0]), 0.0), new CvFigures(new CvCurve(new double[] {0.0}, new double[] {0.0},
            new double[] {0.0}, 0, 0), 0, new int[1], new double[][] {{0.0}, {0.0}}, new double[] {1, 1},
            new long[] {1, 1}, 0));
  }

  GlmRegressionCVModel(String uid, GlmRegressionModel best, CvFigures figures) {
    this.uid = uid;
    this.params = new GlmParams(this);
    this.cvParams = new GlmCvParams(this);
    params.setDefaults(this);
    cvParams.setDefaults(this);
    this.best = best;
    this.figures = figures;
  }

  @Override
  public GlmParams glmParams() {
    return params;
  }

  @Override
  public GlmCvParams cvParams() {
    return cvParams;
  }

  @Override
  public String uid() {
    return uid;
  }

  CvFigures figures() {
    return figures;
  }

  /** Sets regParam and featureCols to the best model's (the chosen lambda; the resolved column names). */
  void syncWithBest() {
    set(regParam(), best.getOrDefault(best.regParam()));
    if (!best.featureColumns().isEmpty()) {
      set(featureCols(), best.getOrDefault(best.featureCols()));
    }
  }

  /** The fit on all the data at {@link #selectedLambda()} (its summary when fitted in this session). */
  public GlmRegressionModel bestModel() {
    return best;
  }

  /** The cross-validated lambdas, decreasing (cv.glmnet's {@code lambda}). */
  public double[] lambdas() {
    return figures.curve().lambdas().clone();
  }

  /** The mean held-out deviance at each lambda (cv.glmnet's {@code cvm}). */
  public double[] cvm() {
    return figures.curve().cvm().clone();
  }

  /** Its standard error at each lambda (cv.glmnet's {@code cvsd}). */
  public double[] cvsd() {
    return figures.curve().cvsd().clone();
  }

  /** The lambda with the smallest {@code cvm} (cv.glmnet's {@code lambda.min}). */
  public double lambdaMin() {
    return figures.curve().lambdaMin();
  }

  /** The largest lambda whose {@code cvm} is within one {@code cvsd} of the minimum ({@code lambda.1se}). */
  public double lambda1se() {
    return figures.curve().lambda1se();
  }

  /** The index of {@link #lambdaMin()} in {@link #lambdas()}. */
  public int indexMin() {
    return figures.curve().indexMin();
  }

  /** The index of {@link #lambda1se()} in {@link #lambdas()}. */
  public int index1se() {
    return figures.curve().index1se();
  }

  /** The best model's lambda: {@link #lambdaMin()} or {@link #lambda1se()} as the selection Param chose. */
  public double selectedLambda() {
    return figures.curve().lambdas()[figures.selected()];
  }

  /** Non-zero coefficients of the full-data path at each lambda (cv.glmnet's {@code nzero}). */
  public int[] nonZeros() {
    return figures.nonZeros().clone();
  }

  /** {@code K x L}: each fold's weighted mean held-out deviance at each lambda. */
  public double[][] foldDeviance() {
    double[][] out = new double[figures.foldDeviance().length][];
    for (int k = 0; k < out.length; k++) {
      out[k] = figures.foldDeviance()[k].clone();
    }
    return out;
  }

  /** Each fold's held-out weight sum (length K). */
  public double[] foldWeights() {
    return figures.foldWeights().clone();
  }

  /** Each fold's held-out row count (length K). */
  public long[] foldRows() {
    return figures.foldRows().clone();
  }

  /** Data passes of the cross validation (every fold's path and evaluation; the final fit not included). */
  public long passes() {
    return figures.passes();
  }

  /** Whether the best model has a training summary (only when fitted in this session). */
  public boolean hasSummary() {
    return best.hasSummary();
  }

  /** The best model's training summary; throws when the model was loaded. */
  public GlmTrainingSummary summary() {
    return best.summary();
  }

  /** Sets the prediction column. */
  public GlmRegressionCVModel setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /** Sets the link-scale prediction column (empty for none). */
  public GlmRegressionCVModel setLinkPredictionCol(String value) {
    set(linkPredictionCol(), value);
    return this;
  }

  /** Sets the features column. */
  public GlmRegressionCVModel setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  /** Sets numeric feature columns, one per coefficient in order, used instead of the vector column. */
  public GlmRegressionCVModel setFeatureCols(String... value) {
    set(featureCols(), value);
    return this;
  }

  /** Sets the offset column (empty for none). */
  public GlmRegressionCVModel setOffsetCol(String value) {
    set(offsetCol(), value);
    return this;
  }

  /** The best model with this model's column Params. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private GlmRegressionModel scorer() {
    GlmRegressionModel m = best.copy(ParamMap.empty());
    for (String name : SCORING) {
      Param p = getParam(name);
      m.set(m.getParam(name), getOrDefault(p));
    }
    return m;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return scorer().transform(dataset);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return scorer().transformSchema(schema);
  }

  @Override
  public GlmRegressionCVModel copy(ParamMap extra) {
    GlmRegressionCVModel m = copyValues(new GlmRegressionCVModel(uid, best.copy(ParamMap.empty()), figures),
        extra);
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new CvModelPersistence.Writer(this);
  }

  /** Reads a model saved with {@link #write()}. */
  public static MLReader<GlmRegressionCVModel> read() {
    return new CvModelPersistence.Reader();
  }

  /** Loads a model saved at {@code path}. */
  public static GlmRegressionCVModel load(String path) {
    return read().load(path);
  }
}
