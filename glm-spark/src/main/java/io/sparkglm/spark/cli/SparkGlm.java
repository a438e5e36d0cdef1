package io.sparkglm.spark.cli;

import io.sparkglm.spark.train.PhaseClock;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The spark-submit main class: {@code sparkglm train|path|predict|summary ...}. Works under any {@code spark-submit}; when no master
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
      System.err.println(String.join("\n", TrainCommand.usage(), PathCommand.USAGE, PredictCommand.USAGE,
          SummaryCommand.USAGE));
      return args.length == 0 ? 2 : 0;
    }
    try {
      switch (args[0]) {
        case "summary":
          SummaryCommand.run(args, System.out);
          return 0;
        case "train": {
          TrainCommand.Plan plan = TrainCommand.parse(args);
          PhaseClock clock = new PhaseClock();
          int code = withSpark(plan.master(), clock, spark -> TrainCommand.run(spark, plan, clock));
          if (code == 0) {
            TrainCommand.finish(plan, clock);
          }
          return code;
        }
        case "path": {
          PathCommand.Plan plan = PathCommand.parse(args);
          return withSpark(plan.train().master(), new PhaseClock(), spark -> PathCommand.run(spark, plan));
        }
        case "predict": {
          PredictCommand.Plan plan = PredictCommand.parse(args);
          return withSpark(plan.master(), new PhaseClock(), spark -> PredictCommand.run(spark, plan));
        }
        default:
          System.err.println("sparkglm: unknown command '" + args[0] + "'; commands: train, path, predict, summary");
          return 2;
      }
    } catch (IllegalArgumentException e) {
      System.err.println("sparkglm: " + oneLine(e.getMessage()));
      return 2;
    } catch (java.io.IOException e) {
      System.err.println("sparkglm: " + oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
      return 1;
    }
  }

  /** A command body that needs Spark. */
  private interface SparkWork {
    void run(SparkSession spark) throws java.io.IOException;
  }

  /**
   * Runs {@code work} with a session (the JVM's default one, left running, or a new one, stopped at the end),
   * recording {@code sparkStart} (JVM start to the session, or to now for an existing session) and
   * {@code sparkStop} in {@code clock}.
   */
  private static int withSpark(String master, PhaseClock clock, SparkWork work) {
    boolean existing = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = session(master);
    clock.put("sparkStart", existing ? 0.0 : secondsSinceJvmStart());
    clock.skip();
    try {
      work.run(spark);
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("sparkglm: " + oneLine(e.getMessage()));
      return 2;
    } catch (Exception | LinkageError e) {
      org.apache.logging.log4j.LogManager.getLogger(SparkGlm.class).debug("sparkglm failed", e);
      System.err.println("sparkglm: " + oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
      return 1;
    } finally {
      clock.skip();
      if (!existing) {
        spark.stop();
      }
      clock.lap("sparkStop");
    }
  }

  /** Seconds since this JVM started (its start time as the runtime MXBean reports it). */
  static double secondsSinceJvmStart() {
    return (System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime())
        * 1e-3;
  }

  private static SparkSession session(String master) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("sparkglm");
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
