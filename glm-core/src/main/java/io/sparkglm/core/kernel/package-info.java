/**
 * The fused block kernel: {@link io.sparkglm.core.kernel.GlmAccumulator} computes the GLM loss, gradient
 * and Hessian sums over {@link io.sparkglm.core.data.Block}s in one pass per block, for every family and
 * link. Spark's {@code treeAggregate} uses its {@code add} and {@code merge} directly. Its cost per row is
 * measured by {@code scripts/kernel-bench} against a plain scalar row loop (results in
 * {@code benchmarks/results/kernel-bench.md}).
 */
package io.sparkglm.core.kernel;
