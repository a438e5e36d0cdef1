package io.sparkglm.spark.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The Params shared by {@link GlmRegression} and {@link GlmRegressionModel}, exposed as the public no-argument
 * methods spark.ml discovers by reflection, plus typed getters. Each implementing instance owns one
 * {@link GlmParams}.
 */
public interface HasGlmParams extends Params {
  /** This instance's Param objects. */
  GlmParams glmParams();

  /** @return the features column Param */
  default Param<String> featuresCol() {
    return glmParams().featuresCol;
  }

  /** Numeric feature columns (names or globs), used instead of {@link #featuresCol()} when not empty. */
  default org.apache.spark.ml.param.StringArrayParam featureCols() {
    return glmParams().featureCols;
  }

  /** {@link #featureCols()} as a list (empty: the vector column {@link #featuresCol()}). */
  default java.util.List<String> featureColumns() {
    return java.util.List.of(getOrDefault(featureCols()));
  }

  /** @return the label column Param */
  default Param<String> labelCol() {
    return glmParams().labelCol;
  }

  /** @return the weight column Param */
  default Param<String> weightCol() {
    return glmParams().weightCol;
  }

  /** @return the offset column Param */
  default Param<String> offsetCol() {
    return glmParams().offsetCol;
  }

  /** @return the prediction (mean) column Param */
  default Param<String> predictionCol() {
    return glmParams().predictionCol;
  }

  /** @return the link-scale prediction column Param */
  default Param<String> linkPredictionCol() {
    return glmParams().linkPredictionCol;
  }

  /** @return the raw prediction column Param (binomial) */
  default Param<String> rawPredictionCol() {
    return glmParams().rawPredictionCol;
  }

  /** @return the probability column Param (binomial) */
  default Param<String> probabilityCol() {
    return glmParams().probabilityCol;
  }

  /** @return the family Param */
  default Param<String> family() {
    return glmParams().family;
  }

  /** @return the link Param */
  default Param<String> link() {
    return glmParams().link;
  }

  /** @return the tweedie variance power Param */
  default DoubleParam variancePower() {
    return glmParams().variancePower;
  }

  /** @return the negative binomial's theta Param (NaN, the default: estimated) */
  default DoubleParam theta() {
    return glmParams().theta;
  }

  /** The family of the family, variancePower and theta Params (a negative binomial with theta NaN: estimated). */
  default io.sparkglm.core.family.Family parsedFamily() {
    return io.sparkglm.core.family.Family.parse(getOrDefault(family()), (Double) getOrDefault(variancePower()),
        (Double) getOrDefault(theta()));
  }

  /** @return the solver Param */
  default Param<String> solver() {
    return glmParams().solver;
  }

  /** @return the solver options Param */
  default StringArrayParam solverOptions() {
    return glmParams().solverOptions;
  }

  /** @return the regularization Param */
  default DoubleParam regParam() {
    return glmParams().regParam;
  }

  /** @return the elastic-net mixing Param */
  default DoubleParam elasticNetParam() {
    return glmParams().elasticNetParam;
  }

  /** @return the penalty factors Param (glmnet's penalty.factor; empty for all ones) */
  default org.apache.spark.ml.param.DoubleArrayParam penaltyFactors() {
    return glmParams().penaltyFactors;
  }

  /** @return the lower bounds Param (glmnet's lower.limits; empty for none) */
  default org.apache.spark.ml.param.DoubleArrayParam lowerBounds() {
    return glmParams().lowerBounds;
  }

  /** @return the upper bounds Param (glmnet's upper.limits; empty for none) */
  default org.apache.spark.ml.param.DoubleArrayParam upperBounds() {
    return glmParams().upperBounds;
  }

  /** @return the standardization Param */
  default BooleanParam standardization() {
    return glmParams().standardization;
  }

  /** @return the intercept Param */
  default BooleanParam fitIntercept() {
    return glmParams().fitIntercept;
  }

  /** @return the iteration limit Param */
  default IntParam maxIter() {
    return glmParams().maxIter;
  }

  /** @return the tolerance Param */
  default DoubleParam tol() {
    return glmParams().tol;
  }

  /** @return the treeAggregate depth Param */
  default IntParam aggregationDepth() {
    return glmParams().aggregationDepth;
  }

  /** How a full-batch solver's passes are combined: {@code tree} (default) or {@code allreduce}. */
  default Param<String> aggregation() {
    return glmParams().aggregation;
  }

  /** The value of a String Param, {@code null} when it is empty (an unset optional column). */
  default String optionalColumn(Param<String> p) {
    String v = getOrDefault(p);
    return v == null || v.isEmpty() ? null : v;
  }
}
