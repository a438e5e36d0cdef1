package io.sparkglm.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the command line as users expect it. Every command's {@code --help} and {@code -h} (content, on stdout,
 * exit 0), {@code --version}, the usage errors (did you mean, missing and bad values named, exit 2) and the bash
 * completion script. None of these start Spark.
 */
class CommandLineHelpTest {
  @TempDir
  Path tmp;

  /** Runs the command line, returning {exit code, stdout, stderr}. */
  static Object[] run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = SparkGlm.run(args);
      return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** The help of {@code command}, checked to be the same for --help and -h, on stdout with exit 0. */
  private static String help(String... command) {
    String[] longForm = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of(
        "--help")).toArray(String[]::new);
    String[] shortForm = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of(
        "-h")).toArray(String[]::new);
    Object[] r = run(longForm);
    assertEquals(0, r[0], (String) r[2]);
    assertEquals("", r[2]);
    assertEquals(r[1], run(shortForm)[1], "-h and --help print the same");
    return (String) r[1];
  }

  private static void assertContains(String text, String... parts) {
    for (String part : parts) {
      assertTrue(text.contains(part), "missing '" + part + "' in:\n" + text);
    }
  }

  @Test
  void topLevelHelpListsTheCommandsTheSolversAndTheExitStatus() {
    String h = help();
    assertContains(h, "Usage: sparkglm [-hV] COMMAND", "Commands:", "  train ", "  path ", "  predict ", "  summary ",
        "  completion ", "Solvers found at run time: auto, downpour-sgd, gd, lbfgs, local-sgd, newton, parallel-sgd, proxgrad, sgd",
        "Exit status: 0 success, 2 usage or data error");
  }

  @Test
  void trainHelpDescribesEveryOptionInGroupsWithTypesAllowedValuesAndDefaults() {
    String h = help("train");
    assertContains(h, "Usage: sparkglm train --data <path> --family <family> --out <dir> [OPTIONS]",
        "Fit a generalized linear model");
    int last = -1;
    for (String group : List.of("Data:", "Model:", "Penalty:", "Solver:", "Solver flags", "Stopping:", "Spark:",
        "Outputs:", "Solvers (found at run time")) {
      int at = h.indexOf("\n" + group);
      assertTrue(at > last, group + " after the previous group in:\n" + h);
      last = at;
    }
    assertContains(h, "--max-iter=<int>", "Default: " + io.sparkglm.core.solver.StoppingRule.DEFAULT_MAX_ITERATIONS,
        "--family=<family>", "Allowed: gaussian, binomial, poisson, gamma, tweedie",
        "--format=<format>", "Allowed: libsvm, csv, parquet", "--link=<link>", "--reg-param=<num>",
        "--elastic-net=<num>", "--standardize=<bool>", "--solver=<solver>", "--solver-option=<key=value>",
        "--overwrite[=<bool>]", "--resume[=<bool>]", "--checkpoint-dir=<dir>", "--checkpoint-every=<int>",
        "--master=<url>", "--batch-size=<B>", "batchSize of sgd");
    // Every option train takes is in its help.
    for (String option : List.of("data", "format", "label-col", "weight-col", "offset-col", "features-col",
        "feature-cols", "num-features", "family", "link", "variance-power", "solver", "solver-option", "reg-param",
        "elastic-net", "standardize", "fit-intercept", "max-iter", "tol", "partitions", "block-rows",
        "aggregation-depth", "master", "out", "save-model", "overwrite", "checkpoint-dir", "checkpoint-every",
        "resume", "batch-schedule", "epochs", "seed", "tau", "local-batch-size")) {
      assertTrue(h.contains("--" + option + "=") || h.contains("--" + option + "[="), option + " in:\n" + h);
    }
  }

  @Test
  void trainHelpListsEachSolverWithItsOptionsUnderIt() {
    String h = help("train");
    String solvers = h.substring(h.indexOf("\nSolvers (found at run time"));
    int sgd = solvers.indexOf("\n  sgd ");
    int newton = solvers.indexOf("\n  newton ");
    assertTrue(sgd > 0 && newton > 0, solvers);
    String sgdPart = solvers.substring(sgd);
    assertContains(sgdPart, "batchSize=<integer >= 1>", "Default: 256", "Flag: --batch-size",
        "batchSchedule=<constant|geometric|adaptive>", "Default: geometric", "momentum=<number in [0, 1)>",
        "Default: 0.9");
    String newtonPart = solvers.substring(newton, solvers.indexOf("\n  parallel-sgd "));
    assertContains(newtonPart, "maxFeatures=<integer >= 1>", "Default: 2000");
    assertFalse(newtonPart.contains("batchSize"), newtonPart);
    assertContains(solvers, "memory=<integer >= 1>", "accelerate=<true|false>");
    String parallel = solvers.substring(solvers.indexOf("\n  parallel-sgd "), solvers.indexOf("\n  proxgrad "));
    assertContains(parallel, "momentum=<number in [0, 1)>", "Default: 0.0", "localEpochs=");
  }

  @Test
  void otherCommandsHaveTheirHelp() {
    assertContains(help("path"), "Usage: sparkglm path", "Path:", "--n-lambda=<int>", "Default: 100",
        "--lambdas=<lambda>", "--warm-start=<bool>", "--reg-param is ignored", "Data:", "--batch-size=<B>",
        "Solvers (found at run time): auto, downpour-sgd, gd, lbfgs, local-sgd, newton, parallel-sgd, proxgrad, sgd.\n"
            + "'sparkglm train --help' lists each one's options.");
    assertContains(help("predict"), "Usage: sparkglm predict", "Score data with a model", "--model=<dir>",
        "--data=<path>", "--out=<path>", "--format=<format>", "Allowed: libsvm, csv, parquet", "--overwrite");
    assertContains(help("summary"), "Usage: sparkglm summary", "summary.glm", "--model=<dir>");
    assertContains(help("completion"), "Usage: sparkglm completion", "bash completion");
  }

  @Test
  void versionNamesSparkglmAndSpark() throws Exception {
    for (String[] args : List.of(new String[] {"--version"}, new String[] {"-V"}, new String[] {"train",
        "--version"})) {
      Object[] r = run(args);
      assertEquals(0, r[0]);
      String v = (String) r[1];
      assertTrue(v.startsWith("sparkglm " + Commands.Versions.sparkglmVersion() + "\n"), v);
      assertFalse(v.contains("unknown"), v);
      assertContains(v, "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION());
    }
  }

  @Test
  void usageErrorsNameTheOptionTheValueAndWhatIsAllowed() {
    Object[] r = run("train", "--data", "x.csv", "--family", "binomial", "--regparam", "1", "--out", "o");
    assertEquals(2, r[0]);
    assertContains((String) r[2], "sparkglm: unknown option --regparam; did you mean --reg-param?",
        "see 'sparkglm train --help'");
    r = run("train", "--data", "x.csv", "--family", "binomial", "--batchsize=5", "--out", "o");
    assertContains((String) r[2], "unknown option --batchsize; did you mean --batch-size?");
    r = run("train", "--data", "x.csv");
    assertEquals(2, r[0]);
    assertContains((String) r[2], "missing required options --family=<family>, --out=<dir>");
    r = run("predict", "--data", "x.csv", "--out", "o");
    assertEquals(2, r[0]);
    assertContains((String) r[2], "Missing required option: '--model=<dir>'");
    r = run("train", "--data", "x.csv", "--family", "gaussian", "--max-iter", "many", "--out", "o");
    assertEquals(2, r[0]);
    assertContains((String) r[2], "'--max-iter'", "'many' is not an int");
    r = run("train", "--data", "x.csv", "--family", "binomal", "--out", "o");
    assertContains((String) r[2], "'--family'", "unknown family 'binomal'", "gaussian, binomial, poisson");
    r = run("train", "--data", "x.csv", "--family", "gaussian", "--standardize", "maybe", "--out", "o");
    assertContains((String) r[2], "'--standardize'", "'maybe' is not a boolean");
    r = run("train", "--data", "x.txt", "--format", "json", "--family", "gaussian", "--out", "o");
    assertContains((String) r[2], "'--format'", "'json'", "libsvm, csv, parquet");
    r = run("train", "--data", "x.csv", "--family", "gaussian", "--link", "logt", "--out", "o");
    assertContains((String) r[2], "'--link'", "'logt'", "identity, log, logit");
    r = run("predict", "--model", "m", "--data", "x.txt", "--format", "json", "--out", "o");
    assertContains((String) r[2], "'--format'", "'json'", "libsvm, csv, parquet");
    r = run("train", "--data", "x.csv", "--family", "gaussian", "--reg-param", "-1", "--out", "o");
    assertEquals(2, r[0]);
    assertContains((String) r[2], "option --reg-param: -1.0 is not allowed; it must be a finite number >= 0");
    r = run("path", "--data", "x.csv", "--family", "gaussian", "--elastic-net", "2", "--out", "o");
    assertContains((String) r[2], "option --elastic-net: 2.0 is not allowed; it must be a number in [0, 1]");
    r = run("train", "--data", "x.csv", "--family", "gaussian", "--max-iter", "0", "--out", "o");
    assertContains((String) r[2], "option --max-iter: 0 is not allowed; it must be an integer >= 1");
    r = run("train", "--data", "x.csv", "--family", "gaussian", "--tol", "0", "--out", "o");
    assertContains((String) r[2], "option --tol: 0.0 is not allowed; it must be a finite number > 0");
    r = run("tran");
    assertEquals(2, r[0]);
    assertContains((String) r[2], "unknown command 'tran'; did you mean train?", "commands: train, path");
    r = run("train", "--data", "x.csv", "--data", "y.csv", "--family", "gaussian", "--out", "o");
    assertEquals(2, r[0]);
    assertContains((String) r[2], "option --data is given twice");
    for (Object[] e : List.of(r, run("train", "--data"))) {
      assertFalse(((String) e[2]).strip().contains("\n"), "one line: " + e[2]);
    }
    r = run();
    assertEquals(2, r[0]);
    assertContains((String) r[2], "Usage: sparkglm [-hV] COMMAND");
  }

  @Test
  void suggestionsAreTheClosestNames() {
    List<String> names = List.of("--reg-param", "--resume", "--elastic-net", "--epochs", "-h");
    assertEquals("; did you mean --reg-param?", Commands.suggestion("--regparm", names));
    assertEquals("; did you mean --elastic-net?", Commands.suggestion("--elastic", names));
    assertEquals("", Commands.suggestion("--zzzzzzzz", names));
  }

  /** The completion script, sourced by bash, completes commands, options and their allowed values. */
  @Test
  void bashCompletionCompletesCommandsOptionsAndValues() throws Exception {
    Object[] r = run("completion");
    assertEquals(0, r[0], (String) r[2]);
    Path script = tmp.resolve("sparkglm-completion.bash");
    Files.writeString(script, (String) r[1]);
    assertEquals("path predict", complete(script, "sparkglm", "p"), "commands");
    assertEquals("--family", complete(script, "sparkglm", "train", "--fam"));
    assertEquals("--batch-delay --batch-factor --batch-schedule --batch-size",
        complete(script, "sparkglm", "train", "--batch-"), "the solvers' flags");
    assertEquals("binomial", complete(script, "sparkglm", "train", "--family", "bi"));
    assertEquals("--model", complete(script, "sparkglm", "summary", "--mo"));
  }

  /** What bash's completion function offers (compopt, which works only inside a completion, stubbed) for the last of {@code words} (sorted, space-separated). */
  private static String complete(Path script, String... words) throws Exception {
    String line = "source '" + script + "'; compopt() { :; }; COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD="
        + (words.length - 1) + "; COMP_LINE='" + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE}; "
        + "_complete_sparkglm; printf '%s\\n' \"${COMPREPLY[@]}\" | sort | tr '\\n' ' '";
    Process p = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out.strip();
  }
}
