/** The fit recipe on Spark ({@link io.sparkglm.spark.train.GlmTrainer}) and its result. */
package io.sparkglm.spark.train;
