package io.sparkglm.spark.solver;

/** L-BFGS (OWL-QN under L1) meets the distributed solver contract. */
class LbfgsContractTest extends DistributedSolverContractTest {
  @Override
  protected String solver() {
    return "lbfgs";
  }
}
