package io.sparkglm.notebooks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * The notebook runner can fail: a paragraph that throws or does not compile, or a chart paragraph whose table lacks
 * its chart's columns, fails the note with the note, the paragraph index and title, and the paragraph's output.
 */
class NotebookHarnessTest {
  @TempDir
  Path tmp;

  private Note note(String name, String source) throws Exception {
    Path src = tmp.resolve(name + ".txt");
    Files.writeString(src, source, StandardCharsets.UTF_8);
    Path zpln = tmp.resolve(name + ".zpln");
    Files.writeString(zpln, NoteWriter.render(src), StandardCharsets.UTF_8);
    return Note.read(zpln);
  }

  @Test
  void aThrowingOrNonCompilingParagraphOrAChartWithoutItsColumnsFailsTheNote() throws Exception {
    Note throwing = note("8-throws", String.join("\n",
        "# name: throws",
        "=== md",
        "text",
        "=== spark Fine",
        "val rows = spark.range(z.textbox(\"rows\", \"9\").toString.toInt).count()",
        "=== spark Boom",
        "require(rows == 0, s\"rows=$rows\")",
        ""));
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> NotebookRunTest.run(throwing));
    assertTrue(e.getMessage().startsWith("8-throws.zpln paragraph 2 'Boom' failed"), e.getMessage());
    assertTrue(e.getMessage().contains("rows=4000"), "the paragraph's output is in the message: " + e.getMessage());

    Note notCompiling = note("9-not-compiling", String.join("\n",
        "# name: not compiling",
        "=== md",
        "text",
        "=== spark Not compiling",
        "val x: Int = \"a\"",
        ""));
    e = assertThrows(AssertionFailedError.class, () -> NotebookRunTest.run(notCompiling));
    assertTrue(e.getMessage().startsWith("9-not-compiling.zpln paragraph 1 'Not compiling' failed"), e.getMessage());
    assertTrue(e.getMessage().contains("type mismatch"), e.getMessage());

    Note columns = note("7-columns", String.join("\n",
        "# name: columns",
        "=== md",
        "text",
        "=== spark A chart",
        "@chart lineChart keys=x values=y columns=x,y",
        "z.show(spark.range(3).selectExpr(\"id as x\", \"id * 2 as z\"))",
        ""));
    e = assertThrows(AssertionFailedError.class, () -> NotebookRunTest.run(columns));
    assertTrue(e.getMessage().startsWith("7-columns.zpln paragraph 1 'A chart': chart settings and shown table "
        + "disagree [x, z]"), e.getMessage());
  }
}
