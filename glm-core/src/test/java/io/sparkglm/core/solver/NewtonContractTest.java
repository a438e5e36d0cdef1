package io.sparkglm.core.solver;

class NewtonContractTest extends SolverContractTest {
  @Override
  Solver solver() {
    return new NewtonSolver();
  }

  @Override
  int maxIterations() {
    return 100;
  }
}
