/**
 * The fused block kernel: {@link io.sparkglm.core.kernel.GlmAccumulator} computes the GLM loss, gradient
 * and Hessian sums over {@link io.sparkglm.core.data.Block}s in one pass per block, for every family and
 * link. Spark's {@code treeAggregate} uses its {@code add} and {@code merge} directly.
 */
package io.sparkglm.core.kernel;
