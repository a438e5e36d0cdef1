package io.sparkglm.spark.solver;

import io.sparkglm.core.penalty.Penalty;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The solvers on the classpath, found by name through {@link ServiceLoader}, and the choice behind
 * {@code auto}: {@code newton} up to {@value #AUTO_NEWTON_MAX_FEATURES} features (fewest passes: one per
 * iteration, 4-8 iterations typically), else {@code lbfgs} (OWL-QN for L1). The threshold is measured
 * (scripts/bench-results.md): a Hessian pass costs O(n p^2) against O(n p) for a gradient, and at p = 100 it is
 * ~20x a gradient pass, so L-BFGS's ~2x more passes win; at p = 15 Newton's few passes win, most of all with L1.
 */
public final class SolverRegistry {
  /** The name meaning "choose for me". */
  public static final String AUTO = "auto";
  /** The largest p for which {@code auto} picks newton. */
  public static final int AUTO_NEWTON_MAX_FEATURES = 50;

  private final Map<String, SolverProvider> providers = new TreeMap<>();

  private SolverRegistry() {
    for (SolverProvider p : ServiceLoader.load(SolverProvider.class, SolverRegistry.class.getClassLoader())) {
      providers.putIfAbsent(p.name(), p);
    }
  }

  /** The registry of the solvers visible to this class's class loader. */
  public static SolverRegistry load() {
    return new SolverRegistry();
  }

  /** Names of every registered solver, sorted. */
  public java.util.Set<String> names() {
    return providers.keySet();
  }

  /** The provider of a name, or an IllegalArgumentException listing the known names. */
  public SolverProvider provider(String name) {
    SolverProvider p = providers.get(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown solver '" + name + "'; available: auto, "
          + String.join(", ", providers.keySet()));
    }
    return p;
  }

  /** The name {@code auto} resolves to for {@code p} features. */
  public String choose(int numFeatures) {
    return numFeatures <= AUTO_NEWTON_MAX_FEATURES || !providers.containsKey("lbfgs") ? "newton" : "lbfgs";
  }

  /**
   * Creates the named solver (or the {@code auto} choice), checking options and that the solver handles the
   * penalty.
   *
   * @throws IllegalArgumentException for an unknown solver or option, or an unsupported penalty (naming the
   *     solvers that support it)
   */
  public DistributedSolver create(String name, int numFeatures, Penalty penalty, Map<String, String> options) {
    String resolved = AUTO.equals(name) ? choose(numFeatures) : name;
    SolverProvider p = provider(resolved);
    for (String key : options.keySet()) {
      if (!p.options().contains(key)) {
        throw new IllegalArgumentException("unknown option '" + key + "' for solver " + resolved
            + (p.options().isEmpty() ? " (it takes none)" : "; it takes: " + String.join(", ", p.options())));
      }
    }
    DistributedSolver solver = p.create(options);
    if (!solver.supports(penalty)) {
      StringBuilder able = new StringBuilder();
      for (SolverProvider q : providers.values()) {
        if (q.create(Map.of()).supports(penalty)) {
          able.append(able.length() == 0 ? "" : ", ").append(q.name());
        }
      }
      throw new IllegalArgumentException("solver " + resolved + " cannot handle an L1 / elastic-net penalty; "
          + "solvers that can: " + able);
    }
    return solver;
  }
}
