/**
 * The benchmark of issue 6 ({@code scripts/bench}): sparkglm's solvers against Spark MLlib on synthetic data
 * generated deterministically inside Spark and cached in both libraries' shapes, judged by one objective
 * (sparkglm's {@code F}, evaluated by the benchmark at every contestant's coefficients); the cost of a pass
 * against a plain-Java roofline loop; cached memory against raw bytes; and the seed's ablation of rows vs
 * blocks, closure vs broadcast, reduce vs treeAggregate. Entry point: {@link io.sparkglm.spark.bench.Benchmark}.
 */
package io.sparkglm.spark.bench;
