/**
 * Stochastic solvers for data too large for many full passes: {@code sgd} (mini-batch proximal SGD with
 * constant, geometric (AdaDamp's GeoDamp) and adaptive batch sizes), {@code parallel-sgd} (Zinkevich et al.
 * 2010) and {@code local-sgd} (SparkNet's tau local steps, then averaging). They work in the solver's
 * standardized variables like every solver; sampling is deterministic in {@code (seed, update, partition)}.
 */
package io.sparkglm.spark.solver.stochastic;
