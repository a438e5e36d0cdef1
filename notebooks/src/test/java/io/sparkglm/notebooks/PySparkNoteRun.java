package io.sparkglm.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a note's {@code %pyspark} paragraphs through the real PySpark, as Zeppelin's PySpark interpreter would: the
 * pip {@code pyspark} of the build's Spark from {@code scripts/python-env}, sparkglm's one jar (the {@code dist}
 * artifact on this module's classpath) as {@code spark.jars}, the Python package from the checkout, and
 * {@code src/test/python/run_pyspark_note.py} executing the paragraphs in one namespace with {@code spark}, {@code sc}
 * and a stand-in {@code z}.
 */
final class PySparkNoteRun {
  private PySparkNoteRun() {
  }

  /**
   * One paragraph's run.
   *
   * @param label the paragraph's label
   * @param ok whether it ran without raising
   * @param seconds wall time
   * @param output what it printed (a traceback when it raised)
   * @param shown the tables it showed with {@code z.show}
   */
  record Result(String label, boolean ok, double seconds, String output, List<ZeppelinStandIn.Shown> shown) {
  }

  /** Runs {@code paragraphs} (the note's {@code %pyspark} ones, in order); stops after the first that raises. */
  static List<Result> run(Note note, List<Note.Paragraph> paragraphs, Map<String, String> forms)
      throws IOException, InterruptedException {
    Path module = Note.directory().toAbsolutePath().normalize();
    Path root = module.getParent();
    Path work = module.resolve("target").resolve("pyspark-notes").resolve(note.fileName().replace(".zpln", ""));
    Files.createDirectories(work);
    ObjectMapper json = new ObjectMapper();
    List<Map<String, String>> input = new ArrayList<>();
    for (Note.Paragraph p : paragraphs) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("label", p.label());
      m.put("body", p.body());
      input.add(m);
    }
    json.writeValue(work.resolve("paragraphs.json").toFile(), input);
    json.writeValue(work.resolve("forms.json").toFile(), forms);
    Path results = work.resolve("results.json");
    Files.deleteIfExists(results);

    Path python = venv(root, work).resolve("bin").resolve("python");
    ProcessBuilder pb = new ProcessBuilder(python.toString(),
        module.resolve("src/test/python/run_pyspark_note.py").toString(), work.resolve("paragraphs.json").toString(),
        work.resolve("forms.json").toString(), results.toString())
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("python.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARKGLM_JAR", sparkglmJar());
    env.put("SPARKGLM_JVM_FLAGS", System.getProperty("notebooks.jvmFlags", ""));
    env.put("PYTHONPATH", root.resolve("glm-spark/src/main/python").toString());
    env.put("PYSPARK_PYTHON", python.toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.remove("SPARK_HOME");
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException(note.fileName() + ": the PySpark run did not end in 15 minutes; "
          + work.resolve("python.log"));
    }
    if (!Files.isRegularFile(results)) {
      throw new IOException(note.fileName() + ": the PySpark run wrote no results (exit " + p.exitValue() + "):\n"
          + Files.readString(work.resolve("python.log"), StandardCharsets.UTF_8));
    }
    List<Result> out = new ArrayList<>();
    for (JsonNode r : json.readTree(results.toFile())) {
      List<ZeppelinStandIn.Shown> shown = new ArrayList<>();
      for (JsonNode s : r.path("shown")) {
        List<String> columns = new ArrayList<>();
        s.path("columns").forEach(c -> columns.add(c.asText()));
        shown.add(new ZeppelinStandIn.Shown(List.copyOf(columns), s.path("rows").asInt()));
      }
      out.add(new Result(r.path("label").asText(), r.path("ok").asBoolean(), r.path("seconds").asDouble(),
          r.path("output").asText(), List.copyOf(shown)));
    }
    return out;
  }

  /** The virtual environment of {@code scripts/python-env} for the build's Spark version (made on first use). */
  private static Path venv(Path root, Path work) throws IOException, InterruptedException {
    Path log = work.resolve("python-env.out");
    ProcessBuilder pb = new ProcessBuilder(root.resolve("scripts/python-env").toString()).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARKGLM_SPARK_VERSION", System.getProperty("notebooks.sparkVersion", ""));
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("scripts/python-env failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return Path.of(lines.get(lines.size() - 1).strip());
  }

  /** sparkglm's one jar: the {@code io.sparkglm:sparkglm} artifact on this module's test classpath. */
  private static String sparkglmJar() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("sparkglm-") && name.endsWith(".jar") && !name.startsWith("sparkglm-benchmarks")
          && !name.startsWith("sparkglm-notebooks")) {
        return entry;
      }
    }
    throw new IllegalStateException("sparkglm's one jar (dist) is not on the notebooks' classpath: "
        + System.getProperty("java.class.path"));
  }
}
