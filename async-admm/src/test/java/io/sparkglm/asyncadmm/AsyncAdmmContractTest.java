package io.sparkglm.asyncadmm;

import io.sparkglm.spark.solver.DistributedSolverContractTest;
import java.util.Map;

/**
 * Asynchronous ADMM meets the distributed solver contract, run to the KKT tolerance: with its default residual
 * tolerances the residual test stops it first and it reports CONVERGED at a certified KKT of up to about 1e-5 when
 * 1e-9 was asked for (issues 14 and 18).
 */
class AsyncAdmmContractTest extends DistributedSolverContractTest {
  @Override
  protected String solver() {
    return "async-admm";
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("absTol", "0", "relTol", "0");
  }

  @Override
  protected int maxIterations() {
    return 50_000;
  }
}
