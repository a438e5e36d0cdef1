package io.sparkglm.spark.eval;

import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * How sparkglm caches what it builds (the training blocks, ADMM's per-partition problems): the Spark setting
 * {@value #CONF} (default {@code MEMORY_AND_DISK}, so blocks that do not fit in the executors' storage memory
 * fall back to local disk and the fit still finishes; {@code DISK_ONLY} or {@code MEMORY_AND_DISK_SER} trade
 * speed for memory). Set it like any Spark setting: {@code --conf spark.sparkglm.storageLevel=DISK_ONLY}.
 */
public final class BlockStorage {
  /** The Spark setting naming the storage level. */
  public static final String CONF = "spark.sparkglm.storageLevel";
  /** The default. */
  public static final String DEFAULT = "MEMORY_AND_DISK";
  private static final List<String> LEVELS = List.of("MEMORY_AND_DISK", "MEMORY_AND_DISK_SER", "MEMORY_AND_DISK_2",
      "MEMORY_ONLY", "MEMORY_ONLY_SER", "MEMORY_ONLY_2", "DISK_ONLY", "DISK_ONLY_2", "OFF_HEAP");

  private BlockStorage() {
  }

  /** The storage level {@value #CONF} names in {@code sc}'s configuration. */
  public static StorageLevel level(SparkContext sc) {
    String name = sc.getConf().get(CONF, DEFAULT).trim().toUpperCase(java.util.Locale.ROOT);
    if (!LEVELS.contains(name)) {
      throw new IllegalArgumentException(CONF + " is '" + sc.getConf().get(CONF, DEFAULT) + "'; expected one of "
          + String.join(", ", LEVELS));
    }
    return StorageLevel.fromString(name);
  }
}
