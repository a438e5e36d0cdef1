package io.sparkglm.spark.train;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.spark.eval.OrderedTreeAggregate;
import io.sparkglm.spark.eval.SparkDataTerm;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The blocks of one fit made ready for solvers, the part every fit shares ({@link GlmTrainer}, and through it the
 * CLI, the spark.ml stage, cross validation and the benchmarks; {@link RegularizationPath}): the blocks cached and
 * named (unless the caller had cached them), the feature statistics from the first pass (the pass that also reads
 * and builds the blocks), and the distributed data term over them. {@link #close} unpersists what it cached.
 */
public final class PreparedFit implements AutoCloseable {
  private final JavaRDD<Block> blocks;
  private final boolean cachedHere;
  private final FeatureStats stats;
  private final SparkDataTerm data;
  private final int aggregationDepth;

  private PreparedFit(JavaRDD<Block> blocks, boolean cachedHere, FeatureStats stats, SparkDataTerm data,
      int aggregationDepth) {
    this.blocks = blocks;
    this.cachedHere = cachedHere;
    this.stats = stats;
    this.data = data;
    this.aggregationDepth = aggregationDepth;
  }

  /**
   * Caches {@code blocks} (when not yet cached, as {@code "sparkglm training blocks (NAME)"}) and runs the feature
   * statistics pass (Spark job description {@code "sparkglm: load and cache blocks, feature statistics"}).
   *
   * @param firstAction wraps that first Spark action, so data errors raised lazily inside tasks come out as clear
   *     messages (e.g. {@code BlockLoader::runAction}); may be {@code Supplier::get}
   * @throws RuntimeException whatever the first action throws; the blocks are then unpersisted
   */
  public static PreparedFit prepare(JavaRDD<Block> blocks, GlmLoss loss, int numFeatures, int aggregationDepth,
      String name, Function<Supplier<FeatureStats>, FeatureStats> firstAction) {
    boolean cachedHere = blocks.getStorageLevel().equals(StorageLevel.NONE());
    if (cachedHere) {
      blocks.persist(io.sparkglm.spark.eval.BlockStorage.level(blocks.context()));
      blocks.setName("sparkglm training blocks (" + name + ")");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    try {
      jsc.setJobDescription("sparkglm: load and cache blocks, feature statistics");
      FeatureStats stats = firstAction.apply(() -> OrderedTreeAggregate.aggregate(blocks,
          new FeatureStats(numFeatures), FeatureStats::add, FeatureStats::merge, aggregationDepth));
      SparkDataTerm data = new SparkDataTerm(blocks, loss, numFeatures, stats.weightSum(), aggregationDepth);
      return new PreparedFit(blocks, cachedHere, stats, data, aggregationDepth);
    } catch (RuntimeException e) {
      if (cachedHere) {
        blocks.unpersist(false);
      }
      throw e;
    } finally {
      jsc.setJobDescription(null);
    }
  }

  /** The cached blocks. */
  public JavaRDD<Block> blocks() {
    return blocks;
  }

  /** The feature statistics of the first pass. */
  public FeatureStats stats() {
    return stats;
  }

  /** The distributed data term over the blocks (it counts its passes). */
  public SparkDataTerm data() {
    return data;
  }

  /** The treeAggregate depth of every pass. */
  public int aggregationDepth() {
    return aggregationDepth;
  }

  /** Unpersists the blocks if {@link #prepare} cached them. */
  @Override
  public void close() {
    if (cachedHere) {
      blocks.unpersist(false);
    }
  }
}
