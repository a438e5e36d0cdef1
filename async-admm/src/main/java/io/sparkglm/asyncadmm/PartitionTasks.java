package io.sparkglm.asyncadmm;

import io.sparkglm.admm.Metric;
import io.sparkglm.admm.PartitionProblem;
import io.sparkglm.spark.eval.ClosableBroadcast;
import io.sparkglm.spark.eval.PartitionJobs;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The local ADMM updates in flight: each runs as its own single-partition Spark job on the persisted partition
 * problems ({@link PartitionJobs}: driver threads that block on their job, a completion queue, one job group that
 * {@link #close()} cancels), with the metric's latest broadcast.
 */
final class PartitionTasks implements AutoCloseable {
  private final JavaSparkContext jsc;
  private final AsyncAdmmSettings settings;
  private final PartitionJobs<PartitionProblem, double[]> jobs;
  private volatile Broadcast<Metric> metric;
  private final List<ClosableBroadcast<Metric>> refreshed = new ArrayList<>();

  /** A finished local update. */
  record Result(int partition, int slot, double[] b) {
  }

  PartitionTasks(JavaRDD<PartitionProblem> parts, AsyncAdmmSettings settings, Broadcast<Metric> metric, int threads) {
    this.metric = metric;
    this.jsc = JavaSparkContext.fromSparkContext(parts.context());
    this.settings = settings;
    this.jobs = new PartitionJobs<>(parts, threads, "async-admm", "local update");
  }

  /**
   * Submits the local update of {@code partition} from {@code z}, {@code u}, warm start and {@code rho}, solved to
   * {@code localTol}.
   */
  void submit(int partition, int slot, double[] z, double[] u, double[] warm, double rho, double localTol) {
    int localMaxIter = settings.localMaxIter();
    int slow = settings.slowPartition();
    long slowMillis = settings.slowMillis();
    int failing = settings.failPartition();
    Broadcast<Metric> m = metric;
    jobs.submit(partition, slot, "local update of partition " + partition, (index, it) -> {
      if (index == slow && slowMillis > 0) {
        Thread.sleep(slowMillis);
      }
      if (index == failing) {
        throw new IllegalStateException("test hook: the local update of partition " + index + " fails");
      }
      double[] v = new double[z.length];
      for (int j = 0; j < v.length; j++) {
        v[j] = z[j] - u[j];
      }
      return it.next().update(v, rho, m.value(), warm, localTol, localMaxIter).coefficients();
    });
  }

  /** Later submissions use {@code next} (broadcast once; released on {@link #close()}). */
  void changeMetric(Metric next) {
    ClosableBroadcast<Metric> bc = ClosableBroadcast.of(jsc, next);
    refreshed.add(bc);
    metric = bc.get();
  }

  /** Waits for the next finished update. */
  Result take() throws InterruptedException {
    return result(jobs.take());
  }

  /** The next finished update if one is ready, else {@code null}. */
  Result poll() {
    PartitionJobs.Done<double[]> d = jobs.poll();
    return d == null ? null : result(d);
  }

  private static Result result(PartitionJobs.Done<double[]> d) {
    return new Result(d.partition(), (int) d.tag(), d.result());
  }

  /** Cancels the running jobs and stops the threads, then releases the metric broadcasts. */
  @Override
  public void close() {
    try {
      jobs.close();
    } finally {
      refreshed.forEach(ClosableBroadcast::close);
    }
  }
}
