package io.sparkglm.core.solver;

/**
 * One solver iteration, as logged and reported in summary.json's {@code history}.
 *
 * @param iteration 1-based
 * @param objective {@code F} after the iteration
 * @param optimality the optimality measure after the iteration (KKT violation)
 * @param step the accepted step size
 * @param seconds wall seconds since the solver started
 * @param passes data passes since the solver started
 */
public record IterationRecord(int iteration, double objective, double optimality, double step, double seconds,
    long passes) {
}
