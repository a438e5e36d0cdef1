package io.sparkglm.bench;

import io.sparkglm.core.family.Family;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark datasets of issue 6, as deterministic row generators. Row {@code i} of partition {@code k}
 * depends only on {@code (seed, k)} and {@code i}: the generator of partition {@code k} is a
 * {@link SplittableRandom} seeded with {@link #partitionSeed}, so a retried task, the roofline loop on the
 * driver and the two cached shapes (blocks and DataFrame) all see the same rows.
 *
 * <table>
 *   <caption>datasets (n before {@code --scale})</caption>
 *   <tr><th>name</th><th>n x p</th><th>x</th><th>family</th><th>beta</th><th>intercept</th></tr>
 *   <tr><td>seed001</td><td>8e6 x 15</td><td>U[0,1)</td><td>binomial</td><td>(U-0.5)*3, seed 20009</td>
 *       <td>none (not fitted)</td></tr>
 *   <tr><td>wide</td><td>1e6 x 100</td><td>N(0,1)</td><td>binomial</td><td>N(0,1)*2/sqrt(p)</td><td>0.3</td></tr>
 *   <tr><td>lasso</td><td>1e6 x 100</td><td>N(0,1)</td><td>gaussian, noise sd 2</td>
 *       <td>N(0,1), 10% exactly 0</td><td>1</td></tr>
 *   <tr><td>counts</td><td>1e6 x 20</td><td>N(0,1)</td><td>poisson</td><td>N(0,1)*0.15</td><td>0.5</td></tr>
 *   <tr><td>sparse</td><td>1e6 x 1e5, 20 nnz/row</td><td>N(0,1) at 20 random columns</td><td>binomial</td>
 *       <td>N(0,1)*0.5</td><td>-0.5</td></tr>
 * </table>
 *
 * @param name dataset name
 * @param family the family of the labels (canonical link)
 * @param rows n
 * @param numFeatures p
 * @param nnzPerRow non-zeros per row for sparse data (duplicates dropped), 0 for dense
 * @param uniform features U[0,1) instead of N(0,1)
 * @param intercept the true intercept; NaN means no intercept (and none is fitted)
 * @param noiseSd gaussian noise sd
 * @param beta the true coefficients, length p
 * @param seed seed of the rows
 */
public record SyntheticData(String name, Family family, long rows, int numFeatures, int nnzPerRow,
    boolean uniform, double intercept, double noiseSd, double[] beta, long seed) implements Serializable {

  /** The dataset names in the order the benchmark runs them. */
  public static final List<String> NAMES = List.of("seed001", "wide", "lasso", "counts", "sparse");

  /** Whether an intercept is generated and fitted. */
  public boolean fitIntercept() {
    return !Double.isNaN(intercept);
  }

  /** Whether rows are sparse. */
  public boolean sparse() {
    return nnzPerRow > 0;
  }

  /** Raw bytes of the feature values: {@code 8 n p} dense, {@code 12 nnz} sparse (value + int index). */
  public long rawBytes() {
    return sparse() ? 12L * rows * nnzPerRow : 8L * rows * numFeatures;
  }

  /** The same dataset with {@code rows} rows. */
  public SyntheticData withRows(long n) {
    return new SyntheticData(name, family, n, numFeatures, nnzPerRow, uniform, intercept, noiseSd, beta, seed);
  }

  /** The named dataset with its size multiplied by {@code scale} (at least 1000 rows). */
  public static SyntheticData named(String name, double scale) {
    long n;
    SyntheticData d;
    switch (name) {
      case "seed001" -> {
        SplittableRandom r = new SplittableRandom(20009);
        double[] b = new double[15];
        for (int j = 0; j < b.length; j++) {
          b[j] = (r.nextDouble() - 0.5) * 3;
        }
        d = new SyntheticData(name, Family.binomial(), 8_000_000L, 15, 0, true, Double.NaN, 0, b, 1001);
      }
      case "wide" -> d = new SyntheticData(name, Family.binomial(), 1_000_000L, 100, 0, false, 0.3, 0,
          normalBeta(100, 2 / Math.sqrt(100), 0.0, 2002), 1002);
      case "lasso" -> d = new SyntheticData(name, Family.gaussian(), 1_000_000L, 100, 0, false, 1.0, 2.0,
          normalBeta(100, 1.0, 0.1, 2003), 1003);
      case "counts" -> d = new SyntheticData(name, Family.poisson(), 1_000_000L, 20, 0, false, 0.5, 0,
          normalBeta(20, 0.15, 0.0, 2004), 1004);
      case "sparse" -> d = new SyntheticData(name, Family.binomial(), 1_000_000L, 100_000, 20, false, -0.5, 0,
          normalBeta(100_000, 0.5, 0.0, 2005), 1005);
      default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + NAMES);
    }
    n = Math.max(1000L, Math.round(d.rows * scale));
    return d.withRows(n);
  }

  private static double[] normalBeta(int p, double sd, double zeroFraction, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] b = new double[p];
    for (int j = 0; j < p; j++) {
      double v = r.nextGaussian() * sd;
      b[j] = r.nextDouble() < zeroFraction ? 0.0 : v;
    }
    return b;
  }

  /** Rows in partition {@code k} of {@code parts}: n/parts, the first n%parts partitions one more. */
  public long rowsInPartition(int k, int parts) {
    return rows / parts + (k < rows % parts ? 1 : 0);
  }

  /** The seed of partition {@code k}: a SplitMix64 finalizer of {@code (seed, k)}. */
  public long partitionSeed(int k) {
    long z = seed * 0x9E3779B97F4A7C15L + (k + 1) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The rows of one partition, generated on demand. {@link #next()} overwrites the public fields: a dense row
   * in {@code x} (length p), or a sparse row in {@code idx}/{@code val} ({@code nnz} entries, increasing
   * indices); and {@code y}. Not thread-safe; allocates nothing per row.
   */
  public final class RowStream {
    private final SplittableRandom rng;
    private long remaining;
    /** Dense features (dense datasets); overwritten by {@link #next()}. */
    public final double[] x;
    /** Sparse indices (sparse datasets); overwritten by {@link #next()}. */
    public final int[] idx;
    /** Sparse values (sparse datasets); overwritten by {@link #next()}. */
    public final double[] val;
    /** Non-zeros of the current sparse row. */
    public int nnz;
    /** Label of the current row. */
    public double y;

    RowStream(int partition, int parts) {
      this.rng = new SplittableRandom(partitionSeed(partition));
      this.remaining = rowsInPartition(partition, parts);
      this.x = sparse() ? null : new double[numFeatures];
      this.idx = sparse() ? new int[nnzPerRow] : null;
      this.val = sparse() ? new double[nnzPerRow] : null;
    }

    /** Whether another row remains. */
    public boolean hasNext() {
      return remaining > 0;
    }

    /** Generates the next row into the public fields. */
    public void next() {
      remaining--;
      double eta = fitIntercept() ? intercept : 0.0;
      if (sparse()) {
        for (int k = 0; k < nnzPerRow; k++) {
          idx[k] = rng.nextInt(numFeatures);
        }
        Arrays.sort(idx);
        nnz = 0;
        for (int k = 0; k < nnzPerRow; k++) {
          double v = rng.nextGaussian();
          if (nnz > 0 && idx[nnz - 1] == idx[k]) {
            continue;
          }
          idx[nnz] = idx[k];
          val[nnz] = v;
          eta += v * beta[idx[k]];
          nnz++;
        }
      } else {
        for (int j = 0; j < numFeatures; j++) {
          x[j] = uniform ? rng.nextDouble() : rng.nextGaussian();
          eta += x[j] * beta[j];
        }
      }
      y = label(eta);
    }

    private double label(double eta) {
      switch (family.name()) {
        case "binomial":
          return rng.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1.0 : 0.0;
        case "gaussian":
          return eta + noiseSd * rng.nextGaussian();
        case "poisson": {
          double limit = Math.exp(-Math.exp(eta));
          double prod = rng.nextDouble();
          int count = 0;
          while (prod > limit) {
            prod *= rng.nextDouble();
            count++;
          }
          return count;
        }
        default:
          throw new IllegalStateException("no generator for family " + family.name());
      }
    }
  }

  /** The rows of partition {@code k} of {@code parts}. */
  public RowStream stream(int k, int parts) {
    return new RowStream(k, parts);
  }
}
