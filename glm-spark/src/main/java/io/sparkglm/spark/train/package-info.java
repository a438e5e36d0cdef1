/**
 * The fit recipe on Spark. {@link io.sparkglm.spark.train.PreparedFit} is the part every fit shares (cache and
 * name the blocks, the feature statistics pass, the data term; unpersist on close);
 * {@link io.sparkglm.spark.train.GlmTrainer} (immutable; used by the CLI, the spark.ml stage and so cross
 * validation, and the benchmarks) reads as the recipe spec -> blocks -> statistics -> setup (with the aliased
 * columns of an unpenalized fit, {@link io.sparkglm.core.fit.ColumnRank}) -> solver (checkpointed with
 * {@code FitCheckpoints} when asked) -> certificate -> diagnosis ({@code Diagnosis}: the honest status and the
 * named {@link io.sparkglm.spark.train.FitWarning}s) -> {@link io.sparkglm.spark.train.FitResult};
 * {@link io.sparkglm.spark.train.RegularizationPath} runs the solver once per lambda over one prepared fit.
 */
package io.sparkglm.spark.train;
