/**
 * Solvers as plug-ins: the {@link io.sparkglm.spark.solver.SolverProvider} service interface, the
 * {@link io.sparkglm.spark.solver.SolverRegistry} that finds them by name, and the providers of the
 * full-batch solvers (newton, proxgrad, gd, lbfgs).
 *
 * <p><b>Where a solver lives.</b> A solver written against the abstract {@code DataTerm} alone, with no library
 * beyond the JDK, lives in glm-core ({@code io.sparkglm.core.solver}: newton, proxgrad, gd) and runs on local or
 * distributed data. A solver that needs Spark beyond the data term (its own jobs, sampling) or another library
 * (Breeze for lbfgs) lives in glm-spark, one package per family of solvers ({@code solver} for lbfgs,
 * {@code solver.stochastic} for sgd, parallel-sgd, local-sgd). A solver with its own state machine across Spark
 * jobs, or with dependencies of its own, is a module of its own (admm, async-admm). Every solver, wherever it
 * lives, is found only through its {@code SolverProvider}, which also declares its options and its command-line
 * flags ({@link io.sparkglm.spark.solver.SolverProvider#flags()}): the CLI names no solver's options.
 */
package io.sparkglm.spark.solver;
