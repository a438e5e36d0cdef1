/** The {@code sparkglm} command line (a spark-submit main class): {@link io.sparkglm.spark.cli.SparkGlm}. */
package io.sparkglm.spark.cli;
