/**
 * Every solver on the reference problems of glm-spark's test resources, against R's and statsmodels' answers
 * ({@link io.sparkglm.bench.reference.ReferenceTable}, {@code scripts/reference-table}; results in
 * {@code benchmarks/results/reference-table.md}).
 */
package io.sparkglm.bench.reference;
