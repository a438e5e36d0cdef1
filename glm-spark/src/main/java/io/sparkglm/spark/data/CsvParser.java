package io.sparkglm.spark.data;

import io.sparkglm.core.data.LabelValidator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses comma-separated numeric lines against a header: the label column, optional weight and offset
 * columns (by name) and every other column a feature, in file order. Fields are trimmed and may be wrapped
 * in double quotes; quoted fields holding commas are not supported (this is for numeric data). Blank lines
 * are skipped; the line at byte offset 0 of every file must be the header and is skipped.
 *
 * <p>Errors name the column by its header name.
 */
final class CsvParser extends LineParser {
  private static final long serialVersionUID = 1L;
  private static final int LABEL = -1;
  private static final int WEIGHT = -2;
  private static final int OFFSET = -3;

  private final String header;
  private final String[] names;
  /** Per field: {@code "column '<name>'"}, for messages. */
  private final String[] columns;
  /** Per field: its feature index (>= 0) or LABEL, WEIGHT, OFFSET. */
  private final int[] roles;
  private final int numFeatures;

  private CsvParser(String header, String[] names, int[] roles, int numFeatures, LabelValidator labels) {
    super(labels);
    this.header = header;
    this.names = names;
    this.columns = new String[names.length];
    for (int k = 0; k < names.length; k++) {
      columns[k] = "column '" + names[k] + "'";
    }
    this.roles = roles;
    this.numFeatures = numFeatures;
  }

  /**
   * A parser for files with this header line.
   *
   * @param weightCol null for none
   * @param offsetCol null for none
   * @throws IllegalArgumentException when a named column is missing (listing the header) or a name repeats
   */
  static CsvParser forHeader(String source, String headerLine, String labelCol, String weightCol,
      String offsetCol, LabelValidator labels) {
    String header = LineNumbers.stripBom(headerLine).strip();
    String[] names = splitHeader(header);
    List<String> seen = new ArrayList<>();
    for (String name : names) {
      if (seen.contains(name)) {
        throw new IllegalArgumentException(source + " line 1: column name '" + name + "' appears twice in "
            + Arrays.toString(names));
      }
      seen.add(name);
    }
    int[] roles = new int[names.length];
    Arrays.fill(roles, Integer.MIN_VALUE);
    assign(source, names, roles, labelCol, LABEL, "label");
    if (weightCol != null) {
      assign(source, names, roles, weightCol, WEIGHT, "weight");
    }
    if (offsetCol != null) {
      assign(source, names, roles, offsetCol, OFFSET, "offset");
    }
    int p = 0;
    for (int k = 0; k < roles.length; k++) {
      if (roles[k] == Integer.MIN_VALUE) {
        roles[k] = p++;
      }
    }
    return new CsvParser(header, names, roles, p, labels);
  }

  private static void assign(String source, String[] names, int[] roles, String col, int role, String what) {
    int k = Arrays.asList(names).indexOf(col);
    if (k < 0) {
      throw new IllegalArgumentException(source + ": " + what + " column '" + col + "' is not in the header "
          + Arrays.toString(names));
    }
    roles[k] = role;
  }

  private static String[] splitHeader(String header) {
    String[] names = header.split(",", -1);
    for (int k = 0; k < names.length; k++) {
      names[k] = unquote(names[k].strip());
    }
    return names;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"'
        ? s.substring(1, s.length() - 1) : s;
  }

  /** Number of feature columns p. */
  int numFeatures() {
    return numFeatures;
  }

  /** The feature names, in column order. */
  List<String> featureNames() {
    List<String> out = new ArrayList<>(numFeatures);
    for (int k = 0; k < names.length; k++) {
      if (roles[k] >= 0) {
        out.add(names[k]);
      }
    }
    return out;
  }

  @Override
  boolean parseInto(String file, long byteOffset, String line, RowBuffer row) {
    row.clear();
    if (byteOffset == 0) {
      if (!LineNumbers.stripBom(line).strip().equals(header)) {
        throw DataFormatException.inText(file, byteOffset, "header", "header '" + line.strip()
            + "' differs from the first file's '" + header + "'");
      }
      return false;
    }
    if (isBlank(line)) {
      return false;
    }
    int from = 0;
    int field = 0;
    final int len = line.length();
    while (from <= len) {
      int comma = line.indexOf(',', from);
      int to = comma < 0 ? len : comma;
      if (field >= names.length) {
        throw DataFormatException.inText(file, byteOffset, "field " + (field + 1), "line has "
            + countFields(line) + " fields, the header has " + names.length);
      }
      parseField(file, byteOffset, line, from, to, field, row);
      field++;
      from = to + 1;
    }
    if (field < names.length) {
      throw DataFormatException.inText(file, byteOffset, columns[field], "missing: line has "
          + field + " fields, the header has " + names.length);
    }
    return row.weight > 0;
  }

  private void parseField(String file, long byteOffset, String line, int from, int to, int field,
      RowBuffer row) {
    while (from < to && Character.isWhitespace(line.charAt(from))) {
      from++;
    }
    while (to > from && Character.isWhitespace(line.charAt(to - 1))) {
      to--;
    }
    if (to - from >= 2 && line.charAt(from) == '"' && line.charAt(to - 1) == '"') {
      from++;
      to--;
    }
    String column = columns[field];
    double v = parseNumber(file, byteOffset, column, line, from, to);
    int role = roles[field];
    if (role >= 0) {
      row.addFeature(role, v);
    } else if (role == LABEL) {
      checkLabel(file, byteOffset, column, v);
      row.label = v;
    } else if (role == WEIGHT) {
      checkWeight(file, byteOffset, column, v);
      row.weight = v;
    } else {
      row.offset = v;
    }
  }

  private static int countFields(String line) {
    int n = 1;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == ',') {
        n++;
      }
    }
    return n;
  }
}
