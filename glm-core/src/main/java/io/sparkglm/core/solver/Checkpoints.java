package io.sparkglm.core.solver;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a solver saves its {@link SolverState} during a run and finds it again when the run is resumed (after the
 * driver was lost). A solver that supports checkpoints asks {@link #resume} once before its first iteration and
 * offers its state after every iteration ({@link #offer}); the implementation decides when to write.
 */
public interface Checkpoints {
  /** No checkpoints: nothing is saved, nothing is resumed. */
  Checkpoints NONE = new Checkpoints() {
    @Override
    public Optional<SolverState> resume(String solver) {
      return Optional.empty();
    }

    @Override
    public void offer(int iteration, Supplier<SolverState> state) {
    }

    @Override
    public boolean enabled() {
      return false;
    }
  };

  /** The state to continue from, when the run is resumed and {@code solver} saved one. */
  Optional<SolverState> resume(String solver);

  /** After iteration {@code iteration}: saves {@code state.get()} if a checkpoint is due. */
  void offer(int iteration, Supplier<SolverState> state);

  /** Whether checkpoints are saved at all. */
  boolean enabled();
}
