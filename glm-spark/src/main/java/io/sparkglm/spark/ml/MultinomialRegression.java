package io.sparkglm.spark.ml;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.data.LabelValidator;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.MultinomialLoss;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.eval.BlockStorage;
import io.sparkglm.spark.train.GlmTrainer;
import io.sparkglm.spark.train.MultinomialTrainer;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Multinomial (softmax) regression as a spark.ml {@link ProbabilisticClassifier}: the objective, centring and solvers
 * of {@link MultinomialTrainer} (README.md, "Multinomial"; glmnet's {@code family = "multinomial"} at the same lambda
 * and alpha), labels the class indices {@code 0..K-1}. Its model outputs {@code rawPrediction} (the K linear
 * predictors {@code eta_k}), {@code probability} (their softmax) and {@code prediction} (the class index of the
 * largest), so {@code MulticlassClassificationEvaluator} works. Params: featuresCol (a vector column), labelCol,
 * weightCol, numClasses (0: the largest label plus one), regParam, elasticNetParam, standardization, solver
 * ({@value MultinomialTrainer#SOLVER_NAMES}), maxIter, tol, aggregationDepth, penaltyFactors (one per feature,
 * the same for every class); a warm start ({@link #setInitialModel}). Not yet: offsets, bounds, featureCols. Saved
 * and loaded with its Params (alone or in a Pipeline).
 */
public final class MultinomialRegression
    extends ProbabilisticClassifier<Vector, MultinomialRegression, MultinomialRegressionModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  /**
   * The uid a constructor in progress is to take. Spark's Scala traits create their Params (featuresCol, labelCol...)
   * in the superclass constructor, calling {@link #uid()} before any field of a Java subclass is assigned: so
   * {@link #uid()} takes its value lazily, from here (set by {@link #withUid}) or at random.
   */
  private static final ThreadLocal<String> NEXT_UID = new ThreadLocal<>();
  /** No initializer: it is assigned by {@link #uid()} during the superclass constructor and must stay. */
  private String uid;
  private Param<String> weightCol;
  private IntParam numClassesParam;
  private DoubleParam regParam;
  private DoubleParam elasticNetParam;
  private BooleanParam standardization;
  private Param<String> solver;
  private IntParam maxIter;
  private DoubleParam tol;
  private IntParam aggregationDepth;
  private DoubleArrayParam penaltyFactors;
  /** The warm start ({@link #setInitialModel}), or {@code null}. */
  private MultinomialRegressionModel initialModel;

  /** The penaltyFactors Param's check: every factor finite and {@code >= 0}. */
  static final class FiniteNonNegative extends scala.runtime.AbstractFunction1<double[], Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(double[] v) {
      return java.util.Arrays.stream(v).allMatch(f -> f >= 0 && !Double.isInfinite(f));
    }
  }

  /** Runs {@code make} (a constructor) so that the object it creates takes {@code uid}. */
  static <T> T withUid(String uid, java.util.function.Supplier<T> make) {
    NEXT_UID.set(uid);
    try {
      return make.get();
    } finally {
      NEXT_UID.remove();
    }
  }

  /** The uid of an object under construction: the one {@link #withUid} set, else a new random one. */
  static String nextUid(String prefix) {
    String next = NEXT_UID.get();
    return next != null ? next : Identifiable$.MODULE$.randomUID(prefix);
  }

  /** A new estimator with a random uid (or the one {@link #withUid} set). */
  public MultinomialRegression() {
    this(null, false);
  }

  /**
   * An estimator with the given uid: Spark Connect builds a third-party estimator by name with this constructor
   * (Spark 4's {@code MLUtils}, found through {@code META-INF/services/org.apache.spark.ml.Estimator}).
   */
  public MultinomialRegression(String uid) {
    this(stash(java.util.Objects.requireNonNull(uid, "uid")), true);
  }

  /** Makes {@code uid} the next one taken ({@link #nextUid}); evaluated before the superclass constructor runs. */
  private static String stash(String uid) {
    NEXT_UID.set(uid);
    return uid;
  }

  /** @param stashed whether this constructor's caller stashed the uid (then it is taken and cleared here) */
  private MultinomialRegression(String ignored, boolean stashed) {
    uid();
    if (stashed) {
      NEXT_UID.remove();
    }
    weightCol = new Param<>(this, "weightCol", "row weight column; empty for all weights 1");
    numClassesParam = new IntParam(this, "numClasses", "K >= 2, labels 0..K-1; 0: the largest label plus one",
        ParamValidators.gtEq(0));
    regParam = new DoubleParam(this, "regParam", "regularization lambda >= 0", ParamValidators.gtEq(0));
    elasticNetParam = new DoubleParam(this, "elasticNetParam", "alpha in [0, 1]: 0 ridge, 1 lasso",
        ParamValidators.inRange(0.0, 1.0));
    standardization = new BooleanParam(this, "standardization", "penalize the standardized coefficients");
    solver = new Param<>(this, "solver", "one of " + MultinomialTrainer.SOLVER_NAMES,
        ParamValidators.inArray(List.of(MultinomialTrainer.SOLVER_NAMES.split(", "))));
    maxIter = new IntParam(this, "maxIter", "maximum iterations >= 1", ParamValidators.gtEq(1));
    tol = new DoubleParam(this, "tol", "bound on the certified KKT violation > 0", ParamValidators.gt(0));
    aggregationDepth = new IntParam(this, "aggregationDepth", "treeAggregate depth >= 1", ParamValidators.gtEq(1));
    penaltyFactors = new DoubleArrayParam(this, "penaltyFactors", "glmnet's penalty.factor: one factor >= 0 per "
        + "feature, used as given, the same for every class (lambda * sum_k sum_j f_j (alpha |b_kj| + (1-alpha)/2 "
        + "b_kj^2); 0 leaves a feature unpenalized); empty for all ones", new FiniteNonNegative());
    setDefault(weightCol, "");
    setDefault(numClassesParam, 0);
    setDefault(regParam, 0.0);
    setDefault(elasticNetParam, 0.0);
    setDefault(standardization, true);
    setDefault(solver, GlmSpec.AUTO);
    setDefault(maxIter, StoppingRule.DEFAULT_MAX_ITERATIONS);
    setDefault(tol, StoppingRule.DEFAULT_TOLERANCE);
    setDefault(aggregationDepth, GlmTrainer.DEFAULT_AGGREGATION_DEPTH);
    setDefault(penaltyFactors, new double[0]);
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = nextUid("sparkglmMultinomial");
    }
    return uid;
  }

  /** Row weight column; empty for all weights 1. */
  public Param<String> weightCol() {
    return weightCol;
  }

  /** K, or 0 for the largest label plus one. */
  public IntParam numClasses() {
    return numClassesParam;
  }

  /** lambda. */
  public DoubleParam regParam() {
    return regParam;
  }

  /** alpha. */
  public DoubleParam elasticNetParam() {
    return elasticNetParam;
  }

  /** Whether the penalty applies to the standardized coefficients. */
  public BooleanParam standardization() {
    return standardization;
  }

  /** The solver. */
  public Param<String> solver() {
    return solver;
  }

  /** Maximum iterations. */
  public IntParam maxIter() {
    return maxIter;
  }

  /** The bound on the certified KKT violation. */
  public DoubleParam tol() {
    return tol;
  }

  /** treeAggregate depth. */
  public IntParam aggregationDepth() {
    return aggregationDepth;
  }

  /** Per-feature penalty factors (glmnet's {@code penalty.factor}, used as given); empty for all ones. */
  public DoubleArrayParam penaltyFactors() {
    return penaltyFactors;
  }

  /** Sets {@link #penaltyFactors()}: one finite factor {@code >= 0} per feature (checked when set, against p at fit). */
  public MultinomialRegression setPenaltyFactors(double[] v) {
    set(penaltyFactors, v);
    return this;
  }

  /** Sets {@link #weightCol()}. */
  public MultinomialRegression setWeightCol(String v) {
    set(weightCol, v);
    return this;
  }

  /** Sets {@link #numClasses()}. */
  public MultinomialRegression setNumClasses(int v) {
    set(numClassesParam, v);
    return this;
  }

  /** Sets {@link #regParam()}. */
  public MultinomialRegression setRegParam(double v) {
    set(regParam, v);
    return this;
  }

  /** Sets {@link #elasticNetParam()}. */
  public MultinomialRegression setElasticNetParam(double v) {
    set(elasticNetParam, v);
    return this;
  }

  /** Sets {@link #standardization()}. */
  public MultinomialRegression setStandardization(boolean v) {
    set(standardization, v);
    return this;
  }

  /** Sets {@link #solver()}. */
  public MultinomialRegression setSolver(String v) {
    set(solver, v);
    return this;
  }

  /** Sets {@link #maxIter()}. */
  public MultinomialRegression setMaxIter(int v) {
    set(maxIter, v);
    return this;
  }

  /** Sets {@link #tol()}. */
  public MultinomialRegression setTol(double v) {
    set(tol, v);
    return this;
  }

  /** Sets {@link #aggregationDepth()}. */
  public MultinomialRegression setAggregationDepth(int v) {
    set(aggregationDepth, v);
    return this;
  }

  /**
   * Starts every fit from this model's intercepts and coefficients (a warm start, as {@code GlmRegression}'s): same
   * K and feature count, else the fit fails naming both. Not a Param: copies of this estimator keep it, its saved
   * form does not.
   *
   * @param model a fitted or loaded model, or {@code null} for the default (all-zero) start
   */
  public MultinomialRegression setInitialModel(MultinomialRegressionModel model) {
    this.initialModel = model;
    return this;
  }

  /** The warm start's model, if one is set. */
  public java.util.Optional<MultinomialRegressionModel> getInitialModel() {
    return java.util.Optional.ofNullable(initialModel);
  }

  /**
   * Loads the blocks (labels checked as class indices, below numClasses when set; a bad one is named with its row),
   * caches them, fits with {@link MultinomialTrainer} and unpersists.
   */
  @Override
  public MultinomialRegressionModel train(Dataset<?> dataset) {
    Dataset<Row> df = dataset.toDF();
    int k = (Integer) getOrDefault(numClassesParam);
    if (k == 1) {
      throw new IllegalArgumentException("numClasses must be >= 2 (or 0: from the labels), got 1");
    }
    LabelValidator labels = k > 0 ? new MultinomialLoss(k) : MultinomialLoss.CLASS_INDEX;
    String weight = getOrDefault(weightCol);
    LoadedData data = BlockLoader.fromDataset(df, getLabelCol(), getFeaturesCol(), weight.isEmpty() ? null : weight,
        null, labels, BlockBuilder.DEFAULT_BLOCK_ROWS);
    double[] factors = getOrDefault(penaltyFactors);
    GlmSpec spec = new GlmSpec(Family.gaussian(), null, (Double) getOrDefault(regParam),
        (Double) getOrDefault(elasticNetParam), (Boolean) getOrDefault(standardization), true,
        getOrDefault(solver), new StoppingRule((Integer) getOrDefault(maxIter), (Double) getOrDefault(tol),
            StoppingRule.DEFAULT_OBJECTIVE_TOLERANCE), factors.length == 0 ? null : factors);
    spec.checkFeatureCount(data.numFeatures(), "Param penaltyFactors", "Param lowerBounds", "Param upperBounds");
    JavaRDD<Block> blocks = data.blocks();
    blocks.persist(BlockStorage.level(blocks.context()));
    blocks.setName("sparkglm training blocks (multinomial, " + uid + ")");
    MultinomialTrainer.MultinomialFit fit;
    try {
      MultinomialTrainer trainer = new MultinomialTrainer((Integer) getOrDefault(aggregationDepth))
          .withFeatureNames(data.featureNames())
          .withStart(initialModel == null ? null : initialModel.toStart("initialModel " + initialModel.uid()));
      fit = BlockLoader.runAction(() -> trainer.fit(spec, blocks, data.numFeatures(), k));
    } finally {
      blocks.unpersist(false);
    }
    return withUid(uid(), () -> MultinomialRegressionModel.fromFit(fit));
  }

  /** A copy with the same uid and params, {@code extra} applied. */
  @Override
  public MultinomialRegression copy(ParamMap extra) {
    MultinomialRegression copy = copyValues(withUid(uid(), MultinomialRegression::new), extra);
    copy.initialModel = initialModel;
    return copy;
  }

  @Override
  public MLWriter write() {
    return MultinomialModelPersistence.estimatorWriter(this);
  }

  /** Reads an estimator saved with {@link #write()}. */
  public static MLReader<MultinomialRegression> read() {
    return new MultinomialModelPersistence.EstimatorReader();
  }

  /** Loads an estimator saved at {@code path}. */
  public static MultinomialRegression load(String path) {
    return read().load(path);
  }
}
