/**
 * The benchmarks module: every benchmark of the project, run by the scripts in {@code scripts/} and with its
 * results in {@code benchmarks/results/}; never part of the product's jars.
 *
 * <ul>
 *   <li>This package: the solver benchmark of issue 6 ({@code scripts/bench}, entry point
 *       {@link io.sparkglm.bench.Benchmark}): sparkglm's solvers against Spark MLlib on synthetic data generated
 *       deterministically inside Spark and cached in both libraries' shapes, judged by one objective (sparkglm's
 *       {@code F}, evaluated at every contestant's coefficients); the cost of a pass against a plain-Java roofline
 *       loop; cached memory against raw bytes; the seed's ablation of rows vs blocks, closure vs broadcast, reduce
 *       vs treeAggregate ({@link io.sparkglm.bench.Ablation}). Also the end-to-end peers
 *       ({@code scripts/bench-e2e}: {@link io.sparkglm.bench.EndToEndPeers}), the SGD benchmark
 *       ({@code scripts/bench-sgd}) and the synthetic data sets ({@code scripts/gen-data}:
 *       {@link io.sparkglm.bench.GenerateData}, {@link io.sparkglm.bench.SyntheticData}).</li>
 *   <li>{@code asyncadmm}: sync against async ADMM, with and without a straggler ({@code scripts/bench-async-admm}).</li>
 *   <li>{@code kernel}: the block kernel against a plain loop, one thread ({@code scripts/kernel-bench}).</li>
 *   <li>{@code reference}: every solver on the reference problems ({@code scripts/reference-table}).</li>
 * </ul>
 */
package io.sparkglm.bench;
