/**
 * Solvers for {@code F(b) = D(b) + P(b)}, written against the abstract {@link io.sparkglm.core.solver.DataTerm}
 * so that the same code runs on local blocks or distributed data: {@link io.sparkglm.core.solver.NewtonSolver}
 * (Newton/IRLS and proximal Newton with coordinate descent on the gathered Hessian) and
 * {@link io.sparkglm.core.solver.ProximalGradientSolver} (FISTA proximal gradient; gradient descent).
 * {@link io.sparkglm.core.solver.Reparametrization} is the change of variables (scaling, centering) solvers
 * work in.
 */
package io.sparkglm.core.solver;
