package io.sparkglm.spark.train;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.spark.BarrierTaskContext;

/**
 * {@link BarrierTaskContext#allGather} without its one-second polling. Spark 4.1's barrier call sends its request
 * and then waits in {@code while (!future.isCompleted) Thread.sleep(1000)} (checking for a task kill after each
 * sleep, and treating an interrupt as a reason to check again): every all-gather then costs about a second, twenty
 * times a whole tree-aggregate job. While this task is inside the call, a helper thread interrupts its sleep after
 * 20 us, 40 us, ... (doubling, at most 1 ms apart), so the call returns within about a millisecond of the
 * coordinator's answer; the interrupt flag is cleared before the call returns to the solver. Only a sleeping task
 * thread ({@link Thread.State#TIMED_WAITING}) is interrupted. {@code spark.sparkglm.allreduce.wake=false} turns this
 * off (Spark's own polling; for measurements).
 */
final class WokenAllGather implements Function<String, String[]>, AutoCloseable {
  private static final long FIRST_PAUSE_NANOS = 20_000L;
  private static final long MAX_PAUSE_NANOS = 1_000_000L;

  private final BarrierTaskContext context;
  private final Thread task;
  private final Thread waker;
  private final Object lock = new Object();
  private boolean waiting;
  private boolean closed;

  /** Starts the helper thread for the calling (task) thread. */
  WokenAllGather(BarrierTaskContext context) {
    this.context = context;
    this.task = Thread.currentThread();
    this.waker = new Thread(this::wakeWhileWaiting, "sparkglm-allgather-waker-" + context.partitionId());
    waker.setDaemon(true);
    waker.start();
  }

  @Override
  public String[] apply(String message) {
    synchronized (lock) {
      waiting = true;
      lock.notifyAll();
    }
    try {
      return context.allGather(message);
    } finally {
      synchronized (lock) {
        waiting = false;
      }
      Thread.interrupted(); // an interrupt sent before `waiting` was cleared must not reach the solver
    }
  }

  private void wakeWhileWaiting() {
    long pause = FIRST_PAUSE_NANOS;
    while (true) {
      synchronized (lock) {
        while (!waiting && !closed) {
          pause = FIRST_PAUSE_NANOS;
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        if (task.getState() == Thread.State.TIMED_WAITING) {
          task.interrupt();
        }
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(2 * pause, MAX_PAUSE_NANOS);
    }
  }

  /** Stops the helper thread. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }
}
