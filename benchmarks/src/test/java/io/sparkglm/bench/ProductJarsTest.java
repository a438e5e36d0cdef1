package io.sparkglm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The product modules (glm-core, glm-spark, admm, async-admm: what users put on their cluster) hold no benchmark:
 * no class of a {@code bench} package, no contestant, and no reference to MLlib's estimators (only benchmarks
 * train MLlib models). Read from wherever the build put each module (its jar in {@code mvn verify}, its classes
 * folder in {@code mvn test}).
 */
class ProductJarsTest {
  /** One class of each product module. */
  private static final List<Class<?>> MODULES = List.of(io.sparkglm.core.data.Block.class,
      io.sparkglm.spark.train.GlmTrainer.class, io.sparkglm.admm.AdmmSolver.class,
      io.sparkglm.asyncadmm.AsyncAdmmProvider.class);
  /**
   * MLlib's estimators and models, as they appear in a class file's constant pool (the abstract classifier API that
   * a sparkglm stage extends, e.g. ProbabilisticClassifier, is allowed).
   */
  private static final List<String> MLLIB = List.of("org/apache/spark/ml/classification/LogisticRegression",
      "org/apache/spark/ml/classification/LinearSVC",
      "org/apache/spark/ml/regression/LinearRegression", "org/apache/spark/ml/regression/GeneralizedLinearRegression",
      "org/apache/spark/mllib/classification/");

  @Test
  void productModulesHoldNoBenchmarkClass() throws Exception {
    for (Class<?> module : MODULES) {
      Map<String, byte[]> classes = classes(module);
      assertTrue(classes.containsKey(module.getName().replace('.', '/') + ".class"), module + ": not read");
      List<String> bad = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : classes.entrySet()) {
        String name = e.getKey();
        String simple = name.substring(name.lastIndexOf('/') + 1);
        if (name.contains("/bench/") || simple.contains("Bench") || simple.contains("Contestant")) {
          bad.add(name);
        }
        String text = new String(e.getValue(), StandardCharsets.ISO_8859_1);
        MLLIB.stream().filter(text::contains).forEach(m -> bad.add(name + " refers to " + m));
      }
      assertEquals(List.of(), bad, "benchmark code in " + where(module));
    }
  }

  @Test
  void theCheckSeesAnMllibReference() throws Exception {
    // The same reading finds the reference in a class that has one (this module's MLlib contestant).
    byte[] contestant = classes(MllibContestant.class).get(MllibContestant.class.getName().replace('.', '/')
        + ".class");
    String text = new String(contestant, StandardCharsets.ISO_8859_1);
    assertTrue(MLLIB.stream().anyMatch(text::contains));
    assertFalse(classes(io.sparkglm.spark.train.GlmTrainer.class).isEmpty());
  }

  private static Path where(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Every class file of the jar or folder {@code c} was loaded from, by entry name. */
  private static Map<String, byte[]> classes(Class<?> c) throws IOException, URISyntaxException {
    Path path = where(c);
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.walk(path)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          out.put(path.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
      }
      return out;
    }
    try (ZipFile zip = new ZipFile(path.toFile())) {
      for (ZipEntry e : zip.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        try (InputStream in = zip.getInputStream(e)) {
          out.put(e.getName(), in.readAllBytes());
        }
      }
    }
    return out;
  }
}
