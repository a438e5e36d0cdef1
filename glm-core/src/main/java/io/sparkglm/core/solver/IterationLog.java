package io.sparkglm.core.solver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A solver run's iteration bookkeeping, the same for every solver: the clock and the pass count from the start of
 * the run, one {@link IterationRecord} per iteration appended to the history and handed to the listener (the CLI's
 * one log line per iteration), and the {@link Solution} built from them.
 */
public final class IterationLog {
  private final String solver;
  private final IterationListener listener;
  private final LongSupplier passCounter;
  private final long passes0;
  private final long start = System.nanoTime();
  private final List<IterationRecord> history = new ArrayList<>();

  /**
   * A log whose passes are {@code passCounter}'s count minus its count now.
   *
   * @param solver the solver's name, as the listener reports it
   */
  public IterationLog(String solver, IterationListener listener, LongSupplier passCounter) {
    this.solver = solver;
    this.listener = listener;
    this.passCounter = passCounter;
    this.passes0 = passCounter.getAsLong();
  }

  /** A log counting the passes over {@code data} from now. */
  public static IterationLog over(String solver, DataTerm data, IterationListener listener) {
    return new IterationLog(solver, listener, data::passes);
  }

  /** The checkpoints of this run ({@link IterationListener#checkpoints}). */
  public Checkpoints checkpoints() {
    return listener.checkpoints();
  }

  /** Wall seconds since the run started. */
  public double seconds() {
    return (System.nanoTime() - start) * 1e-9;
  }

  /** Data passes since the run started. */
  public long passes() {
    return passCounter.getAsLong() - passes0;
  }

  /** Records iteration {@code iteration} (1-based) with the pass count so far and no details. */
  public IterationRecord record(int iteration, double objective, double optimality, double step) {
    return record(iteration, objective, optimality, step, Map.of());
  }

  /** Records an iteration with solver-specific details (in a stable order). */
  public IterationRecord record(int iteration, double objective, double optimality, double step,
      Map<String, Double> details) {
    IterationRecord r = new IterationRecord(iteration, objective, optimality, step, seconds(), passes(), details);
    history.add(r);
    listener.onIteration(solver, r);
    return r;
  }

  /** The records so far, read-only. */
  public List<IterationRecord> history() {
    return Collections.unmodifiableList(history);
  }

  /** The run's solution at {@code x}, with the passes and the history so far. */
  public Solution solution(double[] x, double objective, double optimality, int iterations, Status status) {
    return new Solution(x, objective, optimality, iterations, passes(), status, history);
  }

  /** The solution of a run whose objective is not finite at the start {@code x}. */
  public Solution notFinite(double[] x, double objective) {
    return solution(x, objective, Double.NaN, 0, Status.NOT_FINITE);
  }
}
