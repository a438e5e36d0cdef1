package io.sparkglm.spark.solver;

import java.util.Map;
import java.util.Set;

/**
 * {@code lbfgs}: L-BFGS for smooth penalties, OWL-QN for L1 / elastic net, both from Breeze (see
 * {@link LbfgsSolver}). Option {@value #MEMORY}: the number of correction pairs kept, default
 * {@value LbfgsSolver#DEFAULT_MEMORY}.
 */
public final class LbfgsProvider implements SolverProvider {
  /** Option: the L-BFGS memory m (an integer >= 1). */
  public static final String MEMORY = "memory";

  @Override
  public String name() {
    return "lbfgs";
  }

  @Override
  public String description() {
    return "L-BFGS (smooth) / OWL-QN (L1), from Breeze (one or two passes per iteration, any p)";
  }

  @Override
  public Set<String> options() {
    return Set.of(MEMORY);
  }

  @Override
  public java.util.List<OptionDoc> optionDocs() {
    return java.util.List.of(new OptionDoc(MEMORY, "integer >= 1", Integer.toString(LbfgsSolver.DEFAULT_MEMORY),
        "the number of correction pairs kept"));
  }

  @Override
  public DistributedSolver create(Map<String, String> options) {
    String m = options.getOrDefault(MEMORY, Integer.toString(LbfgsSolver.DEFAULT_MEMORY)).trim();
    int memory;
    try {
      memory = Integer.parseInt(m);
    } catch (NumberFormatException e) {
      memory = 0;
    }
    if (memory < 1) {
      throw new IllegalArgumentException("lbfgs option memory must be an integer >= 1, got '" + m + "'");
    }
    return new LbfgsSolver(memory);
  }
}
