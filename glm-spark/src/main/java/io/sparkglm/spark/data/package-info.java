/**
 * Training data to blocks: {@link io.sparkglm.spark.data.BlockLoader} reads LIBSVM, CSV and Parquet files
 * (described by a validated {@link io.sparkglm.spark.data.DataSpec}) or a Spark ML-shaped Dataset into
 * {@link io.sparkglm.spark.data.LoadedData}, an uncached RDD of {@link io.sparkglm.core.data.Block}s with
 * {@code p}, the feature names and whether rows carry weights and offsets.
 *
 * <p>Each partition's rows are packed by one {@link io.sparkglm.core.data.BlockBuilder} into blocks of at
 * most {@code blockRows} rows (full blocks, then the last partial one; none for an empty partition). Text is
 * parsed inside the tasks straight into the builder, without per-row objects, unless an exact partition
 * count forces a shuffle of rows.
 *
 * <p>Validation is lazy and row by row; a bad value raises a
 * {@link io.sparkglm.spark.data.DataFormatException} in the task, which
 * {@link io.sparkglm.spark.data.BlockLoader#runAction} turns on the driver into an
 * {@link java.lang.IllegalArgumentException} naming the file, the 1-based line (the header counts) and the
 * column. Rows with weight 0 are dropped, as in glmnet (Friedman, Hastie and Tibshirani 2010).
 */
package io.sparkglm.spark.data;
