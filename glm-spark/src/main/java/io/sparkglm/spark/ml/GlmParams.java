package io.sparkglm.spark.ml;

import io.sparkglm.core.family.Family;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The spark.ml {@link Param}s of {@link GlmRegression} and {@link GlmRegressionModel}, created for one owner
 * (Params belong to the instance whose uid they carry), with their documentation, validators and defaults.
 * Strings are validated here and parsed into typed sparkglm objects once, at fit time.
 */
public final class GlmParams {
  final Param<String> featuresCol;
  final StringArrayParam featureCols;
  final Param<String> labelCol;
  final Param<String> weightCol;
  final Param<String> offsetCol;
  final Param<String> predictionCol;
  final Param<String> linkPredictionCol;
  final Param<String> rawPredictionCol;
  final Param<String> probabilityCol;
  final Param<String> family;
  final Param<String> link;
  final DoubleParam variancePower;
  final DoubleParam theta;
  final Param<String> solver;
  final StringArrayParam solverOptions;
  final DoubleParam regParam;
  final DoubleParam elasticNetParam;
  final BooleanParam standardization;
  final org.apache.spark.ml.param.DoubleArrayParam penaltyFactors;
  final org.apache.spark.ml.param.DoubleArrayParam lowerBounds;
  final org.apache.spark.ml.param.DoubleArrayParam upperBounds;
  final BooleanParam fitIntercept;
  final IntParam maxIter;
  final DoubleParam tol;
  final IntParam aggregationDepth;
  final Param<String> aggregation;

  GlmParams(Params owner) {
    featuresCol = new Param<>(owner, "featuresCol", "features column (an ml Vector); not used when featureCols is set");
    featureCols = new StringArrayParam(owner, "featureCols", "numeric feature columns, one per feature, instead "
        + "of a vector column (no VectorAssembler step): names or globs (* any characters, ? one), label, weight and "
        + "offset excluded, in the data's column order; the fitted model keeps the names they resolved to. Empty: "
        + "the vector column featuresCol");
    labelCol = new Param<>(owner, "labelCol", "label column (numeric)");
    weightCol = new Param<>(owner, "weightCol", "row weight column; empty for all weights 1");
    offsetCol = new Param<>(owner, "offsetCol", "offset column (added to the linear predictor); empty for none");
    predictionCol = new Param<>(owner, "predictionCol", "output: the mean mu = g^-1(eta)");
    linkPredictionCol = new Param<>(owner, "linkPredictionCol",
        "output: the linear predictor eta (link scale); empty for none");
    rawPredictionCol = new Param<>(owner, "rawPredictionCol",
        "binomial only, output: [-eta, eta] (for BinaryClassificationEvaluator); empty for none");
    probabilityCol = new Param<>(owner, "probabilityCol", "binomial only, output: [1 - mu, mu]; empty for none");
    family = new Param<>(owner, "family", "one of " + String.join(", ", Family.names())
        + " (multinomial regression is its own stage, MultinomialRegression)",
        ParamValidators.inArray(Family.names()));
    link = new Param<>(owner, "link", "link function; empty for the family's default",
        ParamValidators.inArray(List.of("", "identity", "log", "logit", "probit", "cloglog", "inverse", "sqrt")));
    variancePower = new DoubleParam(owner, "variancePower", "tweedie variance power p in [1, 2]",
        ParamValidators.inRange(1.0, 2.0));
    theta = new DoubleParam(owner, "theta", "negative-binomial only: theta > 0 of V(mu) = mu + mu^2/theta "
        + "(MASS's; H2O's and statsmodels' alpha is 1/theta), held fixed; NaN (the default): estimated by maximum "
        + "likelihood alternating with the coefficients (MASS::glm.nb); the fitted model has the estimate",
        new PositiveOrNaN());
    solver = new Param<>(owner, "solver", "a registered solver name (newton, lbfgs, proxgrad, gd, sgd, "
        + "parallel-sgd, local-sgd; admm, async-admm when on the classpath) or auto");
    solverOptions = new StringArrayParam(owner, "solverOptions",
        "solver-specific options as KEY=VALUE strings (e.g. accelerate=false for proxgrad, "
            + "batchSchedule=geometric for sgd)");
    regParam = new DoubleParam(owner, "regParam", "regularization lambda >= 0", ParamValidators.gtEq(0));
    elasticNetParam = new DoubleParam(owner, "elasticNetParam", "alpha in [0, 1]: 0 ridge, 1 lasso",
        ParamValidators.inRange(0.0, 1.0));
    penaltyFactors = new org.apache.spark.ml.param.DoubleArrayParam(owner, "penaltyFactors",
        "glmnet's penalty.factor: one factor >= 0 per feature, used as given (lambda * sum_j f_j (alpha |b_j| + "
            + "(1-alpha)/2 b_j^2); 0 leaves a feature unpenalized); empty for all ones");
    lowerBounds = new org.apache.spark.ml.param.DoubleArrayParam(owner, "lowerBounds",
        "glmnet's lower.limits: one lower bound per feature on its original-scale coefficient (-Infinity for "
            + "none; the intercept is never bounded); empty for none");
    upperBounds = new org.apache.spark.ml.param.DoubleArrayParam(owner, "upperBounds",
        "glmnet's upper.limits: one upper bound per feature, each >= its lower bound (Infinity for none); empty "
            + "for none");
    standardization = new BooleanParam(owner, "standardization",
        "penalize standardized coefficients (glmnet's standardize); coefficients are reported on the original "
            + "scale");
    fitIntercept = new BooleanParam(owner, "fitIntercept", "fit an unpenalized intercept");
    maxIter = new IntParam(owner, "maxIter", "iteration limit (>= 1)", ParamValidators.gtEq(1));
    tol = new DoubleParam(owner, "tol", "optimality (KKT) tolerance > 0", ParamValidators.gt(0));
    aggregationDepth = new IntParam(owner, "aggregationDepth", "treeAggregate depth (>= 1)",
        ParamValidators.gtEq(1));
    aggregation = new Param<>(owner, "aggregation", "how a full-batch solver's passes are combined (the CLI's "
        + "--aggregation): tree (one Spark job per pass, a tree aggregation) or allreduce (the whole solver loop in "
        + "one barrier stage, passes combined by an all-gather among its tasks; newton, lbfgs, proxgrad, gd)",
        ParamValidators.inArray(new String[] {"tree", "allreduce"}));
  }

  /** The theta Param's check: {@code > 0} and finite, or NaN (estimate it). */
  static final class PositiveOrNaN extends scala.runtime.AbstractFunction1<Object, Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object apply(Object v) {
      double d = (Double) v;
      return Double.isNaN(d) || d > 0 && !Double.isInfinite(d);
    }
  }

  /** Sets the defaults on the owner. */
  void setDefaults(Params owner) {
    owner.setDefault(featuresCol, "features");
    owner.setDefault(featureCols, new String[0]);
    owner.setDefault(labelCol, "label");
    owner.setDefault(weightCol, "");
    owner.setDefault(offsetCol, "");
    owner.setDefault(predictionCol, "prediction");
    owner.setDefault(linkPredictionCol, "");
    owner.setDefault(rawPredictionCol, "rawPrediction");
    owner.setDefault(probabilityCol, "probability");
    owner.setDefault(family, "gaussian");
    owner.setDefault(link, "");
    owner.setDefault(variancePower, 1.5);
    owner.setDefault(theta, Double.NaN);
    owner.setDefault(solver, "auto");
    owner.setDefault(solverOptions, new String[0]);
    owner.setDefault(regParam, 0.0);
    owner.setDefault(elasticNetParam, 0.0);
    owner.setDefault(standardization, true);
    owner.setDefault(penaltyFactors, new double[0]);
    owner.setDefault(lowerBounds, new double[0]);
    owner.setDefault(upperBounds, new double[0]);
    owner.setDefault(fitIntercept, true);
    owner.setDefault(maxIter, io.sparkglm.core.solver.StoppingRule.DEFAULT_MAX_ITERATIONS);
    owner.setDefault(tol, io.sparkglm.core.solver.StoppingRule.DEFAULT_TOLERANCE);
    owner.setDefault(aggregationDepth, io.sparkglm.spark.train.GlmTrainer.DEFAULT_AGGREGATION_DEPTH);
    owner.setDefault(aggregation, "tree");
  }
}
