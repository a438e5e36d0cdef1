package io.sparkglm.bench.kernel;

import dev.ludovic.netlib.blas.BLAS;
import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.DenseBlock;
import io.sparkglm.core.data.SparseBlock;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.simd.LossLoops;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The kernel benchmark's cases: the data layouts, the labels and coefficients per family, and the three timed
 * variants of one pass, measured by JMH in {@link KernelJmh} and tabulated by {@link KernelTable}
 * ({@code scripts/kernel-bench}).
 *
 * <p>Variants per case:
 * <ul>
 *   <li>{@code kernel}: {@link GlmAccumulator#add} as shipped;</li>
 *   <li>{@code before}: the kernel before the vectorized loss loops and the rank-4 Gram, kept as a reference:
 *       {@code eta = X b} (dgemv), the scalar loss loop ({@link LossLoops#scalar()}), {@code X' r} (dgemv),
 *       {@code X' D X} (dsyrk on a sqrt(d)-scaled copy for dense blocks);</li>
 *   <li>{@code roofline}: a plain scalar loop fused over rows: {@code eta_i = x_i'b}, the loss with
 *       {@code Math.exp/log1p}, {@code grad += r_i x_i} (and, at HESSIAN order, the upper triangle of
 *       {@code d_i x_i x_i'}).</li>
 * </ul>
 * Scale 1.0: data per case about 128 MB.
 */
final class KernelBench {
  private KernelBench() {
  }

  /** One data layout: its blocks and the coefficients to evaluate at. */
  record Data(String name, int p, List<Block> blocks, long rows, boolean hessianFeasible) {
  }

  /** The layouts, in table order. */
  static final String[] LAYOUTS = {"dense p=15", "dense p=100", "sparse p=1e5 nnz=20", "sparse p=1000 nnz=20"};
  /** The (family, link) pairs, in table order. */
  static final String[][] LOSSES = {{"binomial", "logit"}, {"gaussian", "identity"}, {"poisson", "log"}};

  /**
   * Whether the case is measured: the (p+1)^2 Hessian of p = 1e5 would be 80 GB, and p = 1000 sparse is there for
   * its Hessian only.
   */
  static boolean measured(String layout, Order order) {
    return order == Order.HESSIAN ? !layout.startsWith("sparse p=1e5") : !layout.startsWith("sparse p=1000");
  }

  static double kernelPass(List<Block> blocks, double[] coef, GlmLoss loss, int p, Order order) {
    GlmAccumulator acc = new GlmAccumulator(loss, p, order);
    for (Block b : blocks) {
      acc.add(b, coef);
    }
    return acc.lossSum();
  }

  /** The kernel as it was before this change: three sweeps over each block, scalar loss, dsyrk. */
  static double threePass(List<Block> blocks, double[] coef, GlmLoss loss, int p, Order order) {
    double[] grad = new double[p + 1];
    double[] hess = order == Order.HESSIAN ? new double[(p + 1) * (p + 1)] : null;
    double[] scratch = null;
    double sum = 0;
    int maxRows = 0;
    for (Block b : blocks) {
      maxRows = Math.max(maxRows, b.numRows());
    }
    double[] eta = new double[maxRows];
    double[] d1 = new double[maxRows];
    double[] d2 = new double[maxRows];
    for (Block b : blocks) {
      int n = b.numRows();
      b.linearPredictorInto(coef, eta);
      sum += scalarLoss(loss, b.labels(), eta, b.weights(), n, d1, hess == null ? null : d2);
      b.addTransposeTimesInto(d1, grad);
      if (hess != null) {
        scratch = b instanceof DenseBlock db ? dsyrkGram(db, d2, hess, scratch)
            : b.addWeightedGramInto(d2, hess, scratch);
      }
    }
    return sum + grad[0] + (hess == null ? 0 : hess[0]);
  }

  private static double scalarLoss(GlmLoss loss, double[] y, double[] eta, double[] w, int n, double[] d1,
      double[] d2) {
    switch (loss.family().name()) {
      case "binomial":
        return LossLoops.scalar().binomialLogit(y, eta, w, n, d1, d2);
      case "poisson":
        return LossLoops.scalar().poissonLog(y, eta, w, n, d1, d2);
      default:
        return loss.valueAndDerivativesInto(y, eta, w, n, d1, d2);
    }
  }

  /** The former DenseBlock.addWeightedGramInto: one dsyrk on the sqrt(d)-scaled copy of [X, 1]. */
  private static double[] dsyrkGram(DenseBlock block, double[] d, double[] hessOut, double[] scratch) {
    final int n = block.numRows();
    final int p = block.numFeatures();
    final int p1 = p + 1;
    double[] values = block.values();
    int need = n * p1;
    double[] s = scratch != null && scratch.length >= need ? scratch : new double[need];
    for (int i = 0; i < n; i++) {
      double r = Math.sqrt(d[i]);
      int src = i * p;
      int dst = i * p1;
      for (int j = 0; j < p; j++) {
        s[dst + j] = r * values[src + j];
      }
      s[dst + p] = r;
    }
    BLAS.getInstance().dsyrk("L", "N", p1, n, 1.0, s, p1, 1.0, hessOut, p1);
    return s;
  }

  /** A plain scalar fused row loop: the reference cost of the arithmetic and the memory traffic. */
  static double roofline(List<Block> blocks, double[] coef, String family, int p, Order order) {
    double[] grad = new double[p + 1];
    double[] hess = order == Order.HESSIAN ? new double[(p + 1) * (p + 1)] : null;
    int fam = family.equals("binomial") ? 0 : family.equals("gaussian") ? 1 : 2;
    double b0 = coef[p];
    double sum = 0;
    for (Block block : blocks) {
      double[] y = block.labels();
      int n = block.numRows();
      if (block instanceof DenseBlock db) {
        double[] x = db.values();
        for (int i = 0; i < n; i++) {
          int off = i * p;
          double t = b0;
          for (int j = 0; j < p; j++) {
            t += x[off + j] * coef[j];
          }
          double r;
          double c;
          if (fam == 0) {
            double e = Math.exp(-Math.abs(t));
            double onePlus = 1.0 + e;
            sum += (t > 0 ? t : 0.0) + Math.log1p(e) - y[i] * t;
            r = (t >= 0 ? 1.0 / onePlus : e / onePlus) - y[i];
            c = e / (onePlus * onePlus);
          } else if (fam == 1) {
            r = t - y[i];
            sum += 0.5 * r * r;
            c = 1.0;
          } else {
            double mu = Math.exp(t);
            sum += mu - y[i] * t;
            r = mu - y[i];
            c = mu;
          }
          for (int j = 0; j < p; j++) {
            grad[j] += r * x[off + j];
          }
          grad[p] += r;
          if (hess != null) {
            int p1 = p + 1;
            for (int a = 0; a < p; a++) {
              double ca = c * x[off + a];
              int row = a * p1;
              for (int bb = a; bb < p; bb++) {
                hess[row + bb] += ca * x[off + bb];
              }
              hess[row + p] += ca;
            }
            hess[p * p1 + p] += c;
          }
        }
      } else {
        SparseBlock sb = (SparseBlock) block;
        int[] ptr = sb.rowPtr();
        int[] col = sb.colIdx();
        double[] v = sb.values();
        for (int i = 0; i < n; i++) {
          double t = b0;
          int start = ptr[i];
          int end = ptr[i + 1];
          for (int k = start; k < end; k++) {
            t += v[k] * coef[col[k]];
          }
          double r;
          double c;
          if (fam == 0) {
            double e = Math.exp(-Math.abs(t));
            double onePlus = 1.0 + e;
            sum += (t > 0 ? t : 0.0) + Math.log1p(e) - y[i] * t;
            r = (t >= 0 ? 1.0 / onePlus : e / onePlus) - y[i];
            c = e / (onePlus * onePlus);
          } else if (fam == 1) {
            r = t - y[i];
            sum += 0.5 * r * r;
            c = 1.0;
          } else {
            double mu = Math.exp(t);
            sum += mu - y[i] * t;
            r = mu - y[i];
            c = mu;
          }
          for (int k = start; k < end; k++) {
            grad[col[k]] += r * v[k];
          }
          grad[p] += r;
          if (hess != null) {
            int p1 = p + 1;
            for (int a = start; a < end; a++) {
              double ca = c * v[a];
              int row = col[a] * p1;
              for (int bb = a; bb < end; bb++) {
                hess[row + col[bb]] += ca * v[bb];
              }
              hess[row + p] += ca;
            }
            hess[p * p1 + p] += c;
          }
        }
      }
    }
    return sum + grad[0] + (hess == null ? 0 : hess[0]);
  }

  static Data make(String layout, double scale) {
    Random rnd = new Random(42);
    int blockRows = 4096;
    long targetBytes = (long) (128e6 * scale);
    List<Block> blocks = new ArrayList<>();
    if (layout.startsWith("dense")) {
      int p = layout.contains("100") ? 100 : 15;
      int numBlocks = (int) Math.max(1, targetBytes / (8L * p * blockRows));
      for (int b = 0; b < numBlocks; b++) {
        double[] x = new double[blockRows * p];
        for (int k = 0; k < x.length; k++) {
          x[k] = rnd.nextGaussian();
        }
        blocks.add(new DenseBlock(blockRows, p, x, new double[blockRows], null, null));
      }
      return new Data(layout, p, blocks, (long) numBlocks * blockRows, true);
    }
    int p = layout.contains("1e5") ? 100_000 : 1000;
    int nnz = 20;
    int numBlocks = (int) Math.max(1, targetBytes / (12L * nnz * blockRows));
    for (int b = 0; b < numBlocks; b++) {
      int[] ptr = new int[blockRows + 1];
      int[] col = new int[blockRows * nnz];
      double[] val = new double[blockRows * nnz];
      for (int i = 0; i < blockRows; i++) {
        int[] c = rnd.ints(0, p).distinct().limit(nnz).sorted().toArray();
        for (int k = 0; k < nnz; k++) {
          col[i * nnz + k] = c[k];
          val[i * nnz + k] = rnd.nextGaussian();
        }
        ptr[i + 1] = (i + 1) * nnz;
      }
      blocks.add(new SparseBlock(blockRows, p, ptr, col, val, new double[blockRows], null, null));
    }
    return new Data(layout, p, blocks, (long) numBlocks * blockRows, p <= 1000);
  }

  /** Coefficients giving eta of standard deviation about 1 (0.5 for poisson). */
  static double[] coefficients(int p, String family) {
    Random rnd = new Random(7);
    double[] c = new double[p + 1];
    double nnzPerRow = p > 100 ? 20 : p;
    double scale = (family.equals("poisson") ? 0.5 : 1.0) / Math.sqrt(nnzPerRow);
    for (int j = 0; j < p; j++) {
      c[j] = rnd.nextGaussian() * scale;
    }
    c[p] = 0.1;
    return c;
  }

  /** Labels drawn for the family (binomial 0/1, poisson small counts, gaussian normal). */
  static void relabel(Data data, String family) {
    Random rnd = new Random(3);
    for (Block b : data.blocks) {
      double[] y = b.labels();
      for (int i = 0; i < b.numRows(); i++) {
        y[i] = family.equals("binomial") ? (rnd.nextBoolean() ? 1 : 0)
            : family.equals("gaussian") ? rnd.nextGaussian() : rnd.nextInt(4);
      }
    }
  }
}
