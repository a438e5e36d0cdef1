/**
 * Consensus ADMM for GLMs (Boyd et al. 2011), registered as solver {@code admm} through
 * {@link io.sparkglm.spark.solver.SolverProvider}. Not implemented yet: see the project's ADMM issue.
 */
package io.sparkglm.admm;
