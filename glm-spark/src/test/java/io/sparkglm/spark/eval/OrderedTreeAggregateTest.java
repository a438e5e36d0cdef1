package io.sparkglm.spark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkglm.spark.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderedTreeAggregateTest {
  private static JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
  }

  /** Doubles of magnitudes 1 to 1e16 with fractional parts: the order of their sum matters in floating point. */
  private static List<Double> awkward(int count) {
    List<Double> v = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      v.add(Math.pow(10, (i * 7) % 17) * (i % 3 == 0 ? -1.1 : 1.3) + i * 1e-3);
    }
    return v;
  }

  /** A mutable sum, as the project's accumulators are (combOp modifies and returns its first argument). */
  static final class Box implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    double sum;
    long count;

    Box add(double x) {
      sum += x;
      count++;
      return this;
    }

    Box merge(Box o) {
      sum += o.sum;
      count += o.count;
      return this;
    }
  }

  @ParameterizedTest(name = "{0} partitions, depth {1}")
  @CsvSource({"1,2", "2,2", "7,1", "7,2", "20,2", "20,3", "64,2"})
  void equalsTheSequentialSumInPartitionOrderUpToTheTreeShape(int partitions, int depth) {
    List<Double> values = awkward(500);
    JavaRDD<Double> rdd = jsc().parallelize(values, partitions);
    Box tree = OrderedTreeAggregate.aggregate(rdd, new Box(), Box::add, Box::merge, depth);
    assertEquals(values.size(), tree.count);
    double exact = values.stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(exact, tree.sum, 1e-9 * values.stream().mapToDouble(Math::abs).sum());
    // Bit-identical on a second run.
    Box again = OrderedTreeAggregate.aggregate(rdd, new Box(), Box::add, Box::merge, depth);
    assertEquals(Double.doubleToRawLongBits(tree.sum), Double.doubleToRawLongBits(again.sum));
  }

  /**
   * The in-JVM combination of per-partition sums (what an all-reduce task does with the gathered sums) groups them
   * as the distributed tree does: bit-identical results for awkward sums, whose value depends on the grouping.
   */
  @ParameterizedTest(name = "{0} partitions, depth {1}")
  @CsvSource({"1,2", "2,2", "7,1", "7,2", "8,2", "20,2", "20,3", "64,2", "64,3"})
  void combiningGatheredSumsInThisJvmIsBitIdenticalToTheTree(int partitions, int depth) {
    List<Double> values = awkward(500);
    JavaRDD<Double> rdd = jsc().parallelize(values, partitions);
    Box tree = OrderedTreeAggregate.aggregate(rdd, new Box(), Box::add, Box::merge, depth);
    List<Box> perPartition = rdd.mapPartitions(it -> {
      Box b = new Box();
      it.forEachRemaining(b::add);
      return List.of(b).iterator();
    }).collect();
    Box local = OrderedTreeAggregate.combineLikeTree(perPartition, Box::merge, depth);
    assertEquals(Double.doubleToRawLongBits(tree.sum), Double.doubleToRawLongBits(local.sum));
    assertEquals(tree.count, local.count);
  }

  /**
   * Six one-element partitions {1e16, -1e16, 1, 1, 1, 1} whose tasks finish in two different orders: in
   * partition order (partition k sleeps 30k ms), the big ones cancel first and the sum is 4; with partition 0
   * last (it sleeps 400 ms), each 1 is lost against -1e16 (whose ulp is 2) and the sum is 0. Spark's aggregate
   * gives both answers, the ordered one gives 4 twice.
   */
  @Test
  void theResultDoesNotDependOnWhichTaskFinishesFirst() {
    JavaRDD<Double> rdd = jsc().parallelize(List.of(1e16, -1e16, 1.0, 1.0, 1.0, 1.0), 6);
    double[] ordered = new double[2];
    double[] spark = new double[2]; // spark[0] is 4 when the first run's tasks finish in partition order
    for (int run = 0; run < 2; run++) {
      final boolean zeroLast = run == 1;
      JavaRDD<Double> slowed = rdd.mapPartitionsWithIndex((Integer k, java.util.Iterator<Double> it) -> {
        Thread.sleep(zeroLast ? (k == 0 ? 400L : 0L) : 30L * k);
        return it;
      }, true);
      // Depth 1: all six partial sums are combined on the driver (by Spark in the order tasks finish).
      ordered[run] = OrderedTreeAggregate.aggregate(slowed, new Box(), Box::add, Box::merge, 1).sum;
      spark[run] = slowed.treeAggregate(new Box(), Box::add, Box::merge, 1).sum;
    }
    assertEquals(4.0, ordered[0]);
    assertEquals(4.0, ordered[1]);
    // The premise: Spark's own result depends on the order (else this test would prove nothing). Only the
    // robust case is asserted: with 30 ms between tasks a loaded machine may reorder the first run.
    assertEquals(0.0, spark[1], "Spark, partition 0 finishing last");
  }

  @Test
  void noPartitionsGiveTheZeroAndDepthIsChecked() {
    JavaRDD<Double> empty = jsc().emptyRDD();
    Box zero = new Box();
    assertEquals(zero, OrderedTreeAggregate.aggregate(empty, zero, Box::add, Box::merge, 2));
    assertThrows(IllegalArgumentException.class,
        () -> OrderedTreeAggregate.aggregate(empty, zero, Box::add, Box::merge, 0));
  }
}
