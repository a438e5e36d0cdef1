package io.sparkglm.spark.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock seconds per named phase of a run, in the order the phases ended (what {@code summary.json}'s
 * {@code timings} and the {@code timings} log line show). {@link #lap} closes the phase that began at the previous
 * lap (or at construction); a name given twice adds up. Mutable, driver-side, not thread-safe.
 */
public final class PhaseClock {
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long last = System.nanoTime();

  /** Ends the current phase as {@code name} and starts the next one; returns the phase's seconds. */
  public double lap(String name) {
    long now = System.nanoTime();
    double s = (now - last) * 1e-9;
    seconds.merge(name, s, Double::sum);
    last = now;
    return s;
  }

  /** Records a phase measured elsewhere (it does not move the lap mark). */
  public void put(String name, double s) {
    seconds.merge(name, s, Double::sum);
  }

  /** Restarts the lap mark without recording (time since the last lap is left out). */
  public void skip() {
    last = System.nanoTime();
  }

  /** The phases so far, in order; a read-only view. */
  public Map<String, Double> seconds() {
    return Collections.unmodifiableMap(seconds);
  }
}
