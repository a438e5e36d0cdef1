package io.sparkglm.spark.solver;

import java.util.Map;

/**
 * The service-provider interface through which solvers are found by name (Java {@link java.util.ServiceLoader};
 * list implementations in {@code META-INF/services/io.sparkglm.spark.solver.SolverProvider}). Modules such as
 * {@code admm} register their solvers this way, so glm-spark never depends on them.
 */
public interface SolverProvider {
  /** The name users pass as {@code --solver}, e.g. {@code "newton"}. */
  String name();

  /** One line for help texts. */
  String description();

  /** Solver-specific option names this provider understands (for validation of user input). */
  default java.util.Set<String> options() {
    return java.util.Set.of();
  }

  /**
   * A command-line flag that is sugar for one of this solver's options: {@code --FLAG VALUE} means
   * {@code --solver-option OPTION=VALUE}.
   *
   * @param flag the flag without its dashes, e.g. {@code "batch-size"}
   * @param option the option key it sets, one of {@link #options()}
   * @param value the value's placeholder in the usage text, e.g. {@code "B"} or {@code "constant|geometric"}
   */
  record OptionFlag(String flag, String option, String value) {
  }

  /**
   * This solver's named command-line flags. The CLI takes every registered solver's flags and refuses a flag the
   * chosen solver does not declare; two solvers may declare one flag only for the same option.
   */
  default java.util.List<OptionFlag> flags() {
    return java.util.List.of();
  }

  /**
   * One of this solver's options as the help text shows it.
   *
   * @param option the option key, one of {@link #options()}, e.g. {@code "batchSize"}
   * @param value its type or allowed values, e.g. {@code "integer >= 1"} or {@code "constant|geometric|adaptive"}
   * @param defaultValue the default, as a value or a short phrase (e.g. {@code "1/N"})
   * @param description what it does, one sentence
   */
  record OptionDoc(String option, String value, String defaultValue, String description) {
  }

  /**
   * The documentation of this solver's options, in the order the help lists them: one entry per option of
   * {@link #options()}. The default lists the bare names (a provider should say more).
   */
  default java.util.List<OptionDoc> optionDocs() {
    return options().stream().sorted().map(o -> new OptionDoc(o, "value", "", "")).toList();
  }

  /**
   * Creates the solver.
   *
   * @param options solver-specific options (keys from {@link #options()}); unknown keys were rejected before
   */
  DistributedSolver create(Map<String, String> options);
}
