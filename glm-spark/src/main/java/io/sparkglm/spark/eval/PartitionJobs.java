package io.sparkglm.spark.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
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
 * Single-partition Spark jobs in flight, for the asynchronous solvers: each piece of work runs as its own job on
 * one partition of a persisted RDD ({@code collectPartitions} on that partition only), submitted from a pool of
 * driver threads that block on their job (no busy-waiting); finished jobs are taken from a completion queue in
 * the order they end. All jobs carry one job group, so {@link #close()} cancels whatever is still running and
 * stops the threads. A task that fails after Spark's retries fails {@link #take()} with the task's first line.
 *
 * @param <T> the RDD's element type
 * @param <R> what one piece of work returns
 */
public final class PartitionJobs<T, R> implements AutoCloseable {
  /** The work on one partition's elements, run in the task. */
  @FunctionalInterface
  public interface Work<T, R> extends Serializable {
    /**
     * Computes the result from the partition's elements.
     *
     * @param partition the partition index
     * @param elements the partition's elements
     */
    R apply(int partition, Iterator<T> elements) throws Exception;
  }

  /** A finished piece of work and the tag it was submitted with. */
  public record Done<R>(int partition, long tag, R result) {
  }

  private final JavaRDD<T> data;
  private final JavaSparkContext jsc;
  private final String group;
  private final String what;
  private final String unit;
  private final ExecutorService pool;
  private final ExecutorCompletionService<Done<R>> done;
  private final List<Future<Done<R>>> running = new ArrayList<>();

  /**
   * Jobs over {@code data} from {@code threads} driver threads.
   *
   * @param what the solver's name, for thread names, job descriptions and errors
   * @param unit what one job is, for errors ("a local update failed ...")
   */
  public PartitionJobs(JavaRDD<T> data, int threads, String what, String unit) {
    this.data = data;
    this.unit = unit;
    this.jsc = JavaSparkContext.fromSparkContext(data.context());
    this.what = what;
    this.group = what + "-" + java.util.UUID.randomUUID();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sparkglm-" + group);
      t.setDaemon(true);
      return t;
    });
    this.done = new ExecutorCompletionService<>(pool);
  }

  /**
   * Runs {@code work} on {@code partition} as one Spark job with {@code description} (shown in Spark's UI).
   *
   * @param tag returned with the result, e.g. the submission's number
   */
  public void submit(int partition, long tag, String description, Work<T, R> work) {
    running.add(done.submit(() -> {
      jsc.setJobGroup(group, "sparkglm " + what + ": " + description, true);
      JavaRDD<R> job = data.mapPartitionsWithIndex((index, it) -> {
        List<R> out = new ArrayList<>(1);
        if (index == partition) {
          out.add(work.apply(index, it));
        }
        return out.iterator();
      }, true);
      List<R>[] result = job.collectPartitions(new int[] {partition});
      return new Done<>(partition, tag, result[0].get(0));
    }));
  }

  /** Jobs submitted and not yet taken. */
  public int inFlight() {
    return running.size();
  }

  /** Waits for the next finished job. */
  public Done<R> take() throws InterruptedException {
    return unwrap(done.take());
  }

  /** The next finished job if one is ready, else {@code null}. */
  public Done<R> poll() {
    Future<Done<R>> f = done.poll();
    return f == null ? null : unwrap(f);
  }

  private Done<R> unwrap(Future<Done<R>> f) {
    running.remove(f);
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String first = String.valueOf(cause.getMessage()).split("\\R", 2)[0];
      throw new IllegalStateException(what + ": a " + unit + " failed after Spark's retries: " + first, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  /**
   * Cancels the running jobs of this group (only when some are in flight: Spark warns of a cancel that finds no
   * job) and stops the threads.
   */
  @Override
  public void close() {
    if (!running.isEmpty()) {
      jsc.sc().cancelJobGroup(group);
    }
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(what + ": job threads did not stop within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
