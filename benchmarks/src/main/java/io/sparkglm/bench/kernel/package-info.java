/**
 * The kernel micro-benchmark: the cases and variants ({@link io.sparkglm.bench.kernel.KernelBench}), their JMH
 * benchmark ({@link io.sparkglm.bench.kernel.KernelJmh}) and the table ({@link io.sparkglm.bench.kernel.KernelTable},
 * {@code scripts/kernel-bench}; results in {@code benchmarks/results/kernel-bench.md}).
 */
package io.sparkglm.bench.kernel;
