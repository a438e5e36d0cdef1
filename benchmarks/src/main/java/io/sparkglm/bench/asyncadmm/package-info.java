/**
 * Synchronous against asynchronous ADMM on a lasso, with and without a straggler
 * ({@link io.sparkglm.bench.asyncadmm.AsyncAdmmBench}, {@code scripts/bench-async-admm}; results in
 * {@code benchmarks/results/bench-async-admm-results.md}).
 */
package io.sparkglm.bench.asyncadmm;
