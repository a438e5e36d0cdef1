package io.sparkglm.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Counts Spark jobs: the data passes of a library that does not report them (every MLlib aggregation over
 * the data is one job). Listener events arrive asynchronously, so {@link #count()} first drains the listener
 * bus. Register once per SparkContext with {@link #on}.
 */
public final class JobCounter extends SparkListener {
  private final AtomicLong jobs = new AtomicLong();
  private final SparkContext sc;

  private JobCounter(SparkContext sc) {
    this.sc = sc;
  }

  /** A counter registered on {@code sc}. */
  public static JobCounter on(SparkContext sc) {
    JobCounter c = new JobCounter(sc);
    sc.addSparkListener(c);
    return c;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  /** Jobs started so far (after every event posted so far has been delivered). */
  public long count() {
    try {
      sc.listenerBus().waitUntilEmpty(60_000L);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in 60 s", e);
    }
    return jobs.get();
  }
}
