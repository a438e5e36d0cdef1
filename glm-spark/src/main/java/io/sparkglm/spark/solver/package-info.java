/**
 * Solvers as plug-ins: the {@link io.sparkglm.spark.solver.SolverProvider} service interface, the
 * {@link io.sparkglm.spark.solver.SolverRegistry} that finds them by name, and the providers of the
 * full-batch solvers (newton, proxgrad, gd, lbfgs).
 */
package io.sparkglm.spark.solver;
