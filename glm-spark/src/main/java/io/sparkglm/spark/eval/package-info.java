/**
 * Distributed evaluation of the data term: broadcast coefficients, a per-partition kernel, and
 * {@code treeAggregate} ({@link io.sparkglm.spark.eval.SparkDataTerm}).
 */
package io.sparkglm.spark.eval;
