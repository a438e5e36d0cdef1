package io.sparkglm.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The "roofline" of a data pass: a plain multi-threaded Java loop, no Spark, over the same rows held in
 * primitive arrays (one chunk per Spark partition: dense row-major {@code double[n_k * p]}, or CSR for sparse
 * data), computing what one sparkglm gradient pass computes:
 * <pre>
 *   D(b) = (1/n) sum_i l(y_i, x_i'b + b0),   grad D = (1/n) sum_i l'(y_i, eta_i) [x_i, 1]
 * </pre>
 * with {@code l} = {@code log(1+e^eta) - y eta} (binomial, evaluated as {@code max(eta,0) +
 * log1p(e^-|eta|) - y eta} with one {@code exp} per row, as sparkglm's kernel), {@code (y-eta)^2/2} (gaussian)
 * or {@code e^eta - y eta} (poisson). One fused scalar loop per row: dot product, pointwise loss, gradient
 * update; no allocation. Chunks run on a fixed pool of {@code threads} threads (the cores {@code local[*]}
 * uses).
 *
 * <p>This loop is the "roofline", not the hardware's: it is scalar (the JIT does not vectorize a
 * floating-point reduction) while sparkglm's kernel runs on vectorized BLAS, so sparkglm can beat it. The
 * hardware bound of a memory-bound pass is {@link #readSeconds}: streaming the same arrays once.
 */
public final class Roofline implements AutoCloseable {
  private final SyntheticData data;
  private final List<Chunk> chunks = new ArrayList<>();
  private final ExecutorService pool;

  private record Chunk(int n, double[] x, int[] rowPtr, int[] col, double[] y) {
  }

  /** The loss sum normalized by n, and the normalized gradient (length p+1, intercept last). */
  public record Pass(double value, double[] gradient) {
  }

  /** Generates the rows of {@code data} in {@code parts} chunks (as the Spark partitions are). */
  public Roofline(SyntheticData data, int parts, int threads) {
    this.data = data;
    for (int k = 0; k < parts; k++) {
      chunks.add(generate(data, k, parts));
    }
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "roofline");
      t.setDaemon(true);
      return t;
    });
  }

  private static Chunk generate(SyntheticData d, int k, int parts) {
    int n = Math.toIntExact(d.rowsInPartition(k, parts));
    int p = d.numFeatures();
    SyntheticData.RowStream s = d.stream(k, parts);
    double[] y = new double[n];
    if (!d.sparse()) {
      double[] x = new double[Math.multiplyExact(n, p)];
      for (int i = 0; i < n; i++) {
        s.next();
        System.arraycopy(s.x, 0, x, i * p, p);
        y[i] = s.y;
      }
      return new Chunk(n, x, null, null, y);
    }
    int[] rowPtr = new int[n + 1];
    int[] col = new int[n * d.nnzPerRow()];
    double[] val = new double[col.length];
    for (int i = 0; i < n; i++) {
      s.next();
      System.arraycopy(s.idx, 0, col, rowPtr[i], s.nnz);
      System.arraycopy(s.val, 0, val, rowPtr[i], s.nnz);
      rowPtr[i + 1] = rowPtr[i] + s.nnz;
      y[i] = s.y;
    }
    return new Chunk(n, val, rowPtr, col, y);
  }

  /** One pass at {@code coef} (length p+1, intercept last; not modified). */
  public Pass evaluate(double[] coef) {
    List<Future<double[]>> parts = new ArrayList<>();
    for (Chunk c : chunks) {
      parts.add(pool.submit(() -> pass(c, coef)));
    }
    int p = data.numFeatures();
    double[] sum = new double[p + 2];
    try {
      for (Future<double[]> f : parts) {
        double[] r = f.get();
        for (int j = 0; j < sum.length; j++) {
          sum[j] += r[j];
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("roofline pass interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("roofline pass failed", e.getCause());
    }
    double n = data.rows();
    double[] g = new double[p + 1];
    for (int j = 0; j <= p; j++) {
      g[j] = sum[j] / n;
    }
    return new Pass(sum[p + 1] / n, g);
  }

  /** Median seconds of {@code reps} passes at {@code coef}. */
  public double secondsPerPass(double[] coef, int reps) {
    double[] t = new double[reps];
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      evaluate(coef);
      t[r] = (System.nanoTime() - t0) * 1e-9;
    }
    Arrays.sort(t);
    return t[reps / 2];
  }

  /**
   * Median seconds of {@code reps} reads of every feature value (and label), four independent sums per chunk,
   * chunks in parallel: the memory-bandwidth floor of any pass over this data.
   */
  public double readSeconds(int reps) {
    double[] t = new double[reps];
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      List<Future<Double>> parts = new ArrayList<>();
      for (Chunk c : chunks) {
        parts.add(pool.submit(() -> read(c)));
      }
      double sink = 0;
      try {
        for (Future<Double> f : parts) {
          sink += f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("read pass interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("read pass failed", e.getCause());
      }
      t[r] = (System.nanoTime() - t0) * 1e-9 + (sink == 42.0 ? 1e-12 : 0.0);
    }
    Arrays.sort(t);
    return t[reps / 2];
  }

  private static double read(Chunk c) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double[] x = c.x;
    int k = 0;
    for (; k + 3 < x.length; k += 4) {
      s0 += x[k];
      s1 += x[k + 1];
      s2 += x[k + 2];
      s3 += x[k + 3];
    }
    for (; k < x.length; k++) {
      s0 += x[k];
    }
    for (double v : c.y) {
      s1 += v;
    }
    if (c.col != null) {
      long sc = 0;
      for (int j : c.col) {
        sc += j;
      }
      s2 += sc;
    }
    return s0 + s1 + s2 + s3;
  }

  /** Returns {@code [grad_0 .. grad_{p-1}, grad_intercept, loss]} sums of one chunk. */
  private double[] pass(Chunk c, double[] coef) {
    final int p = data.numFeatures();
    final int family = familyCode();
    final double b0 = coef[p];
    final double[] x = c.x;
    final double[] out = new double[p + 2];
    double loss = 0.0;
    double g0 = 0.0;
    for (int i = 0; i < c.n; i++) {
      double eta = b0;
      int start;
      int end;
      if (c.rowPtr == null) {
        start = i * p;
        end = start + p;
        for (int k = start, j = 0; k < end; k++, j++) {
          eta += x[k] * coef[j];
        }
      } else {
        start = c.rowPtr[i];
        end = c.rowPtr[i + 1];
        for (int k = start; k < end; k++) {
          eta += x[k] * coef[c.col[k]];
        }
      }
      double y = c.y[i];
      double d;
      if (family == 0) {
        double e = Math.exp(-Math.abs(eta));
        loss += Math.max(eta, 0.0) + Math.log1p(e) - y * eta;
        d = (eta >= 0 ? 1.0 : e) / (1.0 + e) - y;
      } else if (family == 1) {
        double r = eta - y;
        loss += 0.5 * r * r;
        d = r;
      } else {
        double mu = Math.exp(eta);
        loss += mu - y * eta;
        d = mu - y;
      }
      g0 += d;
      if (c.rowPtr == null) {
        for (int k = start, j = 0; k < end; k++, j++) {
          out[j] += d * x[k];
        }
      } else {
        for (int k = start; k < end; k++) {
          out[c.col[k]] += d * x[k];
        }
      }
    }
    out[p] = g0;
    out[p + 1] = loss;
    return out;
  }

  private int familyCode() {
    return switch (data.family().name()) {
      case "binomial" -> 0;
      case "gaussian" -> 1;
      case "poisson" -> 2;
      default -> throw new IllegalStateException("no roofline loop for " + data.family().name());
    };
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
