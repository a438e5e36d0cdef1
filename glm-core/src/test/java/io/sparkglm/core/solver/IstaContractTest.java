package io.sparkglm.core.solver;

class IstaContractTest extends SolverContractTest {
  @Override
  Solver solver() {
    return ProximalGradientSolver.proximalGradient(false);
  }
}
