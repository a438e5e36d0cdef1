package io.sparkglm.spark.ml;

import io.sparkglm.spark.train.MultinomialTrainer;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A fitted {@link MultinomialRegression}: {@code rawPrediction} is the vector of the K linear predictors
 * {@code eta_k = b0_k + x'b_k}, {@code probability} their softmax {@code exp(eta_k - logsumexp(eta))} (computed
 * without overflow), {@code prediction} the class index with the largest probability (spark.ml's rule, thresholds
 * included). The coefficients are centred across classes as README.md's "Multinomial" says. Saved and loaded in
 * spark.ml's own format (metadata JSON + Parquet: {@link MultinomialModelPersistence}), alone or inside a
 * PipelineModel; a loaded model has no {@link #fit()}.
 */
public final class MultinomialRegressionModel
    extends ProbabilisticClassificationModel<Vector, MultinomialRegressionModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  /** No initializer: assigned by {@link #uid()} during the superclass constructor (see {@link MultinomialRegression}). */
  private String uid;
  private final Matrix coefficientMatrix;
  private final Vector interceptVector;
  private final transient MultinomialTrainer.MultinomialFit fit;

  /**
   * A model with no classes and no coefficients, for {@link java.util.ServiceLoader} only: Spark Connect finds the
   * stage classes it may load through {@code META-INF/services/org.apache.spark.ml.Transformer}, whose entries need a
   * public no-argument constructor. A model comes from {@link MultinomialRegression#fit} or {@link #load}.
   */
  public MultinomialRegressionModel() {
    this(new org.apache.spark.ml.linalg.DenseMatrix(0, 0, new double[0]), Vectors.dense(new double[0]), null);
  }

  /** Construct through {@link MultinomialRegression#withUid} to give it a uid. */
  MultinomialRegressionModel(Matrix coefficientMatrix, Vector interceptVector, MultinomialTrainer.MultinomialFit fit) {
    uid();
    this.coefficientMatrix = coefficientMatrix;
    this.interceptVector = interceptVector;
    this.fit = fit;
  }

  /**
   * The model of {@code fit} with a random uid and default Params: its K x p coefficients (row k class k's) and K
   * intercepts.
   */
  public static MultinomialRegressionModel of(MultinomialTrainer.MultinomialFit fit) {
    return MultinomialRegression.withUid(MultinomialRegression.nextUid("sparkglmMultinomialModel"),
        () -> fromFit(fit));
  }

  /** The model of {@code fit}; the caller sets the uid ({@link MultinomialRegression#withUid}). */
  static MultinomialRegressionModel fromFit(MultinomialTrainer.MultinomialFit fit) {
    int kk = fit.numClasses();
    int p = fit.coefficients()[0].length;
    double[] rowMajor = new double[kk * p];
    for (int c = 0; c < kk; c++) {
      System.arraycopy(fit.coefficients()[c], 0, rowMajor, c * p, p);
    }
    return new MultinomialRegressionModel(new org.apache.spark.ml.linalg.DenseMatrix(kk, p, rowMajor, true),
        Vectors.dense(fit.intercepts()), fit);
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = MultinomialRegression.nextUid("sparkglmMultinomialModel");
    }
    return uid;
  }

  /** This model as a warm start ({@link MultinomialRegression#setInitialModel}, {@code --initial-model}). */
  public MultinomialTrainer.Start toStart(String source) {
    double[][] b = new double[numClasses()][numFeatures()];
    for (int k = 0; k < b.length; k++) {
      for (int j = 0; j < b[k].length; j++) {
        b[k][j] = coefficientMatrix.apply(k, j);
      }
    }
    return new MultinomialTrainer.Start(source, interceptVector.toArray(), b);
  }

  /** K x p: row k is class k's coefficients. */
  public Matrix coefficientMatrix() {
    return coefficientMatrix;
  }

  /** The K intercepts, summing to 0. */
  public Vector interceptVector() {
    return interceptVector;
  }

  /** The training fit (objective, KKT violation, status, iterations, class weights, history); null when loaded. */
  public MultinomialTrainer.MultinomialFit fit() {
    return fit;
  }

  @Override
  public int numClasses() {
    return interceptVector.size();
  }

  @Override
  public int numFeatures() {
    return coefficientMatrix.numCols();
  }

  /** The K linear predictors (a new dense vector). */
  @Override
  public Vector predictRaw(Vector features) {
    if (features.size() != numFeatures()) {
      throw new IllegalArgumentException("features vector of size " + features.size() + "; the model has "
          + numFeatures() + " features");
    }
    double[] eta = coefficientMatrix.multiply(features).toArray();
    for (int k = 0; k < eta.length; k++) {
      eta[k] += interceptVector.apply(k);
    }
    return Vectors.dense(eta);
  }

  /** Softmax of {@code rawPrediction} (a dense vector, modified and returned). */
  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] v = ((DenseVector) rawPrediction).values();
    double max = Double.NEGATIVE_INFINITY;
    for (double e : v) {
      max = Math.max(max, e);
    }
    double sum = 0.0;
    for (int k = 0; k < v.length; k++) {
      v[k] = Math.exp(v[k] - max);
      sum += v[k];
    }
    for (int k = 0; k < v.length; k++) {
      v[k] /= sum;
    }
    return rawPrediction;
  }

  /**
   * Spark's own (no training summary here). Declared because Java sees two inherited signatures (Scala's covariant
   * override of {@code ClassificationModel}'s), which a raw type satisfies.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public MultinomialRegressionModel copy(ParamMap extra) {
    return copyValues(MultinomialRegression.withUid(uid(), () -> new MultinomialRegressionModel(coefficientMatrix,
        interceptVector, fit)), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new MultinomialModelPersistence.ModelWriter(this);
  }

  /** Reads a model saved with {@link #write()}. */
  public static MLReader<MultinomialRegressionModel> read() {
    return new MultinomialModelPersistence.ModelReader();
  }

  /** Loads a model saved at {@code path}. */
  public static MultinomialRegressionModel load(String path) {
    return read().load(path);
  }
}
