package io.sparkglm.spark.eval;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A broadcast variable with a visible lifetime: created for one evaluation, destroyed on {@link #close()}
 * (use try-with-resources), so superseded coefficient vectors never pile up on the executors.
 *
 * @param <T> the broadcast value type
 */
public final class ClosableBroadcast<T> implements AutoCloseable {
  private final Broadcast<T> broadcast;

  private ClosableBroadcast(Broadcast<T> broadcast) {
    this.broadcast = broadcast;
  }

  /** Broadcasts {@code value}. */
  public static <T> ClosableBroadcast<T> of(JavaSparkContext jsc, T value) {
    return new ClosableBroadcast<>(jsc.broadcast(value));
  }

  /** The Spark broadcast, for use inside closures. */
  public Broadcast<T> get() {
    return broadcast;
  }

  @Override
  public void close() {
    broadcast.destroy();
  }
}
