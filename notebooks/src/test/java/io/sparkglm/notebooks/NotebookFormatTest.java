package io.sparkglm.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every {@code notebooks/*.zpln} is a Zeppelin 0.11 note Zeppelin can import (the fields its note JSON
 * carries, paragraph ids unique, dates in its format, only {@code %md} and {@code %spark} or {@code %pyspark}
 * paragraphs, both present, chart settings well-formed), and is what {@link NoteWriter} writes from its source.
 */
class NotebookFormatTest {
  private static final Set<String> CHARTS = Set.of("table", "lineChart", "multiBarChart", "stackedAreaChart",
      "pieChart", "scatterChart");

  @Test
  void theReadmesJvmFlagsAreThePomsList() throws Exception {
    Path root = Note.directory().toAbsolutePath().normalize().getParent();
    String pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<spark\\.jvm\\.flags>(.*)</spark\\.jvm\\.flags>")
        .matcher(pom);
    assertTrue(m.find(), "pom.xml has no spark.jvm.flags");
    String readme = Files.readString(Note.directory().resolve("README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.lines().anyMatch(l -> l.strip().equals(m.group(1).strip())),
        "notebooks/README.md must show the JVM flags exactly as pom.xml's spark.jvm.flags: " + m.group(1));
  }

  @Test
  void everyNoteHasZeppelinsNoteFormat() throws Exception {
    List<Path> files = Note.files();
    assertTrue(files.size() >= 5, "expected the five notes in " + Note.directory().toAbsolutePath() + ", found "
        + files);
    Set<String> ids = new HashSet<>();
    for (Path f : files) {
      Note note = Note.read(f);
      String n = note.fileName();
      assertTrue(n.matches("\\d+-[a-z0-9-]+\\.zpln"), n + ": file names look like 1-quick-start.zpln");
      JsonNode json = note.json();
      for (String field : List.of("name", "id", "defaultInterpreterGroup", "version")) {
        assertTrue(json.path(field).isTextual() && !json.path(field).asText().isBlank(), n + ": missing " + field);
      }
      for (String field : List.of("noteParams", "noteForms", "angularObjects", "config", "info")) {
        assertTrue(json.path(field).isObject(), n + ": missing object " + field);
      }
      assertEquals("spark", json.path("defaultInterpreterGroup").asText(), n);
      assertTrue(json.path("version").asText().startsWith("0.11"), n + ": version " + json.path("version"));
      assertTrue(ids.add(json.path("id").asText()), n + ": note id shared with another note");
      assertTrue(json.path("paragraphs").isArray() && json.path("paragraphs").size() > 0, n + ": no paragraphs");
      int md = 0;
      int spark = 0;
      int pyspark = 0;
      for (int i = 0; i < json.path("paragraphs").size(); i++) {
        JsonNode p = json.path("paragraphs").get(i);
        Note.Paragraph para = note.paragraphs().get(i);
        String where = n + " " + para.label();
        assertTrue(p.path("text").isTextual(), where + ": no text");
        assertTrue(p.path("config").isObject(), where + ": no config");
        assertTrue(p.path("settings").path("params").isObject() && p.path("settings").path("forms").isObject(),
            where + ": settings needs params and forms");
        assertTrue(p.path("id").isTextual() && ids.add(p.path("id").asText()), where + ": missing or repeated id");
        for (String date : List.of("dateCreated", "dateUpdated")) {
          LocalDateTime.parse(p.path(date).asText(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
        }
        String interpreter = para.interpreter();
        assertTrue(List.of("md", "spark", "pyspark").contains(interpreter), where + ": interpreter '"
            + interpreter + "' (only %md, %spark and %pyspark)");
        md += interpreter.equals("md") ? 1 : 0;
        spark += interpreter.equals("md") ? 0 : 1;
        pyspark += interpreter.equals("pyspark") ? 1 : 0;
        assertFalse(para.body().isBlank(), where + ": empty paragraph");
        assertEquals(interpreter.equals("md") ? "markdown" : interpreter.equals("pyspark") ? "python" : "scala",
            p.path("config").path("editorSetting").path("language").asText(), where + ": editor language");
        p.path("config").path("results").fields().forEachRemaining(r -> {
          JsonNode graph = r.getValue().path("graph");
          assertTrue(CHARTS.contains(graph.path("mode").asText()), where + ": chart mode " + graph.path("mode"));
          assertTrue(graph.path("keys").size() > 0 && graph.path("values").size() > 0, where
              + ": a chart needs keys and values");
        });
      }
      assertTrue(md > 0 && spark > 0, n + ": needs %md text and %spark or %pyspark code, has " + md + " and " + spark);
      assertEquals("md", note.paragraphs().get(0).interpreter(), n + ": opens with a %md paragraph");
      assertTrue(pyspark == 0 || pyspark == spark, n + ": mixes %spark and %pyspark (Zeppelin shares the session "
          + "between them; NotebookRunTest runs a note in one language)");
    }
  }

  @Test
  void everyNoteIsWhatItsSourceGives() throws Exception {
    List<Path> sources = NoteWriter.sources(Note.directory());
    assertEquals(Note.files().size(), sources.size(), "one source in notebooks/src/notes per .zpln");
    for (Path source : sources) {
      Path target = NoteWriter.target(Note.directory(), source);
      assertTrue(Files.exists(target), target + " is missing: run java " + writerPath());
      assertEquals(NoteWriter.render(source), Files.readString(target, StandardCharsets.UTF_8),
          target.getFileName() + " differs from " + source.getFileName() + ": run java " + writerPath());
    }
  }

  private static String writerPath() {
    return "notebooks/src/test/java/io/sparkglm/notebooks/NoteWriter.java (from the repository root)";
  }
}
