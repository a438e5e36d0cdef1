/**
 * The {@code sparkglm} command line (a spark-submit main class): {@link io.sparkglm.spark.cli.SparkGlm}. The
 * commands are picocli command classes, one per command, defined together in {@code Commands}; the solver plug-ins
 * contribute their flags and options; the help, the bash completion and README.md's command reference
 * ({@link io.sparkglm.spark.cli.CommandReference}) are rendered from those definitions.
 */
package io.sparkglm.spark.cli;
