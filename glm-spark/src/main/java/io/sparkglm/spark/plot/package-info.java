/** The project's one SVG line chart ({@link io.sparkglm.spark.plot.SvgChart}), used by the CLI and the benchmarks. */
package io.sparkglm.spark.plot;
