package io.sparkglm.spark.cli;

import io.sparkglm.spark.solver.SolverRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line's definition: {@code sparkglm} and its commands ({@code train}, {@code path}, {@code cv},
 * {@code predict}, {@code summary}, {@code completion}), with the solver plug-ins' flags and options added to
 * {@code train}, {@code path} and {@code cv} ({@link SolverOptionSpecs}). The help, the bash completion
 * ({@code sparkglm completion}) and the README's command reference ({@link CommandReference}) are all rendered from
 * it.
 */
final class Commands {
  /** Width of the help text, fixed so that the README's reference does not depend on the terminal. */
  static final int WIDTH = 110;
  /** Exit status of a usage or data error. */
  static final int USAGE_ERROR = 2;
  /** Exit status of any other failure. */
  static final int FAILURE = 1;

  private Commands() {
  }

  /** The root command. */
  @Command(name = "sparkglm", mixinStandardHelpOptions = true, versionProvider = Versions.class,
      description = "Generalized linear models on Apache Spark: fit, regularization paths, scoring, summaries.",
      synopsisSubcommandLabel = "COMMAND", commandListHeading = "%nCommands:%n",
      subcommands = {TrainCommand.class, PathCommand.class, CvCommand.class, PredictCommand.class,
          SummaryCommand.class})
  static final class Root {
  }

  /** The command line with the solvers of {@code registry}. */
  static CommandLine build(SolverRegistry registry) {
    CommandLine root = new CommandLine(new Root());
    CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
    completion.getCommandSpec().name("completion");
    root.addSubcommand("completion", completion);
    completion.getCommandSpec().usageMessage().description("Print a bash completion script for sparkglm: "
        + "source <(scripts/sparkglm completion).");
    SolverOptionSpecs.addTo(root.getSubcommands().get("train"), registry, true);
    SolverOptionSpecs.addTo(root.getSubcommands().get("path"), registry, false);
    SolverOptionSpecs.addTo(root.getSubcommands().get("cv"), registry, false);
    for (CommandLine c : root.getSubcommands().values()) {
      c.getCommandSpec().mixinStandardHelpOptions(true);
      c.getCommandSpec().versionProvider(new Versions());
      c.getCommandSpec().usageMessage().footerHeading("%n").footer(EXIT_STATUS);
    }
    List<String> solvers = new ArrayList<>();
    solvers.add(SolverRegistry.AUTO);
    solvers.addAll(registry.names());
    root.getCommandSpec().usageMessage().footerHeading("%n").footer("Solvers found at run time: "
        + String.join(", ", solvers) + ".", "Run 'sparkglm COMMAND --help' for a command's options ('sparkglm "
        + "train --help' also describes the solvers and their options).", EXIT_STATUS);
    root.setUsageHelpWidth(WIDTH);
    return root;
  }

  /** The footer of every command. */
  private static final String EXIT_STATUS = "Exit status: 0 success, 2 usage or data error (one line on stderr "
      + "says why), 1 any other failure.";

  /**
   * The one-line message for a usage error: an unknown option or command with the closest known names ("did you
   * mean"), else picocli's message (which names the option, the value and what is allowed), then where the help
   * is.
   */
  static String message(ParameterException e) {
    CommandLine command = e.getCommandLine();
    String where = command.getCommandSpec().qualifiedName();
    String text = e.getMessage();
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      if (arg.startsWith("-")) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        text = "unknown option " + name + suggestion(name, command.getCommandSpec().optionsMap().keySet());
      } else if (command.getCommandSpec().parent() == null) {
        text = "unknown command '" + arg + "'" + suggestion(arg, command.getSubcommands().keySet())
            + " (commands: " + String.join(", ", command.getSubcommands().keySet()) + ")";
      } else {
        text = "unexpected argument '" + arg + "' (options look like --name value)";
      }
    }
    return text + " (see '" + where + " --help')";
  }

  /**
   * Refuses an option given twice that takes one value (picocli lets a later value replace an earlier one inside
   * the help's groups): {@code args} are the command's arguments after its name.
   */
  static void checkRepeats(CommandLine.Model.CommandSpec spec, List<String> args) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String arg : args) {
      if (arg.equals("--")) {
        return;
      }
      CommandLine.Model.OptionSpec o = arg.startsWith("-") ? spec.findOption(arg.split("=", 2)[0]) : null;
      if (o != null && !o.isMultiValue() && !seen.add(o.longestName())) {
        throw new CommandLine.ParameterException(spec.commandLine(), "option " + o.longestName()
            + " is given twice");
      }
    }
  }

  /** {@code "; did you mean X?"} with the names closest to {@code given} (edit distance, dashes aside), or "". */
  static String suggestion(String given, java.util.Collection<String> names) {
    String key = normalize(given);
    int best = Math.max(2, key.length() / 3) + 1;
    List<String> closest = new ArrayList<>();
    for (String name : names.stream().sorted(Comparator.comparing(String::length).reversed()
        .thenComparing(Comparator.naturalOrder())).toList()) {
      String n = normalize(name);
      int d = n.startsWith(key) && key.length() >= 3 ? 1 : distance(key, n);
      if (d < best) {
        best = d;
        closest.clear();
      }
      if (d == best && name.length() > 2) {
        closest.add(name);
      }
    }
    return closest.isEmpty() ? "" : "; did you mean " + String.join(" or ", closest.stream().sorted().limit(3)
        .toList()) + "?";
  }

  private static String normalize(String name) {
    return name.replace("-", "").toLowerCase(Locale.ROOT);
  }

  /** The Levenshtein distance of {@code a} and {@code b}. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  /** {@code --version}: sparkglm's, Spark's, Scala's and Java's versions. */
  static final class Versions implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"sparkglm " + sparkglmVersion(),
          "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " (Scala "
              + scala.util.Properties.versionNumberString() + ")",
          "Java " + Runtime.version()};
    }

    /** The project's version, from the build. */
    static String sparkglmVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Commands.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "unknown";
        }
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    }
  }
}
