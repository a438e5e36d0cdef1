package io.sparkglm.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of a test JVM ({@code local[2]}, no UI, bound to 127.0.0.1, 4 shuffle
 * partitions), created on first use and shared by every test class. Tests never stop it; a JVM shutdown
 * hook does.
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  /** The shared session, created on the first call. */
  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .appName("sparkglm-tests")
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .getOrCreate();
      SparkSession created = session;
      Runtime.getRuntime().addShutdownHook(new Thread(created::stop, "stop-test-spark"));
    }
    return session;
  }
}
