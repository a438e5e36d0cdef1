package io.sparkglm.spark.ml;

import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted GLM: coefficients on the original feature scale and an intercept. {@link #transform} adds the
 * mean {@code mu = g^-1(eta)} ({@code predictionCol}), optionally {@code eta} ({@code linkPredictionCol}), and
 * for binomial {@code rawPrediction = [-eta, eta]} and {@code probability = [1 - mu, mu]}, so
 * {@code BinaryClassificationEvaluator} works. The offset column is used when the data have it.
 * Saved and loaded in spark.ml's own format (metadata JSON + Parquet), alone or inside a PipelineModel.
 */
public final class GlmRegressionModel extends Model<GlmRegressionModel> implements HasGlmParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final GlmParams params;
  private final Vector coefficients;
  private final double intercept;
  private transient GlmTrainingSummary summary;

  /**
   * A model with no coefficients, for {@link java.util.ServiceLoader} only: Spark Connect finds the stage classes it
   * may load through {@code META-INF/services/org.apache.spark.ml.Transformer}, whose entries need a public no-argument
   * constructor. A model comes from {@link GlmRegression#fit} or {@link #load}.
   */
  public GlmRegressionModel() {
    this(Identifiable$.MODULE$.randomUID("glm"), Vectors.dense(new double[0]), 0.0);
  }

  /**
   * @param coefficients on the original feature scale
   */
  public GlmRegressionModel(String uid, Vector coefficients, double intercept) {
    this.uid = uid;
    this.params = new GlmParams(this);
    params.setDefaults(this);
    this.coefficients = coefficients;
    this.intercept = intercept;
  }

  @Override
  public GlmParams glmParams() {
    return params;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The coefficients (original scale). */
  public Vector coefficients() {
    return coefficients;
  }

  /** The intercept. */
  public double intercept() {
    return intercept;
  }

  /** Number of features. */
  public int numFeatures() {
    return coefficients.size();
  }

  /** Whether a training summary is available (only on a freshly fitted model). */
  public boolean hasSummary() {
    return summary != null;
  }

  /** The training summary; throws when the model was loaded. */
  public GlmTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("no training summary: this model was loaded, not fitted in this session");
    }
    return summary;
  }

  void setSummary(GlmTrainingSummary summary) {
    this.summary = summary;
  }

  /** Sets the prediction column. */
  public GlmRegressionModel setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /** Sets the link-scale prediction column (empty for none). */
  public GlmRegressionModel setLinkPredictionCol(String value) {
    set(linkPredictionCol(), value);
    return this;
  }

  /** Sets the features column. */
  public GlmRegressionModel setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  /**
   * Sets numeric feature columns (names or globs), one per coefficient in order, used instead of the vector
   * column. A model fitted on feature columns has them set to the names they resolved to.
   */
  public GlmRegressionModel setFeatureCols(String... value) {
    set(featureCols(), value);
    return this;
  }

  /** Sets the offset column (empty for none). */
  public GlmRegressionModel setOffsetCol(String value) {
    set(offsetCol(), value);
    return this;
  }

  /** The linear predictor of one feature vector (no offset). */
  public double linkPredict(Vector features) {
    if (features.size() != coefficients.size()) {
      throw new IllegalArgumentException("features have size " + features.size() + ", the model has "
          + coefficients.size());
    }
    return features.dot(coefficients) + intercept;
  }

  /** The family and link of the params ({@link IllegalArgumentException} for unknown or unsupported ones). */
  GlmLoss loss() {
    Family f = parsedFamily();
    String l = getOrDefault(link());
    return GlmLoss.of(f, l.isEmpty() ? f.defaultLink() : Link.parse(l));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    GlmLoss loss = loss();
    Vector beta = coefficients;
    double b0 = intercept;
    String offset = optionalColumn(offsetCol());
    boolean withOffset = offset != null && List.of(dataset.columns()).contains(offset);
    List<String> featureColumns = GlmSchemas.requireFeatures(this, dataset.schema());
    Column eta;
    if (!featureColumns.isEmpty()) {
      eta = linearPredictor(featureColumns, withOffset ? offset : null);
    } else if (withOffset) {
      Column features = functions.col(getOrDefault(featuresCol()));
      UserDefinedFunction f = functions.udf((UDF2<Vector, Double, Double>) (x, o) -> x.dot(beta) + b0 + o,
          DataTypes.DoubleType);
      eta = f.apply(features, functions.col(offset).cast(DataTypes.DoubleType));
    } else {
      Column features = functions.col(getOrDefault(featuresCol()));
      UserDefinedFunction f = functions.udf((UDF1<Vector, Double>) x -> x.dot(beta) + b0, DataTypes.DoubleType);
      eta = f.apply(features);
    }
    UserDefinedFunction mean = functions.udf((UDF1<Double, Double>) loss::mean, DataTypes.DoubleType);
    List<String> names = new ArrayList<>();
    List<Column> columns = new ArrayList<>();
    add(names, columns, optionalColumn(linkPredictionCol()), eta);
    add(names, columns, optionalColumn(predictionCol()), mean.apply(eta));
    if (loss.family().predictsProbability()) {
      UserDefinedFunction raw = functions.udf((UDF1<Double, Vector>) e -> Vectors.dense(-e, e),
          SQLDataTypes.VectorType());
      UserDefinedFunction prob = functions.udf((UDF1<Double, Vector>) e -> {
        double mu = loss.mean(e);
        return Vectors.dense(1 - mu, mu);
      }, SQLDataTypes.VectorType());
      add(names, columns, optionalColumn(rawPredictionCol()), raw.apply(eta));
      add(names, columns, optionalColumn(probabilityCol()), prob.apply(eta));
    }
    return dataset.withColumns(scala.jdk.javaapi.CollectionConverters.asScala(names).toSeq(),
        scala.jdk.javaapi.CollectionConverters.asScala(columns).toSeq());
  }

  /**
   * {@code intercept + sum_j coef_j x_j (+ offset)} over numeric columns, as a Catalyst expression (no UDF, no
   * assembled vector); summed as a balanced tree, so thousands of columns do not make one deep expression. A null
   * feature value stops the job with the column's name.
   */
  private Column linearPredictor(List<String> columns, String offset) {
    if (columns.size() != coefficients.size()) {
      throw new IllegalArgumentException("featureCols selects " + columns.size() + " columns " + columns
          + ", the model has " + coefficients.size() + " coefficients");
    }
    List<Column> terms = new ArrayList<>();
    for (int j = 0; j < columns.size(); j++) {
      Column x = functions.col(columns.get(j)).cast(DataTypes.DoubleType);
      Column checked = functions.when(x.isNull(), functions.raise_error(functions.lit("feature column '"
          + columns.get(j) + "' has a null value"))).otherwise(x);
      terms.add(checked.multiply(coefficients.apply(j)));
    }
    terms.add(functions.lit(intercept));
    if (offset != null) {
      terms.add(functions.col(offset).cast(DataTypes.DoubleType));
    }
    while (terms.size() > 1) {
      List<Column> next = new ArrayList<>();
      for (int i = 0; i + 1 < terms.size(); i += 2) {
        next.add(terms.get(i).plus(terms.get(i + 1)));
      }
      if (terms.size() % 2 == 1) {
        next.add(terms.get(terms.size() - 1));
      }
      terms = next;
    }
    return terms.get(0);
  }

  private static void add(List<String> names, List<Column> columns, String name, Column c) {
    if (name != null) {
      names.add(name);
      columns.add(c);
    }
  }

  /**
   * Scores {@code dataset} (which must have the label column, and the weight column if one is set) and
   * summarizes the fit there; see {@link GlmEvaluation}.
   */
  public GlmEvaluation evaluate(Dataset<?> dataset) {
    GlmLoss loss = loss();
    String label = getOrDefault(labelCol());
    GlmSchemas.requireNumeric(dataset.schema(), label, "label");
    String weight = optionalColumn(weightCol());
    Column w = weight == null ? functions.lit(1.0) : functions.col(weight).cast(DataTypes.DoubleType);
    String pred = optionalColumn(predictionCol()) == null ? "prediction" : optionalColumn(predictionCol());
    Dataset<Row> scored = copy(ParamMap.empty()).setPredictionCol(pred).transform(dataset)
        .select(functions.col(label).cast(DataTypes.DoubleType).as("y"), functions.col(pred).as("mu"), w.as("w"));
    io.sparkglm.core.family.Family family = loss.family();
    UserDefinedFunction dev = functions.udf((UDF2<Double, Double, Double>) family::unitDeviance,
        DataTypes.DoubleType);
    Column y = functions.col("y");
    Column mu = functions.col("mu");
    Column wc = functions.col("w");
    Row agg = scored.agg(functions.sum(wc.multiply(dev.apply(y, mu))), functions.sum(wc),
        functions.sum(wc.multiply(functions.pow(y.minus(mu), 2))), functions.sum(wc.multiply(functions.abs(
            y.minus(mu)))), functions.count(functions.lit(1))).head();
    double deviance = agg.getDouble(0);
    double wsum = agg.getDouble(1);
    boolean binomial = family.predictsProbability();
    boolean gaussian = family.hasUnitVariance();
    double auc = Double.NaN;
    double logLoss = Double.NaN;
    if (binomial) {
      logLoss = deviance / (2 * wsum);
      auc = new org.apache.spark.ml.evaluation.BinaryClassificationEvaluator().setLabelCol("y")
          .setRawPredictionCol("mu").setNumBins(0).evaluate(scored);
    }
    return new GlmEvaluation(deviance, deviance / wsum, gaussian ? Math.sqrt(agg.getDouble(2) / wsum) : Double.NaN,
        gaussian ? agg.getDouble(3) / wsum : Double.NaN, logLoss, auc, agg.getLong(4));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return GlmSchemas.output(this, schema);
  }

  @Override
  public GlmRegressionModel copy(ParamMap extra) {
    GlmRegressionModel m = copyValues(new GlmRegressionModel(uid, coefficients, intercept), extra);
    m.setSummary(summary);
    return m.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new GlmModelPersistence.Writer(this);
  }

  /** Reads a model saved with {@link #write()}. */
  public static MLReader<GlmRegressionModel> read() {
    return new GlmModelPersistence.Reader();
  }

  /** Loads a model saved at {@code path}. */
  public static GlmRegressionModel load(String path) {
    return read().load(path);
  }
}
