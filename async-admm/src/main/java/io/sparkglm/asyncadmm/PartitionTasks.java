package io.sparkglm.asyncadmm;

import io.sparkglm.admm.Metric;
import io.sparkglm.admm.PartitionProblem;
import org.apache.spark.broadcast.Broadcast;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Single-partition Spark jobs in flight: each local ADMM update runs as its own job on one partition of the
 * persisted partition problems ({@code collectPartitions} on that partition only), submitted from a pool of
 * driver threads that block on their job (no busy-waiting); finished jobs are taken from a completion queue.
 * All jobs carry one job group, so {@link #close()} cancels whatever is still running and stops the threads.
 */
final class PartitionTasks implements AutoCloseable {
  private final JavaRDD<PartitionProblem> parts;
  private final JavaSparkContext jsc;
  private final AsyncAdmmSettings settings;
  private final String group;
  private final ExecutorService pool;
  private final ExecutorCompletionService<Result> done;
  private final List<Future<Result>> running = new ArrayList<>();
  private volatile Broadcast<Metric> metric;
  private final List<io.sparkglm.spark.eval.ClosableBroadcast<Metric>> refreshed = new ArrayList<>();

  /** A finished local update. */
  record Result(int partition, int slot, double[] b) {
  }

  PartitionTasks(JavaRDD<PartitionProblem> parts, AsyncAdmmSettings settings, Broadcast<Metric> metric, int threads,
      String group) {
    this.metric = metric;
    this.parts = parts;
    this.jsc = JavaSparkContext.fromSparkContext(parts.context());
    this.settings = settings;
    this.group = group;
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sparkglm-async-admm-" + group);
      t.setDaemon(true);
      return t;
    });
    this.done = new ExecutorCompletionService<>(pool);
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
    running.add(done.submit(() -> {
      jsc.setJobGroup(group, "sparkglm async-admm: local update of partition " + partition, true);
      JavaRDD<double[]> job = parts.mapPartitionsWithIndex((index, it) -> {
        List<double[]> out = new ArrayList<>();
        if (index == partition && it.hasNext()) {
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
          out.add(it.next().update(v, rho, m.value(), warm, localTol, localMaxIter).coefficients());
        }
        return out.iterator();
      }, true);
      List<double[]>[] result = job.collectPartitions(new int[] {partition});
      return new Result(partition, slot, result[0].get(0));
    }));
  }

  /** Later submissions use {@code next} (broadcast once; released on {@link #close()}). */
  void changeMetric(Metric next) {
    io.sparkglm.spark.eval.ClosableBroadcast<Metric> bc = io.sparkglm.spark.eval.ClosableBroadcast.of(jsc, next);
    refreshed.add(bc);
    metric = bc.get();
  }

  /** Waits for the next finished update. */
  Result take() throws InterruptedException {
    return unwrap(done.take());
  }

  /** The next finished update if one is ready, else {@code null}. */
  Result poll() {
    Future<Result> f = done.poll();
    return f == null ? null : unwrap(f);
  }

  private Result unwrap(Future<Result> f) {
    running.remove(f);
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String first = String.valueOf(cause.getMessage()).split("\\R", 2)[0];
      throw new IllegalStateException("async-admm: a local update failed after Spark's retries: " + first, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("async-admm interrupted", e);
    }
  }

  /** Cancels the running jobs of this group and stops the threads. */
  @Override
  public void close() {
    jsc.sc().cancelJobGroup(group);
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("async-admm: task threads did not stop within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      refreshed.forEach(io.sparkglm.spark.eval.ClosableBroadcast::close);
    }
  }
}
