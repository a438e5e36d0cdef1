/**
 * sparkglm as a spark.ml citizen: the {@link io.sparkglm.spark.ml.GlmRegression} Estimator, its
 * {@link io.sparkglm.spark.ml.GlmRegressionModel}, their Params ({@link io.sparkglm.spark.ml.HasGlmParams}) and
 * persistence in Spark's own format.
 */
package io.sparkglm.spark.ml;
