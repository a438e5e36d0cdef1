package io.sparkglm.core.solver;

class ProximalGradientContractTest extends SolverContractTest {
  @Override
  Solver solver() {
    return ProximalGradientSolver.proximalGradient(true);
  }
}
