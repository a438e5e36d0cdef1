package io.sparkglm.notebooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the Zeppelin notes ({@code notebooks/*.zpln}, Zeppelin 0.11 note JSON) from their sources
 * ({@code notebooks/src/notes/*.txt}), which are easier to read, edit and review than JSON with escaped code.
 * The test {@code NotebookFormatTest} fails when a committed {@code .zpln} differs from what its source gives.
 * Runs without Maven or dependencies, from the repository root:
 *
 * <pre>java notebooks/src/test/java/io/sparkglm/notebooks/NoteWriter.java</pre>
 *
 * <p>Source format: a first line {@code # name: <note name>}, then paragraphs, each opened by a line
 * {@code === <interpreter> [title]} ({@code md}, {@code spark} or {@code pyspark}) and optionally followed by one directive line
 * {@code @chart <mode> keys=<col> [groups=<col>] values=<col>[,<col>...] columns=<c1>,<c2>,...} that makes the
 * paragraph's first result (a {@code z.show} table with exactly those columns, which the test checks) render as
 * the given Zeppelin built-in chart ({@code lineChart}, {@code multiBarChart}, {@code stackedAreaChart}).
 */
public final class NoteWriter {
  /** Zeppelin's date format in note files; one fixed date, so regenerating changes nothing. */
  static final String DATE = "2026-11-22 00:00:00.000";
  /** The Zeppelin version the notes are written for. */
  static final String VERSION = "0.11.2";

  private NoteWriter() {
  }

  /** Rewrites every note of {@code notebooks/} from {@code notebooks/src/notes/}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "notebooks");
    for (Path source : sources(dir)) {
      Path target = target(dir, source);
      Files.writeString(target, render(source), StandardCharsets.UTF_8);
      System.out.println("wrote " + target);
    }
  }

  /** The note sources under {@code dir/src/notes}, by name. */
  static List<Path> sources(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("src/notes"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
  }

  /** {@code dir/<source name>.zpln}. */
  static Path target(Path dir, Path source) {
    String name = source.getFileName().toString();
    return dir.resolve(name.substring(0, name.length() - ".txt".length()) + ".zpln");
  }

  /** The {@code .zpln} JSON of one source file. */
  static String render(Path source) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    String file = source.getFileName().toString();
    if (lines.isEmpty() || !lines.get(0).startsWith("# name: ")) {
      throw new IllegalArgumentException(file + " line 1: expected '# name: <note name>'");
    }
    String name = lines.get(0).substring("# name: ".length()).trim();
    List<Map<String, Object>> paragraphs = new ArrayList<>();
    int i = 1;
    while (i < lines.size() && lines.get(i).isBlank()) {
      i++;
    }
    while (i < lines.size()) {
      String header = lines.get(i);
      if (!header.startsWith("=== ")) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected '=== md|spark|pyspark [title]'");
      }
      String[] parts = header.substring(4).trim().split(" ", 2);
      String interpreter = parts[0];
      if (!interpreter.equals("md") && !interpreter.equals("spark") && !interpreter.equals("pyspark")) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": interpreter must be md, spark or pyspark, got '"
            + interpreter + "'");
      }
      String title = parts.length > 1 ? parts[1].trim() : "";
      i++;
      String chart = null;
      if (i < lines.size() && lines.get(i).startsWith("@chart ")) {
        chart = lines.get(i).substring("@chart ".length()).trim();
        i++;
      }
      List<String> body = new ArrayList<>();
      while (i < lines.size() && !lines.get(i).startsWith("=== ")) {
        body.add(lines.get(i));
        i++;
      }
      while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
        body.remove(body.size() - 1);
      }
      String text = "%" + interpreter + "\n" + String.join("\n", body);
      paragraphs.add(paragraph(file, name, paragraphs.size(), interpreter, title, text, chart));
    }
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("paragraphs", paragraphs);
    note.put("name", name);
    note.put("id", noteId(name));
    note.put("defaultInterpreterGroup", "spark");
    note.put("version", VERSION);
    note.put("noteParams", Map.of());
    note.put("noteForms", Map.of());
    note.put("angularObjects", Map.of());
    note.put("config", Map.of("isZeppelinNotebookCronEnable", false));
    note.put("info", Map.of());
    StringBuilder out = new StringBuilder();
    json(out, note, "");
    return out.append('\n').toString();
  }

  private static Map<String, Object> paragraph(String file, String noteName, int index, String interpreter,
      String title, String text, String chart) {
    boolean md = interpreter.equals("md");
    String language = md ? "markdown" : interpreter.equals("pyspark") ? "python" : "scala";
    Map<String, Object> editor = new LinkedHashMap<>();
    editor.put("language", language);
    editor.put("editOnDblClick", md);
    editor.put("completionKey", "TAB");
    editor.put("completionSupport", !md);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("editorSetting", editor);
    config.put("colWidth", 12.0);
    config.put("editorMode", "ace/mode/" + language);
    config.put("fontSize", 9.0);
    config.put("title", !title.isEmpty());
    config.put("results", chart == null ? Map.of() : Map.of("0", chartResult(file, chart)));
    config.put("enabled", true);
    String id = "paragraph_1795305600000_" + Math.floorMod((noteName + "#" + index).hashCode(), 1_000_000_000);
    Map<String, Object> p = new LinkedHashMap<>();
    if (!title.isEmpty()) {
      p.put("title", title);
    }
    p.put("text", text);
    p.put("user", "anonymous");
    p.put("dateUpdated", DATE);
    p.put("progress", 0);
    p.put("config", config);
    p.put("settings", Map.of("params", Map.of(), "forms", Map.of()));
    p.put("apps", List.of());
    p.put("runtimeInfos", Map.of());
    p.put("progressUpdateIntervalMs", 500);
    p.put("jobName", id);
    p.put("id", id);
    p.put("dateCreated", DATE);
    p.put("status", "READY");
    return p;
  }

  /** The {@code results."0"} entry of a chart directive. */
  private static Map<String, Object> chartResult(String file, String directive) {
    String[] words = directive.split("\\s+");
    String mode = words[0];
    Map<String, String> args = new LinkedHashMap<>();
    for (int k = 1; k < words.length; k++) {
      int eq = words[k].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(file + ": @chart arguments look like name=a,b; got '" + words[k] + "'");
      }
      args.put(words[k].substring(0, eq), words[k].substring(eq + 1));
    }
    if (!args.containsKey("columns") || !args.containsKey("keys") || !args.containsKey("values")) {
      throw new IllegalArgumentException(file + ": @chart needs keys=, values= and columns=, got '" + directive + "'");
    }
    List<String> columns = List.of(args.get("columns").split(","));
    Map<String, Object> graph = new LinkedHashMap<>();
    graph.put("mode", mode);
    graph.put("height", 300.0);
    graph.put("optionOpen", false);
    Map<String, Object> setting = new LinkedHashMap<>();
    setting.put(mode, Map.of());
    graph.put("setting", setting);
    graph.put("commonSetting", Map.of());
    graph.put("keys", fields(file, args.get("keys"), columns));
    graph.put("groups", fields(file, args.getOrDefault("groups", ""), columns));
    graph.put("values", fields(file, args.get("values"), columns));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("graph", graph);
    result.put("helium", Map.of());
    return result;
  }

  private static List<Object> fields(String file, String names, List<String> columns) {
    List<Object> out = new ArrayList<>();
    for (String n : names.isEmpty() ? new String[0] : names.split(",")) {
      int index = columns.indexOf(n);
      if (index < 0) {
        throw new IllegalArgumentException(file + ": @chart column '" + n + "' is not in columns=" + columns);
      }
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", n);
      f.put("index", (double) index);
      f.put("aggr", "sum");
      out.add(f);
    }
    return out;
  }

  /** A 9-character Zeppelin-style note id derived from the name. */
  static String noteId(String name) {
    String digits = Long.toString(Math.floorMod((long) name.hashCode(), 36L * 36 * 36 * 36), 36)
        .toUpperCase(Locale.ROOT);
    return "2SGLM" + "0000".substring(digits.length()) + digits;
  }

  @SuppressWarnings("unchecked")
  private static void json(StringBuilder out, Object v, String indent) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        out.append("{}");
        return;
      }
      // Map.of has no order: sort small literal maps by key so that output is stable.
      List<Map.Entry<String, Object>> entries = new ArrayList<>(((Map<String, Object>) m).entrySet());
      if (!(m instanceof LinkedHashMap)) {
        entries.sort(Map.Entry.comparingByKey());
      }
      out.append("{\n");
      for (int k = 0; k < entries.size(); k++) {
        out.append(indent).append("  ");
        string(out, entries.get(k).getKey());
        out.append(": ");
        json(out, entries.get(k).getValue(), indent + "  ");
        out.append(k + 1 < entries.size() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int k = 0; k < l.size(); k++) {
        out.append(indent).append("  ");
        json(out, l.get(k), indent + "  ");
        out.append(k + 1 < l.size() ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else if (v instanceof String s) {
      string(out, s);
    } else if (v instanceof Double d) {
      out.append(d.toString());
    } else {
      out.append(v);
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '=' || c == '\'') {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
