package io.sparkglm.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of a project script ({@code scripts/cluster}, {@code scripts/sparkglm}, {@code scripts/gen-data}) as a
 * child process, stdout and stderr going to a log file. The environment gets {@code SPARKGLM_CLASSPATH} (the
 * runtime classpath Maven wrote), so the scripts use the packaged module jars and never call Maven.
 */
final class ScriptRun implements AutoCloseable {
  /** How long any script may run before the test gives up on it. */
  static final Duration TIMEOUT = Duration.ofMinutes(8);
  private static final Pattern ITER = Pattern.compile(" iter=(\\d+) ");

  private final Process process;
  private final Path log;
  private final String command;

  private ScriptRun(Process process, Path log, String command) {
    this.process = process;
    this.log = log;
    this.command = command;
  }

  /** Starts {@code root/scripts/NAME args...} with {@code env} added; output to {@code log}. */
  static ScriptRun start(Path root, Map<String, String> env, Path log, String name, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(root.resolve("scripts").resolve(name).toString());
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    return new ScriptRun(pb.start(), log, String.join(" ", cmd));
  }

  /** Runs to completion and returns the log; fails (with the log's tail) on a non-zero exit or a timeout. */
  static String run(Path root, Map<String, String> env, Path log, String name, List<String> args)
      throws IOException, InterruptedException {
    try (ScriptRun r = start(root, env, log, name, args)) {
      return r.awaitSuccess();
    }
  }

  /**
   * PySpark's Spark home (its {@code bin/spark-submit} is a real spark-submit): {@code scripts/python-env} makes
   * the virtual environment on first use and prints its folder last.
   */
  static Path pysparkHome(Path root, Path log) throws IOException, InterruptedException {
    List<String> lines = run(root, Map.of("SPARKGLM_SPARK_VERSION", System.getProperty("sparkglm.sparkVersion", "")),
        log, "python-env", List.of()).strip().lines().toList();
    return Path.of(lines.get(lines.size() - 1)).resolve("spark-home");
  }

  /** Waits for the exit, whatever its status, and returns the status. */
  int awaitExit() throws IOException, InterruptedException {
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out after " + TIMEOUT + ": " + command + "\n" + tail());
    }
    return process.exitValue();
  }

  /** Waits for a zero exit and returns the log. */
  String awaitSuccess() throws IOException, InterruptedException {
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out after " + TIMEOUT + ": " + command + "\n" + tail());
    }
    if (process.exitValue() != 0) {
      throw new AssertionError("exit " + process.exitValue() + ": " + command + "\n" + tail());
    }
    return log();
  }

  /** The log so far. */
  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** The highest {@code iter=N} the fit has logged so far (0 before the first iteration). */
  int lastIteration() throws IOException {
    Matcher m = ITER.matcher(log());
    int last = 0;
    while (m.find()) {
      last = Math.max(last, Integer.parseInt(m.group(1)));
    }
    return last;
  }

  /** Polls the log until the fit has logged iteration {@code iter}; fails if the process ends first. */
  void awaitIteration(int iter) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (lastIteration() < iter) {
      if (!process.isAlive()) {
        throw new AssertionError("ended (exit " + process.exitValue() + ") before iteration " + iter + ": "
            + command + "\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no iteration " + iter + " after " + TIMEOUT + ": " + command + "\n" + tail());
      }
      Thread.sleep(50);
    }
  }

  /** The last 60 lines of the log, stack-trace lines left out. */
  String tail() throws IOException {
    List<String> lines = log().lines().filter(l -> !l.startsWith("\tat ")).toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  /** Kills the process tree if it is still running (a failed test must not leave a driver behind). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
