/**
 * The row loops of the hot losses (binomial-logit, poisson-log) with their {@code exp} and {@code log1p}
 * evaluated several rows at a time: {@link io.sparkglm.core.simd.LossLoops}.
 *
 * <p>Two implementations with one contract: a scalar one on {@code Math.exp/log1p}, and one on the
 * incubating Vector API ({@code jdk.incubator.vector}, SVML-backed lanewise {@code EXP}/{@code LOG1P} on
 * x86), chosen at class initialization when that module is in the boot layer
 * ({@code --add-modules=jdk.incubator.vector}, which the project's JVM flags pass to Spark and tests). The
 * Vector API class is loaded only then, so glm-core runs on a JVM without the module. Compiling it needs
 * {@code --add-modules jdk.incubator.vector}, which makes javac print its mandatory "using incubating
 * module(s)" warning (not an {@code -Xlint} category); that warning is expected.
 */
package io.sparkglm.core.simd;
