package io.sparkglm.notebooks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A stand-in for Zeppelin's {@code z} (SparkZeppelinContext) with the few methods the notes call, with
 * Zeppelin's signatures: {@code z.show(df)} prints a {@code %table} result as Zeppelin does (tab-separated
 * header and rows, at most {@value #MAX_RESULT} rows) and records its columns, so the test can check a
 * paragraph's chart settings against them; {@code z.textbox(name, default)} returns the test's value for
 * that form (the notes' size switch), and refuses a form the test has no value for, so that no note silently
 * runs at its full default size in CI.
 */
public final class ZeppelinStandIn {
  /** Zeppelin's default {@code zeppelin.spark.maxResult}. */
  public static final int MAX_RESULT = 1000;

  /**
   * One table shown by {@code z.show}.
   *
   * @param columns the header
   * @param rows rows shown
   */
  public record Shown(List<String> columns, int rows) {
  }

  private final Map<String, String> forms;
  private final List<Shown> shown = new ArrayList<>();
  private PrintStream out = System.out;

  /** @param forms the value each dynamic form returns in the test, by form name */
  public ZeppelinStandIn(Map<String, String> forms) {
    this.forms = Map.copyOf(forms);
  }

  /** Where {@code show} prints (the current paragraph's output). */
  void redirect(PrintStream stream) {
    this.out = stream;
  }

  /** Tables shown since the last call; clears the list. */
  List<Shown> drainShown() {
    List<Shown> copy = List.copyOf(shown);
    shown.clear();
    return copy;
  }

  /** Zeppelin's text-box form: the test's value for {@code name}. */
  public Object textbox(String name, String defaultValue) {
    String v = forms.get(name);
    if (v == null) {
      throw new IllegalArgumentException("z.textbox(\"" + name + "\", \"" + defaultValue + "\"): the notebook "
          + "test has no small value for form '" + name + "'; add one to NotebookRunTest.FORMS");
    }
    return v;
  }

  /** Zeppelin's text-box form without a default. */
  public Object textbox(String name) {
    return textbox(name, "");
  }

  /** Shows a DataFrame as a Zeppelin {@code %table} result. */
  public void show(Object o) {
    show(o, MAX_RESULT);
  }

  /** Shows at most {@code maxResult} rows of a DataFrame as a Zeppelin {@code %table} result. */
  public void show(Object o, int maxResult) {
    if (!(o instanceof Dataset<?> ds)) {
      throw new IllegalArgumentException("z.show expects a Dataset, got "
          + (o == null ? "null" : o.getClass().getName()));
    }
    Dataset<Row> df = ds.toDF();
    List<String> columns = Arrays.asList(df.columns());
    List<Row> rows = df.limit(maxResult).collectAsList();
    StringBuilder s = new StringBuilder("%table ").append(String.join("\t", columns)).append('\n');
    for (Row r : rows) {
      for (int j = 0; j < r.length(); j++) {
        s.append(j == 0 ? "" : "\t").append(String.valueOf(r.get(j)).replace('\t', ' ').replace('\n', ' '));
      }
      s.append('\n');
    }
    out.print(s);
    out.flush();
    shown.add(new Shown(columns, rows.size()));
  }
}
