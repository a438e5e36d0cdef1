package io.sparkglm.spark.ml;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.eval.BlockStorage;
import io.sparkglm.spark.train.CrossValidation;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.FoldAssignment;
import io.sparkglm.spark.train.GlmTrainer;
import io.sparkglm.spark.train.RegularizationPath;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * K-fold cross validation of a regularization path as a spark.ml {@link Estimator}, R's {@code cv.glmnet}
 * ({@link CrossValidation}; {@code sparkglm cv}'s): the path on all the data fixes the lambda sequence, each fold gets
 * a warm-started path on the other folds, all of them reading the one cached copy of the data; the curve
 * {@code cvm}/{@code cvsd} of the held-out deviance ({@code type.measure = "deviance"}, grouped), {@code lambdaMin},
 * {@code lambda1se}; then the fit on all the data at the lambda {@code selection} chooses, warm-started from the
 * path's point there. The Params are {@link GlmRegression}'s (regParam ignored) plus {@link GlmCvParams}' and
 * {@code lambdas}.
 *
 * <pre>{@code
 * GlmRegressionCVModel cv = new GlmRegressionCV().setFamily("binomial").setElasticNetParam(1.0).setNumFolds(5)
 *     .fit(training);
 * cv.lambdaMin(); cv.cvm(); cv.bestModel().coefficients();
 * cv.transform(test);   // as cv.bestModel() scores
 * }</pre>
 *
 * <p>Folds: by default {@code numFolds} random folds drawn with {@code foldSeed} ({@link FoldAssignment#random}),
 * rows numbered in the order the Dataset's partitions hold them. With {@code foldCol} (ids {@code 0..K-1}) the needed
 * columns are cached for the fit (besides the blocks), so the fold ids and the rows are read in one order.
 */
public final class GlmRegressionCV extends Estimator<GlmRegressionCVModel> implements HasGlmCvParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final GlmParams params;
  private final GlmCvParams cvParams;
  private final DoubleArrayParam lambdas;

  /** A new estimator with a random uid. */
  public GlmRegressionCV() {
    this(Identifiable$.MODULE$.randomUID("glmCV"));
  }

  /** An estimator with the given uid (used by persistence). */
  public GlmRegressionCV(String uid) {
    this.uid = uid;
    this.params = new GlmParams(this);
    this.cvParams = new GlmCvParams(this);
    this.lambdas = new DoubleArrayParam(this, "lambdas", "the lambdas to cross-validate, strictly decreasing, "
        + ">= 0; empty: glmnet's default sequence of nLambda values from lambda_max down (the path's)");
    params.setDefaults(this);
    cvParams.setDefaults(this);
    setDefault(lambdas, new double[0]);
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

  /** @return the explicit lambda sequence Param (empty: the path's default sequence of nLambda values) */
  public DoubleArrayParam lambdas() {
    return lambdas;
  }

  /** Sets the number of folds (ignored when foldCol is set). */
  public GlmRegressionCV setNumFolds(int value) {
    set(numFolds(), value);
    return this;
  }

  /** Sets the fold assignment's seed (ignored when foldCol is set). */
  public GlmRegressionCV setFoldSeed(long value) {
    set(foldSeed(), value);
    return this;
  }

  /** Sets the fold id column (ids 0..K-1; empty for random folds). */
  public GlmRegressionCV setFoldCol(String value) {
    set(foldCol(), value);
    return this;
  }

  /** Sets the lambdas, strictly decreasing (empty for the default sequence). */
  public GlmRegressionCV setLambdas(double[] value) {
    set(lambdas, value);
    return this;
  }

  /** Sets the default sequence's length. */
  public GlmRegressionCV setNLambda(int value) {
    set(nLambda(), value);
    return this;
  }

  /** Sets the selection rule, {@value GlmCvParams#MIN} or {@value GlmCvParams#ONE_SE}. */
  public GlmRegressionCV setSelection(String value) {
    set(selection(), value);
    return this;
  }

  /** Sets the family. */
  public GlmRegressionCV setFamily(String value) {
    set(family(), value);
    return this;
  }

  /** Sets the link (empty: the family's default). */
  public GlmRegressionCV setLink(String value) {
    set(link(), value);
    return this;
  }

  /** Sets the tweedie variance power. */
  public GlmRegressionCV setVariancePower(double value) {
    set(variancePower(), value);
    return this;
  }

  /** Sets the negative binomial's theta (required: every lambda is fitted at one fixed theta). */
  public GlmRegressionCV setTheta(double value) {
    set(theta(), value);
    return this;
  }

  /** Sets {@link #aggregation()}; GlmRegressionCV takes {@code tree} only (for now). */
  public GlmRegressionCV setAggregation(String value) {
    set(aggregation(), value);
    return this;
  }

  /** Sets the solver name. */
  public GlmRegressionCV setSolver(String value) {
    set(solver(), value);
    return this;
  }

  /** Sets solver-specific options as KEY=VALUE strings. */
  public GlmRegressionCV setSolverOptions(String... value) {
    set(solverOptions(), value);
    return this;
  }

  /** Sets alpha. */
  public GlmRegressionCV setElasticNetParam(double value) {
    set(elasticNetParam(), value);
    return this;
  }

  /** glmnet's penalty.factor: one factor > 0 per feature; empty for all ones. */
  public GlmRegressionCV setPenaltyFactors(double[] value) {
    set(penaltyFactors(), value);
    return this;
  }

  /** glmnet's lower.limits, each {@code <= 0}; empty for none. */
  public GlmRegressionCV setLowerBounds(double[] value) {
    set(lowerBounds(), value);
    return this;
  }

  /** glmnet's upper.limits, each {@code >= 0}; empty for none. */
  public GlmRegressionCV setUpperBounds(double[] value) {
    set(upperBounds(), value);
    return this;
  }

  /** Sets standardization. */
  public GlmRegressionCV setStandardization(boolean value) {
    set(standardization(), value);
    return this;
  }

  /** Sets whether to fit an intercept. */
  public GlmRegressionCV setFitIntercept(boolean value) {
    set(fitIntercept(), value);
    return this;
  }

  /** Sets the iteration limit. */
  public GlmRegressionCV setMaxIter(int value) {
    set(maxIter(), value);
    return this;
  }

  /** Sets the optimality tolerance. */
  public GlmRegressionCV setTol(double value) {
    set(tol(), value);
    return this;
  }

  /** Sets the treeAggregate depth. */
  public GlmRegressionCV setAggregationDepth(int value) {
    set(aggregationDepth(), value);
    return this;
  }

  /** Sets the features column. */
  public GlmRegressionCV setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  /** Sets numeric feature columns (names or globs; the fold column excluded) instead of the vector column. */
  public GlmRegressionCV setFeatureCols(String... value) {
    set(featureCols(), value);
    return this;
  }

  /** Sets the label column. */
  public GlmRegressionCV setLabelCol(String value) {
    set(labelCol(), value);
    return this;
  }

  /** Sets the weight column (empty for none). */
  public GlmRegressionCV setWeightCol(String value) {
    set(weightCol(), value);
    return this;
  }

  /** Sets the offset column (empty for none). */
  public GlmRegressionCV setOffsetCol(String value) {
    set(offsetCol(), value);
    return this;
  }

  /** Sets the prediction column. */
  public GlmRegressionCV setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /** Sets the link-scale prediction column. */
  public GlmRegressionCV setLinkPredictionCol(String value) {
    set(linkPredictionCol(), value);
    return this;
  }

  @Override
  public GlmRegressionCVModel fit(Dataset<?> dataset) {
    StructType schema = dataset.schema();
    transformSchema(schema, false);
    if (!"tree".equals(getOrDefault(aggregation()))) {
      throw new IllegalArgumentException("Param aggregation allreduce does not apply to GlmRegressionCV yet (its "
          + "paths are series of short warm-started fits); set aggregation to tree");
    }
    String fold = optionalColumn(foldCol());
    GlmRegression glm = base(fold == null ? List.of() : featuresWithout(schema, fold));
    GlmSpec spec = glm.spec();
    double[] seq = sequence();
    FoldColumn.Folded folded = null;
    JavaRDD<Block> blocks = null;
    try {
      FoldAssignment folds;
      LoadedData data;
      if (fold == null) {
        folds = FoldAssignment.random((Integer) getOrDefault(numFolds()), (Long) getOrDefault(foldSeed()));
        data = BlockLoader.fromDataset(dataset.toDF(), getOrDefault(labelCol()), getOrDefault(featuresCol()),
            glm.featureColumns(), optionalColumn(weightCol()), optionalColumn(offsetCol()), spec.family(),
            BlockBuilder.DEFAULT_BLOCK_ROWS);
      } else {
        folded = FoldColumn.load(dataset.toDF(), getOrDefault(labelCol()), getOrDefault(featuresCol()),
            glm.featureColumns(), optionalColumn(weightCol()), optionalColumn(offsetCol()), fold, spec.family(), 0,
            BlockBuilder.DEFAULT_BLOCK_ROWS);
        folds = folded.folds();
        data = folded.data();
      }
      spec.checkFeatureCount(data.numFeatures(), "Param penaltyFactors", "Param lowerBounds", "Param upperBounds");
      blocks = data.blocks();
      blocks.persist(BlockStorage.level(blocks.context()));
      blocks.setName("sparkglm training blocks (GlmRegressionCV)");
      int depth = (Integer) getOrDefault(aggregationDepth());
      CrossValidation.Result r = new CrossValidation(depth, glm.options()).fit(spec, blocks, data.numFeatures(),
          data.hasOffsets(), seq, (Integer) getOrDefault(nLambda()), folds, action -> {
            var stats = BlockLoader.runAction(action);
            BlockLoader.requireNonEmpty(stats.rows(), data.source());
            return stats;
          });
      int chosen = GlmCvParams.MIN.equals(getOrDefault(selection())) ? r.curve().indexMin() : r.curve().index1se();
      RegularizationPath.Point point = r.path().points().get(chosen);
      FitResult refit = new GlmTrainer(depth, glm.options())
          .withStatistics(data.featureNames(), data.hasOffsets())
          .withStart(new GlmTrainer.Start("the cross-validated path at lambda " + point.lambda(),
              spec.family().name(), point.coefficients(), point.intercept()))
          .fit(spec.withPenalty(point.lambda(), spec.elasticNetParam()), blocks, data.numFeatures(), s -> s.get());
      glm.setRegParam(point.lambda());
      GlmRegressionModel best = glm.model(refit, data);
      best.setParent(glm);
      GlmRegressionCVModel model = new GlmRegressionCVModel(uid, best, CvFigures.of(r, chosen));
      copyValues(model, ParamMap.empty());
      model.syncWithBest();
      return model.setParent(this);
    } finally {
      if (blocks != null) {
        blocks.unpersist(false);
      }
      if (folded != null) {
        folded.close();
      }
    }
  }

  /**
   * A {@link GlmRegression} with these Params (a uid of its own: the best model's), {@code featureCols} replaced by
   * {@code featureCols} when that is not empty.
   */
  private GlmRegression base(List<String> featureCols) {
    GlmRegression glm = copyValues(new GlmRegression(), ParamMap.empty());
    if (!featureCols.isEmpty()) {
      glm.setFeatureCols(featureCols.toArray(new String[0]));
    }
    return glm;
  }

  /** {@code featureCols} resolved without the fold column (empty: the vector column); see {@link FoldColumn}. */
  private List<String> featuresWithout(StructType schema, String fold) {
    return FoldColumn.features(schema, "the dataset", getOrDefault(featuresCol()), featureColumns(),
        getOrDefault(labelCol()), optionalColumn(weightCol()), optionalColumn(offsetCol()), fold, false);
  }

  /** The lambdas Param checked (finite, {@code >= 0}, strictly decreasing), or {@code null} when it is empty. */
  private double[] sequence() {
    double[] seq = getOrDefault(lambdas);
    if (seq.length == 0) {
      return null;
    }
    for (int l = 0; l < seq.length; l++) {
      if (!(seq[l] >= 0) || Double.isInfinite(seq[l])) {
        throw new IllegalArgumentException("Param lambdas: every lambda must be finite and >= 0, got " + seq[l]
            + " at position " + l);
      }
      if (l > 0 && !(seq[l] < seq[l - 1])) {
        throw new IllegalArgumentException("Param lambdas must be strictly decreasing, got " + seq[l]
            + " after " + seq[l - 1] + " at position " + l);
      }
    }
    return seq.clone();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String fold = optionalColumn(foldCol());
    GlmRegression glm = base(List.of());
    if (fold != null) {
      FoldColumn.requireIntegral(schema, fold);
      glm = base(featuresWithout(schema, fold));
    }
    if (glm.parsedFamily().estimatesTheta()) {
      throw new IllegalArgumentException("Param theta is required for cross validation with family "
          + "negative-binomial (every lambda is fitted at one fixed theta)");
    }
    sequence();
    return glm.transformSchema(schema);
  }

  @Override
  public GlmRegressionCV copy(ParamMap extra) {
    return (GlmRegressionCV) defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  /** Reads an estimator saved with {@link #write()}. */
  public static MLReader<GlmRegressionCV> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads an estimator saved at {@code path}. */
  public static GlmRegressionCV load(String path) {
    return read().load(path);
  }
}
