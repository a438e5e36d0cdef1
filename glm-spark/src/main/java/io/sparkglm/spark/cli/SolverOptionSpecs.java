package io.sparkglm.spark.cli;

import io.sparkglm.spark.solver.SolverProvider;
import io.sparkglm.spark.solver.SolverRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the solver plug-ins contribute to {@code train} and {@code path}: their named flags
 * ({@link SolverProvider#flags()}) as options of the command, in a "Solver flags" group, and a "Solvers" section of
 * the help listing every solver found at run time with its options ({@link SolverProvider#optionDocs()}).
 */
final class SolverOptionSpecs {
  /** The help section's key. */
  static final String SECTION = "solvers";
  /** Width of the option column of the solvers section. */
  private static final int OPTION_COLUMN = 34;
  /** A space that {@link #row} does not break at. */
  private static final char NO_BREAK = '\u00a0';

  private SolverOptionSpecs() {
  }

  /**
   * Adds the flags of {@code registry}'s solvers and the solvers section to {@code command} (modified): every
   * solver with its options when {@code full}, else their names and where the options are listed.
   */
  static void addTo(CommandLine command, SolverRegistry registry, boolean full) {
    CommandSpec spec = command.getCommandSpec();
    if (!registry.flags().isEmpty()) {
      ArgGroupSpec.Builder group = ArgGroupSpec.builder().validate(false).exclusive(false).order(5)
          .heading("%nSolver flags (each sets the --solver-option of the solvers named):%n");
      registry.flags().values().forEach(f -> group.addArg(OptionSpec.builder("--" + f.flag())
          .paramLabel("<" + f.value() + ">").type(String.class).description(describe(f, registry)).build()));
      spec.addArgGroup(group.build());
    }
    List<String> keys = new ArrayList<>(command.getHelpSectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SECTION);
    command.setHelpSectionKeys(keys);
    command.getHelpSectionMap().put(SECTION, help -> full ? section(registry, help)
        : String.format("%nSolvers (found at run time): %s, %s.%n'sparkglm train --help' lists each one's "
            + "options.%n", SolverRegistry.AUTO, String.join(", ", registry.names())));
  }

  /** The values of the solver flags given, by flag (without dashes). */
  static Map<String, String> values(CommandSpec spec, SolverRegistry registry) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String flag : registry.flags().keySet()) {
      OptionSpec o = spec.findOption("--" + flag);
      if (o != null && o.getValue() != null) {
        out.put(flag, o.getValue());
      }
    }
    return out;
  }

  private static String describe(SolverProvider.OptionFlag f, SolverRegistry registry) {
    List<String> solvers = new ArrayList<>();
    String doc = "";
    for (String name : registry.names()) {
      SolverProvider p = registry.provider(name);
      if (p.flags().contains(f)) {
        solvers.add(name);
        doc = p.optionDocs().stream().filter(d -> d.option().equals(f.option())).findFirst()
            .map(d -> ": " + d.description()).orElse(doc);
      }
    }
    return f.option() + " of " + String.join(", ", solvers) + doc + ".";
  }

  /** The solvers section: each solver, its description and its options (value, default, flag). */
  private static String section(SolverRegistry registry, Help help) {
    int width = help.commandSpec().usageMessage().width();
    StringBuilder text = new StringBuilder(String.format("%nSolvers (found at run time; an option goes through "
        + "--solver-option KEY=VALUE or its flag):%n"));
    row(text, "  " + SolverRegistry.AUTO, "newton up to " + SolverRegistry.AUTO_NEWTON_MAX_FEATURES
        + " features, else lbfgs.", width);
    for (String name : registry.names()) {
      SolverProvider p = registry.provider(name);
      row(text, "  " + name, p.description() + ".", width);
      Map<String, String> flags = new LinkedHashMap<>();
      p.flags().forEach(f -> flags.put(f.option(), f.flag()));
      for (SolverProvider.OptionDoc d : p.optionDocs()) {
        row(text, "    " + d.option() + "=<" + d.value() + ">", d.description()
            + (d.defaultValue().isEmpty() ? "" : ". Default: " + d.defaultValue()) + "."
            + (flags.containsKey(d.option()) ? " Flag:" + NO_BREAK + "--" + flags.get(d.option()) + "." : ""), width);
      }
    }
    return text.toString().replace(NO_BREAK, ' ');
  }

  /** Appends {@code key} and {@code value}, wrapped at {@code width} in a column of its own. */
  private static void row(StringBuilder text, String key, String value, int width) {
    StringBuilder line = new StringBuilder(key);
    if (key.length() > OPTION_COLUMN - 1) {
      text.append(line).append(System.lineSeparator());
      line.setLength(0);
    }
    String indent = " ".repeat(OPTION_COLUMN);
    line.append(" ".repeat(OPTION_COLUMN - line.length()));
    int start = line.length();
    for (String word : value.split(" ")) {
      if (line.length() + 1 + word.length() > width && line.length() > start) {
        text.append(line.toString().stripTrailing()).append(System.lineSeparator());
        line.setLength(0);
        line.append(indent).append("  ");
        start = line.length();
      }
      line.append(line.length() > start ? " " : "").append(word);
    }
    text.append(line).append(System.lineSeparator());
  }

  /** The solver names for {@code --solver}: {@code auto} and the registered ones. */
  static final class Names extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Names() {
      add(SolverRegistry.AUTO);
      addAll(SolverRegistry.load().names());
    }
  }
}
