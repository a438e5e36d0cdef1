package io.sparkglm.spark.cli;

import io.sparkglm.spark.solver.SolverRegistry;
import io.sparkglm.spark.train.PhaseClock;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/**
 * The spark-submit main class: {@code sparkglm train|path|cv|predict|summary|completion ...} (the commands are
 * defined in {@link Commands}). Works under any {@code spark-submit}; when no master is configured (plain
 * {@code java}), it uses {@code --master} or {@code local[*]}.
 *
 * <p>Exit status: 0 on success (and for {@code --help}, {@code --version}), 2 for bad usage or bad input (one line
 * on stderr saying why), 1 for any other failure (one line on stderr; the stack trace goes to the log at DEBUG).
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
    SolverRegistry registry = SolverRegistry.load();
    CommandLine cli = Commands.build(registry);
    CommandLine.ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
      if (parsed.hasSubcommand()) {
        List<String> own = java.util.Arrays.asList(args).subList(1, args.length);
        Commands.checkRepeats(parsed.subcommand().commandSpec(), own);
      }
    } catch (CommandLine.ParameterException e) {
      System.err.println("sparkglm: " + oneLine(Commands.message(e)));
      return Commands.USAGE_ERROR;
    }
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      System.out.flush();
      return help;
    }
    if (!parsed.hasSubcommand()) {
      System.err.print(cli.getUsageMessage(CommandLine.Help.Ansi.OFF));
      return Commands.USAGE_ERROR;
    }
    try {
      return run(parsed.subcommand().commandSpec().userObject(), registry);
    } catch (IllegalArgumentException e) {
      System.err.println("sparkglm: " + oneLine(e.getMessage()));
      return Commands.USAGE_ERROR;
    } catch (java.io.IOException e) {
      System.err.println("sparkglm: " + oneLine(e.getClass().getSimpleName() + ": " + e.getMessage()));
      return Commands.FAILURE;
    }
  }

  /** Runs the parsed command {@code command} (a command class's instance, its options set). */
  private static int run(Object command, SolverRegistry registry) throws java.io.IOException {
    if (command instanceof SummaryCommand summary) {
      summary.print(System.out);
      return 0;
    }
    if (command instanceof Runnable completion) {
      completion.run();
      return 0;
    }
    if (command instanceof CvCommand cv) {
      CvCommand.CvPlan plan = cv.cvPlan(registry);
      return withSpark(plan.path().train().master(), new PhaseClock(), spark -> CvCommand.run(spark, plan,
          new PhaseClock()));
    }
    if (command instanceof PathCommand path) {
      PathCommand.Plan plan = path.pathPlan(registry);
      return withSpark(plan.train().master(), new PhaseClock(), spark -> PathCommand.run(spark, plan));
    }
    if (command instanceof TrainCommand train) {
      TrainCommand.Plan plan = train.plan(registry);
      PhaseClock clock = new PhaseClock();
      int code = withSpark(plan.master(), clock, spark -> TrainCommand.run(spark, plan, clock));
      if (code == 0) {
        TrainCommand.finish(plan, clock);
      }
      return code;
    }
    PredictCommand.Plan plan = ((PredictCommand) command).plan();
    return withSpark(plan.master(), new PhaseClock(), spark -> PredictCommand.run(spark, plan));
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
