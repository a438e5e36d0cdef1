package io.sparkglm.admm;

import io.sparkglm.spark.solver.DistributedSolverContractTest;
import java.util.Map;

/**
 * Consensus ADMM meets the distributed solver contract, run to the KKT tolerance. Boyd's residual test is off (the
 * default since issue 14: with absTol 1e-8, relTol 1e-6 it stopped first, at a certified KKT of about 1e-7 when
 * 1e-9 was asked for, which the trainer now reports as STALLED).
 */
class AdmmContractTest extends DistributedSolverContractTest {
  @Override
  protected String solver() {
    return "admm";
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("absTol", "0", "relTol", "0");
  }
}
