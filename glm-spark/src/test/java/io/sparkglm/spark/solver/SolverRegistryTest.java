package io.sparkglm.spark.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: a solver module that reaches the JVM only through Spark's {@code --jars} lives in a child class loader
 * that Spark installs as the thread's context class loader. The registry must find it there, as well as the
 * solvers next to itself.
 */
class SolverRegistryTest {
  /** A provider that only a child loader's {@code META-INF/services} file registers. */
  public static final class PluggedIn implements SolverProvider {
    @Override
    public String name() {
      return "plugged-in";
    }

    @Override
    public String description() {
      return "registered only through a child class loader";
    }

    @Override
    public DistributedSolver create(Map<String, String> options) {
      return new CoreSolverProvider.Newton().create(options);
    }
  }

  /** A plug-in whose flag --batch-size would mean another option than sgd's. */
  public static final class Conflicting implements SolverProvider {
    @Override
    public String name() {
      return "conflicting";
    }

    @Override
    public String description() {
      return "declares --batch-size for its own option";
    }

    @Override
    public java.util.Set<String> options() {
      return java.util.Set.of("rows");
    }

    @Override
    public java.util.List<OptionFlag> flags() {
      return java.util.List.of(new OptionFlag("batch-size", "rows", "N"));
    }

    @Override
    public DistributedSolver create(Map<String, String> options) {
      return new CoreSolverProvider.Newton().create(Map.of());
    }
  }

  @Test
  void solversDeclareTheirFlagsAndAFlagMeansOneOption(@TempDir Path jarDir) throws Exception {
    SolverRegistry registry = SolverRegistry.load();
    Map<String, SolverProvider.OptionFlag> flags = registry.flags();
    assertEquals("batchSize", flags.get("batch-size").option());
    assertEquals("tau", flags.get("tau").option());
    for (String name : registry.names()) {
      for (SolverProvider.OptionFlag f : registry.provider(name).flags()) {
        assertTrue(registry.provider(name).options().contains(f.option()), name + " --" + f.flag());
        assertEquals(f.option(), flags.get(f.flag()).option(), name + " --" + f.flag());
      }
    }
    assertTrue(registry.provider("sgd").flags().stream().anyMatch(f -> f.flag().equals("batch-schedule")));
    assertFalse(registry.provider("sgd").flags().stream().anyMatch(f -> f.flag().equals("tau")),
        "tau is local-sgd's");
    assertTrue(registry.provider("newton").flags().isEmpty());

    Path services = jarDir.resolve("META-INF/services/" + SolverProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, Conflicting.class.getName() + "\n");
    try (URLClassLoader child = new URLClassLoader(new URL[] {jarDir.toUri().toURL()},
        SolverRegistry.class.getClassLoader())) {
      Thread thread = Thread.currentThread();
      ClassLoader before = thread.getContextClassLoader();
      thread.setContextClassLoader(child);
      try {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SolverRegistry.load().flags());
        assertTrue(e.getMessage().contains("--batch-size") && e.getMessage().contains("conflicting")
            && e.getMessage().contains("batchSize"), e.getMessage());
      } finally {
        thread.setContextClassLoader(before);
      }
    }
  }

  @Test
  void findsProvidersOfTheContextClassLoader(@TempDir Path jarDir) throws Exception {
    Path services = jarDir.resolve("META-INF/services/" + SolverProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, PluggedIn.class.getName() + "\n");
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader child = new URLClassLoader(new URL[] {jarDir.toUri().toURL()},
        SolverRegistry.class.getClassLoader())) {
      assertFalse(SolverRegistry.load(SolverRegistry.class.getClassLoader()).names().contains("plugged-in"),
          "the defining loader alone does not see the child's provider");
      thread.setContextClassLoader(child);
      SolverRegistry registry = SolverRegistry.load();
      assertTrue(registry.names().contains("plugged-in"), "context loader's provider: " + registry.names());
      assertTrue(registry.names().contains("newton"), "own providers kept: " + registry.names());
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void unknownSolverSaysWhereSolversAreLookedFor() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SolverRegistry.load().provider("magic"));
    assertTrue(e.getMessage().contains("unknown solver 'magic'"), e.getMessage());
    assertTrue(e.getMessage().contains("--jars") && e.getMessage().contains("async-admm-*.jar"), e.getMessage());
  }
}
