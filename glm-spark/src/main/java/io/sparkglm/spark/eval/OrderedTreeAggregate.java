package io.sparkglm.spark.eval;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * {@code treeAggregate} whose partial results are combined in a fixed order, so the result does not depend on
 * which task finishes first.
 *
 * <p>Spark's {@code RDD.treeAggregate} merges the last level's results on the driver in the order the tasks
 * finish (and its intermediate levels in the order shuffle blocks arrive). Floating-point addition is not
 * associative, so two runs on the same data could differ in the last bits, and a solver whose stopping test
 * looks at those bits could stop at another iteration. Here each partition's sum is tagged with its partition
 * index; every level groups the tags exactly as {@code treeAggregate} does (the same fan-in for a given
 * {@code depth}, so the same bytes move) and combines each group in index order; the driver combines the last
 * level in index order too. The same data, partitioning and depth give bit-identical sums.
 */
public final class OrderedTreeAggregate {
  private OrderedTreeAggregate() {
  }

  /**
   * Aggregates {@code rdd}: {@code seqOp} folds a partition's elements into a copy of {@code zero} (each
   * partition deserializes its own copy), {@code combOp} combines partial results (it may modify and return
   * its first argument).
   *
   * @param depth the tree depth, at least 1, as in {@code treeAggregate}
   * @return {@code zero} when the RDD has no partitions, else the combined result
   */
  public static <T, U extends Serializable> U aggregate(JavaRDD<T> rdd, U zero, Function2<U, T, U> seqOp,
      Function2<U, U, U> combOp, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    int n = rdd.getNumPartitions();
    if (n == 0) {
      return zero;
    }
    JavaRDD<Tuple2<Integer, U>> level = rdd.mapPartitionsWithIndex((Integer index, Iterator<T> it) -> {
      U acc = zero;
      while (it.hasNext()) {
        acc = seqOp.call(acc, it.next());
      }
      return List.of(new Tuple2<>(index, acc)).iterator();
    }, true);
    // Spark's own fan-in rule (RDD.treeAggregate): shrink by `scale` while that saves work on the driver.
    int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
    int parts = n;
    while (parts > scale + (int) Math.ceil((double) parts / scale)) {
      parts /= scale;
      final int groups = parts;
      level = level.mapToPair(t -> new Tuple2<>(t._1() % groups, t))
          .groupByKey(new HashPartitioner(groups))
          .map(g -> new Tuple2<>(g._1(), combineInOrder(g._2(), combOp)));
    }
    try {
      return combineInOrder(level.collect(), combOp);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("combining partial results failed", e);
    }
  }

  /**
   * Combines the partial results of partitions {@code 0 .. n-1} (in that order in {@code byPartition}) exactly as
   * {@link #aggregate} does with this {@code depth}: the same groups at every level, each combined in index order,
   * so the result is bit-identical to {@link #aggregate}'s over an RDD whose partitions yield these results. Runs in
   * this JVM (an all-reduce task combines the gathered sums of every partition this way).
   *
   * @param byPartition one partial result per partition, at least one; {@code combOp} may modify them
   * @param depth the tree depth, at least 1
   */
  public static <U> U combineLikeTree(List<U> byPartition, Function2<U, U, U> combOp, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    int n = byPartition.size();
    List<Tuple2<Integer, U>> level = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      level.add(new Tuple2<>(i, byPartition.get(i)));
    }
    int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
    int parts = n;
    try {
      while (parts > scale + (int) Math.ceil((double) parts / scale)) {
        parts /= scale;
        java.util.TreeMap<Integer, List<Tuple2<Integer, U>>> groups = new java.util.TreeMap<>();
        for (Tuple2<Integer, U> t : level) {
          groups.computeIfAbsent(t._1() % parts, k -> new ArrayList<>()).add(t);
        }
        List<Tuple2<Integer, U>> next = new ArrayList<>(groups.size());
        for (java.util.Map.Entry<Integer, List<Tuple2<Integer, U>>> g : groups.entrySet()) {
          next.add(new Tuple2<>(g.getKey(), combineInOrder(g.getValue(), combOp)));
        }
        level = next;
      }
      return combineInOrder(level, combOp);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("combining partial results failed", e);
    }
  }

  /** Combines tagged partial results in the order of their tags. */
  private static <U> U combineInOrder(Iterable<Tuple2<Integer, U>> tagged, Function2<U, U, U> combOp)
      throws Exception {
    List<Tuple2<Integer, U>> sorted = new ArrayList<>();
    tagged.forEach(sorted::add);
    sorted.sort(Comparator.comparingInt(Tuple2::_1));
    U acc = sorted.get(0)._2();
    for (int i = 1; i < sorted.size(); i++) {
      acc = combOp.call(acc, sorted.get(i)._2());
    }
    return acc;
  }
}
