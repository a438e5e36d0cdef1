package io.sparkglm.asyncadmm;

import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.SolverProvider;
import java.util.Map;
import java.util.Set;

/**
 * Registers {@code async-admm} with sparkglm's solver registry. Options ({@code --solver-option KEY=VALUE}):
 * {@code mode} (single|batched), {@code inFlight}, {@code maxStaleness}, {@code evaluateEvery},
 * {@code budgetSeconds}, {@code rho}, {@code absTol}, {@code relTol}, {@code localMaxIter}, {@code localTol},
 * {@code metric}, {@code zDamping};
 * see {@link AsyncAdmmSettings}. {@code maxIter} counts consensus updates.
 */
public final class AsyncAdmmProvider implements SolverProvider {
  @Override
  public String name() {
    return "async-admm";
  }

  @Override
  public String description() {
    return "asynchronous consensus ADMM: single-partition updates in flight, running consensus, bounded staleness,"
        + " adaptive rho";
  }

  @Override
  public Set<String> options() {
    return AsyncAdmmSettings.OPTIONS;
  }

  @Override
  public java.util.List<OptionDoc> optionDocs() {
    return AsyncAdmmSettings.DOCS;
  }

  @Override
  public DistributedSolver create(Map<String, String> options) {
    return new AsyncAdmmSolver(AsyncAdmmSettings.parse(options));
  }
}
