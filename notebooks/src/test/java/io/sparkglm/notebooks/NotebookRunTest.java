package io.sparkglm.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every note as Zeppelin's "Run all" would: each {@code %spark} paragraph in order, in one Scala 2.13
 * interpreter per note (class-based line wrappers, as Zeppelin's), with Zeppelin's bindings ({@code spark}, a
 * {@code local[2]} SparkSession created for the note; {@code sc}; {@code z}, a {@link ZeppelinStandIn} whose
 * forms return {@link #FORMS}, the notes' small-data switch) and Zeppelin's default imports. A paragraph that
 * does not compile or throws fails the note's test, naming the note, the paragraph index and title, with the
 * paragraph's output. A chart paragraph must show a table whose columns are those its chart settings name.
 * Each note's transcript (every paragraph's output and seconds) is written to
 * {@code target/notebook-output/<note>.txt}. A note of {@code %pyspark} paragraphs runs them through the real PySpark
 * ({@link PySparkNoteRun}) with the same forms and chart checks. {@code -Dnotebooks.only=2} runs only the notes
 * whose file name starts with {@code 2}.
 */
class NotebookRunTest {
  /** What each note's {@code z.textbox} returns here: data small enough for the whole test to take a minute or two. */
  static final Map<String, String> FORMS = Map.of(
      "rows", "4000",
      "max_iterations", "25",
      "partitions", "4",
      "straggler_ms", "50",
      "budget_seconds", "3",
      "evaluations", "2");

  /** Zeppelin's Spark interpreter runs these before the first paragraph. */
  private static final String ZEPPELIN_IMPORTS = String.join("\n",
      "import org.apache.spark.SparkContext._",
      "import spark.implicits._",
      "import spark.sql",
      "import org.apache.spark.sql.functions._");

  @TestFactory
  Stream<DynamicTest> everyNoteRunsParagraphByParagraph() throws IOException {
    String only = System.getProperty("notebooks.only", "");
    List<Path> files = Note.files().stream().filter(f -> f.getFileName().toString().startsWith(only)).toList();
    assertTrue(!files.isEmpty(), "no notes" + (only.isEmpty() ? "" : " starting with '" + only + "'") + " in "
        + Note.directory().toAbsolutePath());
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(Note.read(f))));
  }

  /** Runs one note; fails (an AssertionFailedError) at its first broken paragraph. */
  static void run(Note note) throws IOException, InterruptedException {
    List<Note.Paragraph> python = note.paragraphs().stream().filter(p -> p.interpreter().equals("pyspark")).toList();
    if (!python.isEmpty()) {
      runPySpark(note, python);
      return;
    }
    StringBuilder transcript = new StringBuilder();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (ScalaSession scala = new ScalaSession(System.getProperty("java.class.path"))) {
      // Created after the interpreter and from its class loader: the local executor loads the closures of
      // interpreted lines through the context class loader it sees when the SparkContext starts.
      thread.setContextClassLoader(scala.classLoader());
      SparkSession spark = SparkSession.builder()
          .appName("sparkglm notebook " + note.fileName())
          .master("local[2]")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .getOrCreate();
      try {
        ZeppelinStandIn z = new ZeppelinStandIn(FORMS);
        z.redirect(scala.out());
        scala.bind("spark", SparkSession.class.getName(), spark);
        scala.bind("sc", org.apache.spark.SparkContext.class.getName(), spark.sparkContext());
        scala.bind("z", ZeppelinStandIn.class.getName(), z);
        if (!scala.run(ZEPPELIN_IMPORTS)) {
          fail(note.fileName() + ": Zeppelin's default imports failed:\n" + scala.takeOutput());
        }
        scala.takeOutput();
        for (Note.Paragraph p : note.paragraphs()) {
          if (!p.interpreter().equals("spark")) {
            continue;
          }
          long t0 = System.nanoTime();
          boolean ok = scala.run(p.body());
          double seconds = (System.nanoTime() - t0) * 1e-9;
          String output = scala.takeOutput();
          transcript.append(String.format(Locale.ROOT, "---- %s (%.1f s)%n%s%n", p.label(), seconds, output));
          if (!ok) {
            fail(note.fileName() + " " + p.label() + " failed:\n" + tail(output, 4000));
          }
          checkCharts(note, p, output, z.drainShown());
        }
      } finally {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
      }
    } finally {
      thread.setContextClassLoader(previous);
      Path dir = Path.of("target", "notebook-output");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(note.fileName().replace(".zpln", ".txt")), transcript, StandardCharsets.UTF_8);
    }
  }

  /** Runs a note's {@code %pyspark} paragraphs through the real PySpark ({@link PySparkNoteRun}). */
  private static void runPySpark(Note note, List<Note.Paragraph> paragraphs) throws IOException, InterruptedException {
    List<PySparkNoteRun.Result> results = PySparkNoteRun.run(note, paragraphs, FORMS);
    StringBuilder transcript = new StringBuilder();
    try {
      for (int i = 0; i < results.size(); i++) {
        PySparkNoteRun.Result r = results.get(i);
        transcript.append(String.format(Locale.ROOT, "---- %s (%.1f s)%n%s%n", r.label(), r.seconds(), r.output()));
        if (!r.ok()) {
          fail(note.fileName() + " " + r.label() + " failed:\n" + tail(r.output(), 4000));
        }
        checkCharts(note, paragraphs.get(i), r.output(), r.shown());
      }
      assertEquals(paragraphs.size(), results.size(), note.fileName() + ": paragraphs run");
    } finally {
      Path dir = Path.of("target", "notebook-output");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(note.fileName().replace(".zpln", ".txt")), transcript, StandardCharsets.UTF_8);
    }
  }

  /**
   * A paragraph whose config draws result {@code i} as a chart must show at least {@code i+1} tables, print
   * nothing before them (Zeppelin numbers text results too), and the chart's keys, groups and values must
   * name the shown table's columns at the indices the settings give.
   */
  private static void checkCharts(Note note, Note.Paragraph p, String output, List<ZeppelinStandIn.Shown> shown) {
    String where = note.fileName() + " " + p.label();
    for (Map.Entry<String, JsonNode> r : p.config().path("results").properties()) {
      int index = Integer.parseInt(r.getKey());
      assertTrue(shown.size() > index, where + ": its chart settings draw result " + index + " but it showed "
          + shown.size() + " table(s)");
      assertTrue(output.startsWith("%table"), where + ": prints text before its chart's table, so Zeppelin would "
          + "number the results differently: " + tail(output, 300));
      List<String> columns = shown.get(index).columns();
      assertTrue(shown.get(index).rows() > 0, where + ": the chart's table is empty");
      JsonNode graph = r.getValue().path("graph");
      List<JsonNode> fields = new ArrayList<>();
      for (String role : List.of("keys", "groups", "values")) {
        graph.path(role).forEach(fields::add);
      }
      for (JsonNode f : fields) {
        int i = f.path("index").asInt();
        String name = f.path("name").asText();
        assertTrue(i >= 0 && i < columns.size(), where + ": chart column '" + name + "' at index " + i
            + " but the table has columns " + columns);
        assertEquals(name, columns.get(i), where + ": chart settings and shown table disagree " + columns);
      }
    }
  }

  private static String tail(String s, int max) {
    return s.length() <= max ? s : "..." + s.substring(s.length() - max);
  }
}
