package io.sparkglm.spark.solver;

import io.sparkglm.core.penalty.Penalty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The solvers on the classpath, found by name through {@link ServiceLoader}, and the choice behind
 * {@code auto}: {@code newton} up to {@value #AUTO_NEWTON_MAX_FEATURES} features (fewest passes: one per
 * iteration, 4-8 iterations typically), else {@code lbfgs} (OWL-QN for L1). The threshold is measured
 * (benchmarks/results/bench-results.md): a Hessian pass costs O(n p^2) against O(n p) for a gradient, and at p = 100 it is
 * ~20x a gradient pass, so L-BFGS's ~2x more passes win; at p = 15 Newton's few passes win, most of all with L1.
 * With coefficient bounds, which lbfgs does not take, {@code auto} stays with newton up to its feature limit and
 * takes proxgrad beyond ({@link #choose(int, Penalty)}).
 *
 * <p>Providers are looked up through the thread's context class loader first, then through the loader that
 * defined this class. Spark puts an application's {@code --jars} / {@code spark.jars} in a child loader that it
 * installs as the context class loader of the application's main thread (and of the threads it starts), while
 * {@code scripts/sparkglm} puts glm-spark itself on the JVM classpath: looking only at the defining loader misses
 * every solver module that arrived through {@code --jars} (issue 20: {@code async-admm}).
 */
public final class SolverRegistry {
  /** The name meaning "choose for me". */
  public static final String AUTO = "auto";
  /** The largest p for which {@code auto} picks newton. */
  public static final int AUTO_NEWTON_MAX_FEATURES = 50;

  /** Where solver modules are looked for, for the unknown-solver message. */
  static final String WHERE = "solvers are looked up with java.util.ServiceLoader (META-INF/services/"
      + SolverProvider.class.getName() + ") in the application's classpath and its --jars / spark.jars; "
      + "the admm and async-admm solvers need admm-*.jar and async-admm-*.jar there";

  private final Map<String, SolverProvider> providers = new TreeMap<>();

  private SolverRegistry(List<ClassLoader> loaders) {
    for (ClassLoader loader : loaders) {
      for (SolverProvider p : ServiceLoader.load(SolverProvider.class, loader)) {
        providers.putIfAbsent(p.name(), p);
      }
    }
  }

  /**
   * The registry of the solvers visible to the current thread's context class loader (where Spark puts the
   * application's jars) and to this class's own loader.
   */
  public static SolverRegistry load() {
    List<ClassLoader> loaders = new ArrayList<>(2);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    ClassLoader own = SolverRegistry.class.getClassLoader();
    if (own != context) {
      loaders.add(own);
    }
    return new SolverRegistry(loaders);
  }

  /** The registry of the solvers visible to {@code loader} alone. */
  public static SolverRegistry load(ClassLoader loader) {
    return new SolverRegistry(List.of(loader));
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
          + String.join(", ", providers.keySet()) + " (" + WHERE + ")");
    }
    return p;
  }

  /**
   * The named flags of every registered solver, by flag, sorted (see {@link SolverProvider#flags()}).
   *
   * @throws IllegalStateException when two solvers declare one flag for different options
   */
  public java.util.SortedMap<String, SolverProvider.OptionFlag> flags() {
    java.util.SortedMap<String, SolverProvider.OptionFlag> out = new java.util.TreeMap<>();
    Map<String, String> declaredBy = new java.util.HashMap<>();
    for (SolverProvider p : providers.values()) {
      for (SolverProvider.OptionFlag f : p.flags()) {
        if (!p.options().contains(f.option())) {
          throw new IllegalStateException("solver " + p.name() + " declares flag --" + f.flag() + " for option "
              + f.option() + ", which is not one of its options");
        }
        SolverProvider.OptionFlag other = out.putIfAbsent(f.flag(), f);
        if (other != null && !other.option().equals(f.option())) {
          throw new IllegalStateException("flag --" + f.flag() + " means option " + other.option() + " of solver "
              + declaredBy.get(f.flag()) + " but option " + f.option() + " of solver " + p.name());
        }
        declaredBy.putIfAbsent(f.flag(), p.name());
      }
    }
    return out;
  }

  /** The name {@code auto} resolves to for {@code p} features. */
  public String choose(int numFeatures) {
    return numFeatures <= AUTO_NEWTON_MAX_FEATURES || !providers.containsKey("lbfgs") ? "newton" : "lbfgs";
  }

  /**
   * The name {@code auto} resolves to for {@code p} features and this penalty: {@link #choose(int)}, unless that
   * solver cannot handle the penalty (coefficient bounds): then newton up to its feature limit, else proxgrad.
   */
  public String choose(int numFeatures, Penalty penalty) {
    String first = choose(numFeatures);
    if (provider(first).create(Map.of()).supports(penalty)) {
      return first;
    }
    return numFeatures <= io.sparkglm.core.solver.NewtonSolver.DEFAULT_MAX_FEATURES ? "newton" : "proxgrad";
  }

  /**
   * Creates the named solver (or the {@code auto} choice), checking options and that the solver handles the
   * penalty.
   *
   * @throws IllegalArgumentException for an unknown solver or option, or an unsupported penalty (naming the
   *     solvers that support it)
   */
  public DistributedSolver create(String name, int numFeatures, Penalty penalty, Map<String, String> options) {
    String resolved = AUTO.equals(name) ? choose(numFeatures, penalty) : name;
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
      throw new IllegalArgumentException("solver " + resolved + " cannot handle "
          + (penalty.hasBounds() && solver.supports(penalty.withBounds(null, null))
              ? "coefficient bounds (--lower-bounds / --upper-bounds, the Params lowerBounds / upperBounds)"
              : "an L1 / elastic-net penalty" + (penalty.hasBounds() ? " with coefficient bounds" : ""))
          + "; solvers that can: " + able);
    }
    return solver;
  }
}
