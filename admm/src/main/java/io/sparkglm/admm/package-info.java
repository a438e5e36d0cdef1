/**
 * Consensus ADMM for GLMs (Boyd, Parikh, Chu, Peleato and Eckstein 2011, "Distributed Optimization and
 * Statistical Learning via the Alternating Direction Method of Multipliers"), registered as solver
 * {@code admm} through {@link io.sparkglm.spark.solver.SolverProvider}: per-partition local updates
 * ({@link io.sparkglm.admm.PartitionProblem}), driver-side consensus with the penalty's proximal operator and
 * residual balancing ({@link io.sparkglm.admm.Consensus}) in the metric of the data term's Hessian
 * ({@link io.sparkglm.admm.Metric}, {@link io.sparkglm.admm.MetricProx}), one Spark job per iteration.
 */
package io.sparkglm.admm;
