package io.sparkglm.core.solver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a solver needs to continue a run exactly where it was: the iteration count and its own vectors and
 * numbers (Newton: the iterate; FISTA: the iterate, the extrapolated point, the step and the momentum). Saved by
 * {@link Checkpoints} every few iterations; a run resumed from it takes the same steps as the run that saved it.
 *
 * @param solver the solver's name
 * @param iteration iterations done
 * @param vectors named vectors, in the solver's variables
 * @param scalars named numbers
 */
public record SolverState(String solver, int iteration, Map<String, double[]> vectors, Map<String, Double> scalars) {
  /** Copies the maps (and the vectors). */
  public SolverState {
    Map<String, double[]> v = new LinkedHashMap<>();
    vectors.forEach((k, a) -> v.put(k, a.clone()));
    vectors = java.util.Collections.unmodifiableMap(v);
    scalars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
  }

  /** The named vector (a copy); an error naming the solver when it is missing. */
  public double[] vector(String name) {
    double[] a = vectors.get(name);
    if (a == null) {
      throw new IllegalArgumentException(solver + " checkpoint has no vector '" + name + "'");
    }
    return a.clone();
  }

  /** The named number; an error naming the solver when it is missing. */
  public double scalar(String name) {
    Double s = scalars.get(name);
    if (s == null) {
      throw new IllegalArgumentException(solver + " checkpoint has no number '" + name + "'");
    }
    return s;
  }
}
