package io.sparkglm.core.solver;

import io.sparkglm.core.penalty.Penalty;

/**
 * A stateless algorithm minimizing {@code F(b) = D(b) + P(b)}. Implementations keep no state between
 * calls; everything a run needs is in the arguments and everything it found is in the {@link Solution}.
 */
public interface Solver {
  /** The registered name, e.g. {@code "newton"}. */
  String name();

  /** Whether this solver handles the penalty (e.g. {@code gd} refuses L1). */
  boolean supports(Penalty penalty);

  /**
   * Minimizes {@code data + penalty} from {@code start}.
   *
   * @param start length {@code data.dimension()}; not modified
   */
  Solution solve(DataTerm data, Penalty penalty, double[] start, StoppingRule stop, IterationListener listener);
}
