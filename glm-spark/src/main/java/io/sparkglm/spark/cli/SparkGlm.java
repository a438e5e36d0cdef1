package io.sparkglm.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The spark-submit main class: {@code sparkglm train ...}. Works under any {@code spark-submit}; when no master
 * is configured (plain {@code java}), it uses {@code --master} or {@code local[*]}.
 *
 * <p>Exit status: 0 on success, 2 for bad usage or bad input (one line on stderr saying why), 1 for any other
 * failure (one line on stderr; the stack trace goes to the log at DEBUG).
 */
public final class SparkGlm {
  private SparkGlm() {
  }

  /** Entry point. */
  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs a command and returns the exit status (never throws). Uses the JVM's default SparkSession when there
   * is one (and leaves it running), else creates one and stops it at the end.
   */
  public static int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.err.println(TrainCommand.USAGE);
      return args.length == 0 ? 2 : 0;
    }
    if (!args[0].equals("train")) {
      System.err.println("sparkglm: unknown command '" + args[0] + "'; commands: train");
      return 2;
    }
    TrainCommand.Plan plan;
    try {
      plan = TrainCommand.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("sparkglm: " + e.getMessage());
      return 2;
    }
    boolean existing = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = session(plan.master());
    try {
      TrainCommand.run(spark, plan);
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("sparkglm: " + oneLine(e.getMessage()));
      return 2;
    } catch (Exception | LinkageError e) {
      org.apache.logging.log4j.LogManager.getLogger(SparkGlm.class).debug("training failed", e);
      System.err.println("sparkglm: " + oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
      return 1;
    } finally {
      if (!existing) {
        spark.stop();
      }
    }
  }

  private static SparkSession session(String master) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("sparkglm train");
    if (!conf.contains("spark.master")) {
      b.master(master == null ? "local[*]" : master);
    }
    return b.getOrCreate();
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    String line = s.strip().split("\\R", 2)[0];
    return line.length() > 2000 ? line.substring(0, 2000) + "..." : line;
  }
}
