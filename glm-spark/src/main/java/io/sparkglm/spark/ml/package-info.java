/**
 * sparkglm as a spark.ml citizen: the {@link io.sparkglm.spark.ml.GlmRegression} Estimator, its
 * {@link io.sparkglm.spark.ml.GlmRegressionModel}, their Params ({@link io.sparkglm.spark.ml.HasGlmParams}) and
 * persistence in Spark's own format; cross validation of the regularization path as R's {@code cv.glmnet},
 * {@link io.sparkglm.spark.ml.GlmRegressionCV} and its {@link io.sparkglm.spark.ml.GlmRegressionCVModel}; multinomial (softmax) regression as a probabilistic classifier,
 * {@link io.sparkglm.spark.ml.MultinomialRegression} and its {@link io.sparkglm.spark.ml.MultinomialRegressionModel}
 * (not persisted yet).
 */
package io.sparkglm.spark.ml;
