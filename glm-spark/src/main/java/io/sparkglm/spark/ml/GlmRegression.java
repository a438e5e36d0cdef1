package io.sparkglm.spark.ml;

import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * sparkglm as a spark.ml {@link Estimator}: a drop-in for {@code GeneralizedLinearRegression} or
 * {@code LogisticRegression} in a Pipeline, tunable with CrossValidator. Fits the objective of the README
 * (elastic net, literal gaussian penalty) with any registered solver, found by name.
 *
 * <pre>{@code
 * GlmRegression glm = new GlmRegression().setFamily("binomial").setRegParam(0.01).setElasticNetParam(1.0);
 * GlmRegressionModel model = glm.fit(training);
 * model.transform(test);   // prediction (mean), rawPrediction and probability for binomial
 * }</pre>
 */
public final class GlmRegression extends Estimator<GlmRegressionModel> implements HasGlmParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final GlmParams params;
  /** The warm start ({@link #setInitialModel}), or {@code null}. */
  private GlmRegressionModel initialModel;

  /** A new estimator with a random uid. */
  public GlmRegression() {
    this(Identifiable$.MODULE$.randomUID("sparkglm"));
  }

  /** An estimator with the given uid (used by persistence). */
  public GlmRegression(String uid) {
    this.uid = uid;
    this.params = new GlmParams(this);
    params.setDefaults(this);
  }

  @Override
  public GlmParams glmParams() {
    return params;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** Sets the family. */
  public GlmRegression setFamily(String value) {
    set(family(), value);
    return this;
  }

  /** Sets the link (empty: the family's default). */
  public GlmRegression setLink(String value) {
    set(link(), value);
    return this;
  }

  /** Sets the tweedie variance power. */
  public GlmRegression setVariancePower(double value) {
    set(variancePower(), value);
    return this;
  }

  /**
   * Sets the negative binomial's theta ({@code > 0}), held fixed in the fit; by default (NaN) the fit estimates it
   * (as {@code MASS::glm.nb}).
   */
  public GlmRegression setTheta(double value) {
    set(theta(), value);
    return this;
  }

  /** Sets the solver name. */
  public GlmRegression setSolver(String value) {
    set(solver(), value);
    return this;
  }

  /** Sets solver-specific options as KEY=VALUE strings. */
  public GlmRegression setSolverOptions(String... value) {
    set(solverOptions(), value);
    return this;
  }

  /** Sets lambda. */
  public GlmRegression setRegParam(double value) {
    set(regParam(), value);
    return this;
  }

  /** Sets alpha. */
  public GlmRegression setElasticNetParam(double value) {
    set(elasticNetParam(), value);
    return this;
  }

  /** glmnet's penalty.factor: one factor >= 0 per feature (0: unpenalized); empty for all ones. */
  public GlmRegression setPenaltyFactors(double[] value) {
    set(penaltyFactors(), value);
    return this;
  }

  /**
   * glmnet's lower.limits (MLlib's lowerBoundsOnCoefficients for one response): one lower bound per feature on
   * its original-scale coefficient, {@code Double.NEGATIVE_INFINITY} for none; empty for no bounds.
   */
  public GlmRegression setLowerBounds(double[] value) {
    set(lowerBounds(), value);
    return this;
  }

  /** glmnet's upper.limits: one upper bound per feature, {@code Double.POSITIVE_INFINITY} for none; empty for none. */
  public GlmRegression setUpperBounds(double[] value) {
    set(upperBounds(), value);
    return this;
  }

  /**
   * Starts every fit from this model's coefficients and intercept (a warm start, as MLlib's
   * {@code KMeans.setInitialModel}): same family and feature count, else the fit fails naming both. Like MLlib's,
   * the model is not a Param: copies of this estimator (CrossValidator's) keep it, its saved form does not.
   *
   * @param model a fitted or loaded model, or {@code null} for the default (intercept-only) start
   */
  public GlmRegression setInitialModel(GlmRegressionModel model) {
    this.initialModel = model;
    return this;
  }

  /** The warm start's model, if one is set. */
  public java.util.Optional<GlmRegressionModel> getInitialModel() {
    return java.util.Optional.ofNullable(initialModel);
  }

  /** Sets standardization. */
  public GlmRegression setStandardization(boolean value) {
    set(standardization(), value);
    return this;
  }

  /** Sets whether to fit an intercept. */
  public GlmRegression setFitIntercept(boolean value) {
    set(fitIntercept(), value);
    return this;
  }

  /** Sets the iteration limit. */
  public GlmRegression setMaxIter(int value) {
    set(maxIter(), value);
    return this;
  }

  /** Sets the optimality tolerance. */
  public GlmRegression setTol(double value) {
    set(tol(), value);
    return this;
  }

  /** Sets the treeAggregate depth. */
  public GlmRegression setAggregationDepth(int value) {
    set(aggregationDepth(), value);
    return this;
  }

  /** Sets {@link #aggregation()}: {@code tree} or {@code allreduce}. */
  public GlmRegression setAggregation(String value) {
    set(aggregation(), value);
    return this;
  }

  /** Sets the features column. */
  public GlmRegression setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  /**
   * Sets numeric feature columns (names or globs), one per feature, used instead of the vector column: no
   * VectorAssembler step. The fitted model keeps the names the patterns resolved to.
   */
  public GlmRegression setFeatureCols(String... value) {
    set(featureCols(), value);
    return this;
  }

  /** Sets the label column. */
  public GlmRegression setLabelCol(String value) {
    set(labelCol(), value);
    return this;
  }

  /** Sets the weight column (empty for none). */
  public GlmRegression setWeightCol(String value) {
    set(weightCol(), value);
    return this;
  }

  /** Sets the offset column (empty for none). */
  public GlmRegression setOffsetCol(String value) {
    set(offsetCol(), value);
    return this;
  }

  /** Sets the prediction column. */
  public GlmRegression setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /** Sets the link-scale prediction column. */
  public GlmRegression setLinkPredictionCol(String value) {
    set(linkPredictionCol(), value);
    return this;
  }

  /** The typed specification these Params describe (validated). */
  public GlmSpec spec() {
    Family f = parsedFamily();
    String linkName = getOrDefault(link());
    Link l = linkName.isEmpty() ? f.defaultLink() : Link.parse(linkName);
    double[] factors = getOrDefault(penaltyFactors());
    double[] lower = getOrDefault(lowerBounds());
    double[] upper = getOrDefault(upperBounds());
    try {
      GlmSpec.checkBounds(emptyAsNull(lower), emptyAsNull(upper));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Params lowerBounds / upperBounds: " + e.getMessage(), e);
    }
    return new GlmSpec(f, l, (Double) getOrDefault(regParam()), (Double) getOrDefault(elasticNetParam()),
        (Boolean) getOrDefault(standardization()), (Boolean) getOrDefault(fitIntercept()), getOrDefault(solver()),
        new StoppingRule((Integer) getOrDefault(maxIter()), (Double) getOrDefault(tol()),
            StoppingRule.DEFAULT_OBJECTIVE_TOLERANCE), emptyAsNull(factors), emptyAsNull(lower), emptyAsNull(upper));
  }

  private static double[] emptyAsNull(double[] v) {
    return v.length == 0 ? null : v;
  }

  /** The solverOptions Param parsed into a map. */
  Map<String, String> options() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : getOrDefault(solverOptions())) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("solverOptions entries must look like KEY=VALUE, got '" + kv + "'");
      }
      out.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return out;
  }

  @Override
  public GlmRegressionModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), false);
    GlmSpec spec = spec();
    LoadedData data = BlockLoader.fromDataset(dataset.toDF(), getOrDefault(labelCol()), getOrDefault(featuresCol()),
        featureColumns(), optionalColumn(weightCol()), optionalColumn(offsetCol()), spec.family(),
        BlockBuilder.DEFAULT_BLOCK_ROWS);
    spec.checkFeatureCount(data.numFeatures(), "Param penaltyFactors", "Param lowerBounds", "Param upperBounds");
    FitResult result = new GlmTrainer((Integer) getOrDefault(aggregationDepth()), options())
        .withAggregation(io.sparkglm.spark.train.Aggregation.parse(getOrDefault(aggregation())))
        .withStatistics(data.featureNames(), data.hasOffsets()).withStart(start())
        .fit(spec, data.blocks(), data.numFeatures(), BlockLoader::runAction);
    return model(result, data);
  }

  /**
   * The model of a fit of these Params on {@code data}: this estimator's uid and Params, theta's estimate, the
   * resolved feature column names, the summary (shared with {@link GlmRegressionCV}'s refit).
   */
  GlmRegressionModel model(FitResult result, LoadedData data) {
    GlmRegressionModel model = new GlmRegressionModel(uid, Vectors.dense(result.coefficients()),
        result.intercept());
    copyValues(model, ParamMap.empty());
    if (result.spec().family().takesTheta()) {
      model.set(model.theta(), result.spec().family().theta());
    }
    if (!featureColumns().isEmpty()) {
      model.setFeatureCols(data.featureNames().toArray(new String[0]));
    }
    model.setSummary(new GlmTrainingSummary(result, data.featureNames()));
    model.setParent(this);
    return model;
  }

  /**
   * The regularization path of these Params on {@code dataset} (regParam ignored): glmnet's default sequence of
   * {@code nLambda} lambdas from {@code lambda_max} down, each fit warm-started from the previous one. One row per
   * lambda (decreasing): lambda, nonZeros, objective, deviance, devianceExplained, kkt, iterations, passes, status,
   * intercept, coefficients (a vector, original scale); the figures of {@code sparkglm path}'s path.csv.
   */
  public Dataset<Row> path(Dataset<?> dataset, int nLambda) {
    return GlmPath.fit(this, dataset, null, nLambda);
  }

  /** The regularization path at the given decreasing {@code lambdas}; see {@link #path(Dataset, int)}. */
  public Dataset<Row> path(Dataset<?> dataset, double[] lambdas) {
    return GlmPath.fit(this, dataset, lambdas.clone(), 0);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    GlmSchemas.requireFeatures(this, schema);
    GlmSchemas.requireNumeric(schema, getOrDefault(labelCol()), "label");
    if (optionalColumn(weightCol()) != null) {
      GlmSchemas.requireNumeric(schema, optionalColumn(weightCol()), "weight");
    }
    if (optionalColumn(offsetCol()) != null) {
      GlmSchemas.requireNumeric(schema, optionalColumn(offsetCol()), "offset");
    }
    spec();
    return GlmSchemas.output(this, schema);
  }

  /** The initial model as the trainer's warm start, or {@code null}. */
  private GlmTrainer.Start start() {
    if (initialModel == null) {
      return null;
    }
    GlmRegressionModel m = initialModel;
    String family = Family.parse(m.getOrDefault(m.family()), (Double) m.getOrDefault(m.variancePower())).name();
    return new GlmTrainer.Start("initialModel " + m.uid(), family, m.coefficients().toArray(), m.intercept());
  }

  @Override
  public GlmRegression copy(ParamMap extra) {
    GlmRegression copy = (GlmRegression) defaultCopy(extra);
    copy.initialModel = initialModel;
    return copy;
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  /** Reads an estimator saved with {@link #write()}. */
  public static MLReader<GlmRegression> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads an estimator saved at {@code path}. */
  public static GlmRegression load(String path) {
    return read().load(path);
  }
}
