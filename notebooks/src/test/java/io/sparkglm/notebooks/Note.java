package io.sparkglm.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Zeppelin note read from its {@code .zpln} file (JSON): its name and paragraphs in order.
 *
 * @param file the file
 * @param json the whole document
 * @param name the note's name
 * @param paragraphs in the note's order
 */
record Note(Path file, JsonNode json, String name, List<Paragraph> paragraphs) {
  /** The directory holding the notes: {@code notebooks/} (the module's base directory). */
  static Path directory() {
    return Path.of(System.getProperty("notebooks.dir", "."));
  }

  /** Every {@code *.zpln} of the notebooks directory, by file name. */
  static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(directory())) {
      return s.filter(p -> p.getFileName().toString().endsWith(".zpln")).sorted().toList();
    }
  }

  /** Reads a note; a file that is not JSON fails with the parser's message naming the file. */
  static Note read(Path file) throws IOException {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file.getFileName() + " is not valid JSON: " + e.getMessage(), e);
    }
    List<Paragraph> ps = new ArrayList<>();
    JsonNode array = json.path("paragraphs");
    for (int i = 0; i < array.size(); i++) {
      JsonNode p = array.get(i);
      ps.add(new Paragraph(i, p.path("id").asText(""), p.path("title").asText(""), p.path("text").asText(""),
          p.path("config")));
    }
    return new Note(file, json, json.path("name").asText(""), List.copyOf(ps));
  }

  /** The file name, e.g. {@code 1-quick-start.zpln}. */
  String fileName() {
    return file.getFileName().toString();
  }

  /**
   * One paragraph.
   *
   * @param index 0-based position in the note
   * @param id Zeppelin's paragraph id
   * @param title the paragraph title (may be empty)
   * @param text the paragraph text, starting with the interpreter ({@code %spark}, {@code %md})
   * @param config Zeppelin's paragraph config (editor, chart settings)
   */
  record Paragraph(int index, String id, String title, String text, JsonNode config) {
    /** The interpreter named on the first line ({@code spark}, {@code md}), or empty. */
    String interpreter() {
      if (!text.startsWith("%")) {
        return "";
      }
      int end = 1;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      return text.substring(1, end);
    }

    /** The text after the interpreter line. */
    String body() {
      int nl = text.indexOf('\n');
      return nl < 0 ? "" : text.substring(nl + 1);
    }

    /** How a failure names this paragraph: index and title. */
    String label() {
      return "paragraph " + index + (title.isEmpty() ? "" : " '" + title + "'");
    }
  }
}
