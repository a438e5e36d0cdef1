package io.sparkglm.spark.ml;

import io.sparkglm.spark.train.FoldAssignment;
import io.sparkglm.spark.train.RegularizationPath;
import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The spark.ml {@link Param}s {@link GlmRegressionCV} and {@link GlmRegressionCVModel} add to {@link GlmParams}:
 * the folds, the default sequence's length and the selection rule (the estimator's explicit {@code lambdas} is its
 * own: the model's {@code lambdas()} is the curve's sequence), created for one owner, with their documentation,
 * validators and defaults (those of {@code sparkglm cv}).
 */
public final class GlmCvParams {
  /** Default of {@code foldSeed} ({@code sparkglm cv --fold-seed}'s). */
  public static final long DEFAULT_FOLD_SEED = 1L;
  /** {@code selection}: the lambda with the smallest mean held-out deviance. */
  public static final String MIN = "min";
  /** {@code selection}: the largest lambda within one standard error of the minimum. */
  public static final String ONE_SE = "1se";

  final IntParam numFolds;
  final LongParam foldSeed;
  final Param<String> foldCol;
  final IntParam nLambda;
  final Param<String> selection;

  GlmCvParams(Params owner) {
    numFolds = new IntParam(owner, "numFolds", "the number of folds K (>= 2); rows are dealt into K folds of sizes "
        + "differing by at most one, as cv.glmnet does; not used when foldCol is set", ParamValidators.gtEq(2));
    foldSeed = new LongParam(owner, "foldSeed", "the seed of the fold assignment; not used when foldCol is set");
    foldCol = new Param<>(owner, "foldCol", "an integer column of fold ids 0..K-1 (as CrossValidator's foldCol; "
        + "R's foldid 1..K minus 1), K the largest id + 1, every fold with rows; overrides numFolds and foldSeed; "
        + "excluded from the features; empty: random folds");
    nLambda = new IntParam(owner, "nLambda", "the number of lambdas of the default sequence (>= 1); not used when "
        + "lambdas is set", ParamValidators.gtEq(1));
    selection = new Param<>(owner, "selection", "the lambda of the final model: min (the smallest mean held-out "
        + "deviance) or 1se (the largest lambda within one standard error of it, cv.glmnet's predict default)",
        ParamValidators.inArray(List.of(MIN, ONE_SE)));
  }

  /** Sets the defaults on the owner. */
  void setDefaults(Params owner) {
    owner.setDefault(numFolds, FoldAssignment.DEFAULT_FOLDS);
    owner.setDefault(foldSeed, DEFAULT_FOLD_SEED);
    owner.setDefault(foldCol, "");
    owner.setDefault(nLambda, RegularizationPath.DEFAULT_LAMBDAS);
    owner.setDefault(selection, MIN);
  }
}
