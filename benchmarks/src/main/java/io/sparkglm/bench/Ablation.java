package io.sparkglm.bench;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.spark.eval.ClosableBroadcast;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The dask-glm seed's "batching / scatter / tree-summation" ablation: one gradient evaluation (loss +
 * gradient, as sparkglm's pass) on a dense dataset, in the 2 x 2 x 2 combinations of
 * <ul>
 *   <li><b>element</b>: {@code row} (an RDD of {@code (y, double[] x)} rows, one Java object per row, the
 *       pointwise loss called row by row) or {@code block} (sparkglm's cached {@link Block}s and
 *       {@link GlmAccumulator} kernel);</li>
 *   <li><b>coefficients</b>: {@code closure} (captured in the task closure, shipped with every task) or
 *       {@code broadcast} (one {@link ClosableBroadcast} per evaluation);</li>
 *   <li><b>combine</b>: {@code reduce} (map each element to a fresh partial sum, then {@code reduce}: for rows
 *       this allocates a gradient per row, the seed's formulation) or {@code treeAggregate} (depth 2,
 *       in-place accumulation).</li>
 * </ul>
 * The rows RDD is cached ({@code MEMORY_ONLY}) before timing and unpersisted at the end.
 */
public final class Ablation {
  private Ablation() {
  }

  /** A labelled dense row. */
  record LabeledRow(double y, double[] x) implements Serializable {
  }

  /**
   * One variant's result.
   *
   * @param element row or block
   * @param coefficients closure or broadcast
   * @param combine reduce or treeAggregate
   * @param secondsPerEvaluation mean over the timed evaluations (after one warm-up)
   * @param loss the loss sum it computed (all variants must agree)
   */
  public record Variant(String element, String coefficients, String combine, double secondsPerEvaluation,
      double loss) {
  }

  /** Runs every variant {@code evaluations} times at {@code coef} (length p+1) on {@code cached}. */
  public static List<Variant> run(CachedData cached, GlmLoss loss, double[] coef, int evaluations) {
    SyntheticData d = cached.data();
    int p = d.numFeatures();
    JavaRDD<LabeledRow> rows = cached.blocks().flatMap(b -> {
      List<LabeledRow> out = new ArrayList<>();
      double[] v = ((io.sparkglm.core.data.DenseBlock) b).values();
      for (int i = 0; i < b.numRows(); i++) {
        out.add(new LabeledRow(b.labels()[i], java.util.Arrays.copyOfRange(v, i * p, (i + 1) * p)));
      }
      return out.iterator();
    }).persist(StorageLevel.MEMORY_ONLY());
    rows.setName("bench ablation rows");
    rows.count();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.context());
    List<Variant> out = new ArrayList<>();
    try {
      for (String element : List.of("row", "block")) {
        for (String coefs : List.of("closure", "broadcast")) {
          for (String combine : List.of("reduce", "treeAggregate")) {
            Function<double[], Double> eval = element.equals("row")
                ? c -> rowPass(jsc, rows, loss, p, c, coefs.equals("broadcast"), combine.equals("reduce"))
                : c -> blockPass(jsc, cached.blocks(), loss, p, c, coefs.equals("broadcast"),
                    combine.equals("reduce"));
            double value = eval.apply(coef);
            long t0 = System.nanoTime();
            for (int e = 0; e < evaluations; e++) {
              eval.apply(coef);
            }
            out.add(new Variant(element, coefs, combine, (System.nanoTime() - t0) * 1e-9 / evaluations, value));
          }
        }
      }
    } finally {
      rows.unpersist(true);
    }
    return out;
  }

  private static double rowPass(JavaSparkContext jsc, JavaRDD<LabeledRow> rows, GlmLoss loss, int p,
      double[] coef, boolean broadcast, boolean reduce) {
    try (ClosableBroadcast<double[]> bc = ClosableBroadcast.of(jsc, coef.clone())) {
      Broadcast<double[]> b = bc.get();
      double[] captured = broadcast ? null : coef.clone();
      double[] sum;
      if (reduce) {
        sum = rows.map(r -> {
          double[] acc = new double[p + 2];
          addRow(acc, r, broadcast ? b.value() : captured, loss, p);
          return acc;
        }).reduce(Ablation::addInto);
      } else {
        sum = rows.treeAggregate(new double[p + 2],
            (acc, r) -> addRow(acc, r, broadcast ? b.value() : captured, loss, p), Ablation::addInto, 2);
      }
      return sum[p + 1];
    }
  }

  private static double blockPass(JavaSparkContext jsc, JavaRDD<Block> blocks, GlmLoss loss, int p,
      double[] coef, boolean broadcast, boolean reduce) {
    try (ClosableBroadcast<double[]> bc = ClosableBroadcast.of(jsc, coef.clone())) {
      Broadcast<double[]> b = bc.get();
      double[] captured = broadcast ? null : coef.clone();
      GlmAccumulator sum;
      if (reduce) {
        sum = blocks.map(block -> new GlmAccumulator(loss, p, Order.GRADIENT)
            .add(block, broadcast ? b.value() : captured)).reduce(GlmAccumulator::merge);
      } else {
        sum = blocks.treeAggregate(new GlmAccumulator(loss, p, Order.GRADIENT),
            (acc, block) -> acc.add(block, broadcast ? b.value() : captured), GlmAccumulator::merge, 2);
      }
      return sum.lossSum();
    }
  }

  /** {@code acc[0..p] += l'(y, eta) [x, 1]}, {@code acc[p+1] += l(y, eta)}; returns {@code acc}, modified. */
  private static double[] addRow(double[] acc, LabeledRow r, double[] coef, GlmLoss loss, int p) {
    double eta = coef[p];
    for (int j = 0; j < p; j++) {
      eta += r.x()[j] * coef[j];
    }
    double d = loss.derivative(r.y(), eta);
    for (int j = 0; j < p; j++) {
      acc[j] += d * r.x()[j];
    }
    acc[p] += d;
    acc[p + 1] += loss.value(r.y(), eta);
    return acc;
  }

  /** {@code a += b}; returns {@code a}, modified. */
  private static double[] addInto(double[] a, double[] b) {
    for (int j = 0; j < a.length; j++) {
      a[j] += b[j];
    }
    return a;
  }
}
