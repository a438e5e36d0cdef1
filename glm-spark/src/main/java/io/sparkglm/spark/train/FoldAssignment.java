package io.sparkglm.spark.train;

import io.sparkglm.core.data.Block;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;

/**
 * Which fold each row belongs to, numbered {@code 1..K} as R's {@code foldid}. Rows are numbered in the blocks'
 * order: partition by partition, block by block, row by row (for text data loaded with one partition per split,
 * the order of the file). Either given (one id per row) or drawn as {@code cv.glmnet} draws them,
 * {@code sample(rep(seq(K), length = n))}: the sequence {@code 1..K, 1..K, ...} of length n shuffled (Fisher-Yates
 * with {@code java.util.Random(seed)}; reproducible, but not R's draw), so fold sizes differ by at most one.
 *
 * <p>The ids are held on the driver and broadcast (4 bytes a row; 40 MB for 10 million rows).
 */
public final class FoldAssignment {
  /** Default number of folds (cv.glmnet's). */
  public static final int DEFAULT_FOLDS = 10;

  private final int folds;
  private final long seed;
  private final int[] given;

  private FoldAssignment(int folds, long seed, int[] given) {
    this.folds = folds;
    this.seed = seed;
    this.given = given;
  }

  /** {@code folds} balanced random folds drawn with {@code seed}. */
  public static FoldAssignment random(int folds, long seed) {
    if (folds < 2) {
      throw new IllegalArgumentException("--folds must be >= 2, got " + folds);
    }
    return new FoldAssignment(folds, seed, null);
  }

  /**
   * The given fold of each row, in row order, each in {@code 1..K} with every fold present ({@code K} the largest).
   */
  public static FoldAssignment given(int[] foldIds) {
    int k = 0;
    for (int i = 0; i < foldIds.length; i++) {
      if (foldIds[i] < 1) {
        throw new IllegalArgumentException("fold ids are 1..K; row " + (i + 1) + " has " + foldIds[i]);
      }
      k = Math.max(k, foldIds[i]);
    }
    boolean[] seen = new boolean[k + 1];
    for (int f : foldIds) {
      seen[f] = true;
    }
    for (int f = 1; f <= k; f++) {
      if (!seen[f]) {
        throw new IllegalArgumentException("fold " + f + " of 1.." + k + " has no rows");
      }
    }
    if (k < 2) {
      throw new IllegalArgumentException("cross validation needs at least 2 folds, the fold ids give " + k);
    }
    return new FoldAssignment(k, 0L, foldIds.clone());
  }

  /** The number of folds K. */
  public int folds() {
    return folds;
  }

  /**
   * The fold of every row of {@code blocks}, one array per partition (one job counting the rows of each
   * partition).
   *
   * @throws IllegalArgumentException when given ids do not match the row count, or there are fewer rows than folds
   */
  int[][] assign(JavaRDD<Block> blocks) {
    List<Integer> counts = blocks.mapPartitions(FoldAssignment::rowCount).collect();
    long n = counts.stream().mapToLong(Integer::longValue).sum();
    int[] ids = given != null ? given : draw(n);
    if (ids.length != n) {
      throw new IllegalArgumentException(ids.length + " fold ids for " + n + " rows");
    }
    if (n < folds) {
      throw new IllegalArgumentException("--folds " + folds + " is more than the " + n + " rows");
    }
    int[][] out = new int[counts.size()][];
    int at = 0;
    for (int part = 0; part < out.length; part++) {
      out[part] = java.util.Arrays.copyOfRange(ids, at, at + counts.get(part));
      at += counts.get(part);
    }
    return out;
  }

  private int[] draw(long n) {
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("random folds of " + n + " rows: more than an array holds");
    }
    int[] ids = new int[(int) n];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i % folds + 1;
    }
    Random random = new Random(seed);
    for (int i = ids.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    return ids;
  }

  private static Iterator<Integer> rowCount(Iterator<Block> it) {
    int rows = 0;
    while (it.hasNext()) {
      rows += it.next().numRows();
    }
    List<Integer> out = new ArrayList<>(Collections.singletonList(rows));
    return out.iterator();
  }
}
