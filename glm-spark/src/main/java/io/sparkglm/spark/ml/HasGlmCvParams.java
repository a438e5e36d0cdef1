package io.sparkglm.spark.ml;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * The Params of {@link GlmRegressionCV} and {@link GlmRegressionCVModel}: {@link HasGlmParams}' (regParam ignored
 * by the fit; the model's is the chosen lambda) and the cross validation's ({@link GlmCvParams}).
 */
public interface HasGlmCvParams extends HasGlmParams {
  /** This instance's cross-validation Param objects. */
  GlmCvParams cvParams();

  /** @return the number of folds Param */
  default IntParam numFolds() {
    return cvParams().numFolds;
  }

  /** @return the fold seed Param */
  default LongParam foldSeed() {
    return cvParams().foldSeed;
  }

  /** @return the fold id column Param (empty: random folds) */
  default Param<String> foldCol() {
    return cvParams().foldCol;
  }

  /** @return the default sequence's length Param */
  default IntParam nLambda() {
    return cvParams().nLambda;
  }

  /** @return the selection rule Param ({@code min} or {@code 1se}) */
  default Param<String> selection() {
    return cvParams().selection;
  }
}
