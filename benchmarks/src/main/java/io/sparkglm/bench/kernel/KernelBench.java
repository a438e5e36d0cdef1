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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Single-thread timing of one kernel pass, in ns per row (median of {@code reps} passes after warm-up), as a
 * Markdown table. Run through {@code scripts/kernel-bench}; not a unit test.
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
 * Arguments: {@code reps} (default 9), {@code scale} (default 1.0: data per case about 128 MB), an optional
 * substring filter on the case name.
 */
public final class KernelBench {
  private static volatile double sink;

  private KernelBench() {
  }

  /** One data layout: its blocks and the coefficients to evaluate at. */
  private record Data(String name, int p, List<Block> blocks, long rows, boolean hessianFeasible) {
  }

  /** A timed variant: one full pass over the blocks. */
  private interface Pass {
    double run(List<Block> blocks, double[] coef);
  }

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    String filter = args.length > 2 ? args[2] : "";
    String[][] losses = {{"binomial", "logit"}, {"gaussian", "identity"}, {"poisson", "log"}};
    System.out.printf(Locale.ROOT, "java %s, %d cores, loss loops vectorized: %s, reps %d, scale %.2f%n%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), LossLoops.best().vectorized(), reps, scale);
    List<String> lines = new ArrayList<>();
    lines.add("| case | order | kernel ns/row | before ns/row | roofline ns/row | kernel / roofline | before / roofline |");
    lines.add("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    System.out.println(lines.get(0));
    System.out.println(lines.get(1));
    for (String layout : new String[] {"dense p=15", "dense p=100", "sparse p=1e5 nnz=20",
        "sparse p=1000 nnz=20"}) {
      Data data = null;
      for (String[] fl : losses) {
        Family family = Family.parse(fl[0], 0.0);
        GlmLoss loss = GlmLoss.of(family, Link.parse(fl[1]));
        for (Order order : new Order[] {Order.GRADIENT, Order.HESSIAN}) {
          String name = fl[0] + "-" + fl[1] + ", " + layout;
          if (!(name + " " + order).contains(filter)) {
            continue;
          }
          if (data == null) {
            data = make(layout, scale);
          }
          if (order == Order.HESSIAN && !data.hessianFeasible) {
            continue;
          }
          if (order == Order.GRADIENT && layout.startsWith("sparse p=1000")) {
            continue;
          }
          relabel(data, fl[0]);
          double[] coef = coefficients(data.p, fl[0]);
          final Data d = data;
          double[] t = time(reps, d, coef, new Pass[] {
              (bs, c) -> kernelPass(bs, c, loss, d.p, order),
              (bs, c) -> threePass(bs, c, loss, d.p, order),
              (bs, c) -> roofline(bs, c, fl[0], d.p, order)});
          double kernel = t[0];
          double threePass = t[1];
          double roof = t[2];
          String line = String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.2f | %.2f |", name,
              order, kernel, threePass, roof, kernel / roof, threePass / roof);
          System.out.println(line);
        }
      }
    }
  }

  /**
   * Median ns/row of each pass: warm-up (at least 3 passes each, up to 3 s), then {@code reps} rounds that run
   * every pass once, so that load from other processes hits all variants alike.
   */
  private static double[] time(int reps, Data data, double[] coef, Pass[] passes) {
    for (Pass pass : passes) {
      long budgetEnd = System.nanoTime() + 1_000_000_000L;
      for (int k = 0; k < 3 || (k < 20 && System.nanoTime() < budgetEnd); k++) {
        sink += pass.run(data.blocks, coef);
      }
    }
    double[][] ns = new double[passes.length][reps];
    for (int r = 0; r < reps; r++) {
      for (int v = 0; v < passes.length; v++) {
        long t0 = System.nanoTime();
        sink += passes[v].run(data.blocks, coef);
        ns[v][r] = (System.nanoTime() - t0) / (double) data.rows;
      }
    }
    double[] median = new double[passes.length];
    for (int v = 0; v < passes.length; v++) {
      Arrays.sort(ns[v]);
      median[v] = ns[v][reps / 2];
    }
    return median;
  }

  private static double kernelPass(List<Block> blocks, double[] coef, GlmLoss loss, int p, Order order) {
    GlmAccumulator acc = new GlmAccumulator(loss, p, order);
    for (Block b : blocks) {
      acc.add(b, coef);
    }
    return acc.lossSum();
  }

  /** The kernel as it was before this change: three sweeps over each block, scalar loss, dsyrk. */
  private static double threePass(List<Block> blocks, double[] coef, GlmLoss loss, int p, Order order) {
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
  private static double roofline(List<Block> blocks, double[] coef, String family, int p, Order order) {
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

  private static Data make(String layout, double scale) {
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
  private static double[] coefficients(int p, String family) {
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
  private static void relabel(Data data, String family) {
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
