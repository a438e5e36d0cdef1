package io.sparkglm.bench;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.fit.FeatureStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;

/**
 * One benchmark dataset cached in memory twice, from the same generated rows: an RDD of sparkglm
 * {@link Block}s ({@link BlockBuilder#DEFAULT_BLOCK_ROWS} rows each, storage chosen by the builder) and a
 * DataFrame ({@code label} double, {@code features} ML vector) for MLlib. Both are {@code MEMORY_ONLY} and
 * materialized before any timing; {@link #of} halves n until every partition of both is cached, and says
 * so in {@link #note}. {@link #close()} unpersists both.
 *
 * @param data the generator (with the n actually cached)
 * @param blocks the cached blocks
 * @param frame the cached DataFrame
 * @param blocksBytes Spark's memSize of the cached blocks RDD
 * @param frameBytes Spark's memSize of the cached DataFrame
 * @param stats one statistics pass over the blocks
 * @param statsSeconds seconds of that pass, on cached blocks (sparkglm's fit makes it before its solver)
 * @param note empty, or why n differs from the requested n
 */
public record CachedData(SyntheticData data, JavaRDD<Block> blocks, Dataset<Row> frame, long blocksBytes,
    long frameBytes, FeatureStats stats, double statsSeconds, String note) implements AutoCloseable {

  /** Generates, caches and measures {@code data} in {@code parts} partitions (halving n if it does not fit). */
  public static CachedData of(SparkSession spark, SyntheticData data, int parts) {
    String note = "";
    SyntheticData d = data;
    while (true) {
      CachedData c = tryCache(spark, d, parts, note);
      if (c != null) {
        return c;
      }
      note = "n reduced from " + data.rows() + ": " + d.rows() + " rows did not fit in memory (MEMORY_ONLY)";
      d = d.withRows(d.rows() / 2);
    }
  }

  private static CachedData tryCache(SparkSession spark, SyntheticData d, int parts, String note) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Block> blocks = blocks(jsc, d, parts).persist(StorageLevel.MEMORY_ONLY());
    blocks.setName("bench " + d.name() + " blocks");
    FeatureStats stats = blocks.treeAggregate(new FeatureStats(d.numFeatures()), FeatureStats::add,
        FeatureStats::merge, 2);
    RDDInfo bi = info(jsc, blocks.id());
    if (bi == null || bi.numCachedPartitions() < parts) {
      blocks.unpersist(true);
      return null;
    }
    long t0 = System.nanoTime();
    blocks.treeAggregate(new FeatureStats(d.numFeatures()), FeatureStats::add, FeatureStats::merge, 2);
    double statsSeconds = (System.nanoTime() - t0) * 1e-9;

    Set<Integer> before = cachedIds(jsc);
    Dataset<Row> frame = frame(spark, jsc, d, parts).persist(StorageLevel.MEMORY_ONLY());
    frame.count();
    long frameBytes = 0;
    boolean complete = true;
    for (RDDInfo info : jsc.sc().getRDDStorageInfo()) {
      if (!before.contains(info.id())) {
        frameBytes += info.memSize();
        complete &= info.numCachedPartitions() == info.numPartitions();
      }
    }
    if (!complete) {
      frame.unpersist(true);
      blocks.unpersist(true);
      return null;
    }
    return new CachedData(d, blocks, frame, bi.memSize(), frameBytes, stats, statsSeconds, note);
  }

  private static RDDInfo info(JavaSparkContext jsc, int id) {
    for (RDDInfo info : jsc.sc().getRDDStorageInfo()) {
      if (info.id() == id) {
        return info;
      }
    }
    return null;
  }

  private static Set<Integer> cachedIds(JavaSparkContext jsc) {
    Set<Integer> ids = new HashSet<>();
    for (RDDInfo info : jsc.sc().getRDDStorageInfo()) {
      ids.add(info.id());
    }
    return ids;
  }

  /** The generated rows packed into blocks, partition by partition (not cached). */
  public static JavaRDD<Block> blocks(JavaSparkContext jsc, SyntheticData d, int parts) {
    return indices(jsc, parts).mapPartitionsWithIndex((k, ignored) -> {
      SyntheticData.RowStream s = d.stream(k, parts);
      BlockBuilder b = new BlockBuilder(d.numFeatures(), BlockBuilder.DEFAULT_BLOCK_ROWS, false, false);
      List<Block> out = new ArrayList<>();
      while (s.hasNext()) {
        s.next();
        if (d.sparse()) {
          b.addSparse(s.idx, s.val, s.nnz, s.y, 1.0, 0.0);
        } else {
          b.addDense(s.x, s.y, 1.0, 0.0);
        }
        if (b.isFull()) {
          out.add(b.build());
        }
      }
      if (b.numRows() > 0) {
        out.add(b.build());
      }
      return out.iterator();
    }, true);
  }

  /** The generated rows as a DataFrame ({@code label}, {@code features}), not cached. */
  public static Dataset<Row> frame(SparkSession spark, JavaSparkContext jsc, SyntheticData d, int parts) {
    JavaRDD<Row> rows = indices(jsc, parts).mapPartitionsWithIndex((k, ignored) -> {
      SyntheticData.RowStream s = d.stream(k, parts);
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return s.hasNext();
        }

        @Override
        public Row next() {
          s.next();
          return RowFactory.create(s.y, d.sparse()
              ? Vectors.sparse(d.numFeatures(), java.util.Arrays.copyOf(s.idx, s.nnz),
                  java.util.Arrays.copyOf(s.val, s.nnz))
              : Vectors.dense(s.x.clone()));
        }
      };
    }, true);
    StructType schema = new StructType()
        .add("label", DataTypes.DoubleType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    return spark.createDataFrame(rows, schema);
  }

  /** One element per partition, so that {@code mapPartitionsWithIndex} generates partition k from (seed, k). */
  private static JavaRDD<Integer> indices(JavaSparkContext jsc, int parts) {
    List<Integer> ks = new ArrayList<>();
    for (int k = 0; k < parts; k++) {
      ks.add(k);
    }
    return jsc.parallelize(ks, parts);
  }

  @Override
  public void close() {
    frame.unpersist(true);
    blocks.unpersist(true);
  }
}
