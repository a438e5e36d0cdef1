package io.sparkglm.core.solver;

class GradientDescentContractTest extends SolverContractTest {
  @Override
  Solver solver() {
    return ProximalGradientSolver.gradientDescent();
  }
}
