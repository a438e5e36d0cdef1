package io.sparkglm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.spark.cli.CommandReference;
import io.sparkglm.spark.solver.SolverProvider;
import io.sparkglm.spark.solver.SolverRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: README.md's command reference is every command's {@code --help} as rendered from the commands'
 * definitions with every solver module on the classpath (this module sees them all). When this fails, run
 * {@code scripts/command-reference} (it rewrites the block) and commit README.md.
 */
class CommandReferenceTest {
  private static final Path README = Path.of(System.getProperty("user.dir")).resolve("../README.md").normalize();

  @Test
  void readmeReferenceIsTheHelpOfEveryCommand() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String expected = CommandReference.render(SolverRegistry.load());
    assertEquals(expected, CommandReference.extract(readme),
        "README.md's command reference differs from --help: run scripts/command-reference");
    for (String part : new String[] {"### `sparkglm train --help`", "### `sparkglm path --help`",
        "### `sparkglm predict --help`", "### `sparkglm summary --help`", "### `sparkglm completion --help`",
        "  admm ", "  async-admm ", "    maxStaleness=<integer >= 0>", "    overRelaxation=<number in [1, 1.8]>"}) {
      assertTrue(expected.contains(part), part);
    }
  }

  @Test
  void aChangedHelpIsDetected() {
    String expected = CommandReference.render(SolverRegistry.load());
    String stale = CommandReference.replaceIn("intro\n" + CommandReference.BEGIN + "\nold\n" + CommandReference.END
        + "\nrest\n", expected.replace("Default: 100.", "Default: 50."));
    assertTrue(!CommandReference.extract(stale).equals(expected));
    assertEquals(expected, CommandReference.extract(CommandReference.replaceIn(stale, expected)));
    assertTrue(CommandReference.replaceIn(stale, expected).endsWith(CommandReference.END + "\nrest\n"));
    assertThrows(IllegalArgumentException.class, () -> CommandReference.extract("no markers"));
  }

  /** Every solver documents every option it takes, once, with a value type and a description. */
  @Test
  void everySolverDocumentsItsOptions() {
    SolverRegistry registry = SolverRegistry.load();
    for (String name : registry.names()) {
      SolverProvider p = registry.provider(name);
      TreeSet<String> documented = new TreeSet<>();
      for (SolverProvider.OptionDoc d : p.optionDocs()) {
        assertTrue(documented.add(d.option()), name + " documents " + d.option() + " twice");
        assertTrue(!d.value().isBlank() && !d.description().isBlank() && !d.defaultValue().isBlank(),
            name + ": " + d);
      }
      assertEquals(new TreeSet<>(p.options()), documented, name);
    }
  }
}
