package io.sparkglm.admm;

import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.SolverProvider;
import java.util.Map;
import java.util.Set;

/**
 * Registers {@code admm} (consensus ADMM) with sparkglm's solver registry. Options (via
 * {@code --solver-option KEY=VALUE}): {@code rho}, {@code overRelaxation}, {@code absTol}, {@code relTol},
 * {@code adaptiveRho}, {@code localMaxIter}, {@code localTol}, {@code metric} (hessian|identity); see
 * {@link AdmmSettings}.
 */
public final class AdmmProvider implements SolverProvider {
  @Override
  public String name() {
    return "admm";
  }

  @Override
  public String description() {
    return "consensus ADMM (Boyd et al. 2011): local solves per partition, prox on the driver, adaptive rho";
  }

  @Override
  public Set<String> options() {
    return AdmmSettings.OPTIONS;
  }

  @Override
  public java.util.List<OptionDoc> optionDocs() {
    return AdmmSettings.DOCS;
  }

  @Override
  public DistributedSolver create(Map<String, String> options) {
    return new AdmmSolver(AdmmSettings.parse(options));
  }
}
