package io.sparkglm.spark.data;

import io.sparkglm.core.data.LabelValidator;

/**
 * Parses LIBSVM lines: {@code label idx:value idx:value ...}, whitespace-separated, indices 1-based and
 * strictly increasing, an optional {@code # comment} at the end. A bare label is a row with no non-zero
 * features; a blank line is skipped. Feature {@code idx} becomes column {@code idx - 1}.
 *
 * <p>Errors name the token by its 1-based position in the line (the label is token 1).
 */
final class LibsvmParser extends LineParser {
  private static final long serialVersionUID = 1L;

  private final int numFeatures;

  /**
   * @param numFeatures p; an index above it is an error
   */
  LibsvmParser(int numFeatures, LabelValidator labels) {
    super(labels);
    this.numFeatures = numFeatures;
  }

  @Override
  boolean parseInto(String file, long byteOffset, String line, RowBuffer row) {
    row.clear();
    int end = contentEnd(line);
    int pos = skipSpace(line, 0, end);
    if (pos == end) {
      return false;
    }
    int tokenEnd = tokenEnd(line, pos, end);
    String labelColumn = "token 1 (label)";
    row.label = parseNumber(file, byteOffset, labelColumn, line, pos, tokenEnd);
    checkLabel(file, byteOffset, labelColumn, row.label);
    int token = 1;
    int previous = 0;
    pos = skipSpace(line, tokenEnd, end);
    while (pos < end) {
      token++;
      tokenEnd = tokenEnd(line, pos, end);
      previous = parseFeature(file, byteOffset, line, pos, tokenEnd, token, previous, row);
      pos = skipSpace(line, tokenEnd, end);
    }
    return true;
  }

  /** Parses token {@code line[from, to)} as {@code idx:value}; returns idx. */
  private int parseFeature(String file, long byteOffset, String line, int from, int to, int token,
      int previous, RowBuffer row) {
    int colon = line.indexOf(':', from);
    int index = colon < 0 || colon >= to ? -1 : parseIndex(line, from, colon);
    double value = index < 1 ? Double.NaN : parseFiniteOrNaN(line, colon + 1, to);
    if (index > previous && index <= numFeatures && !Double.isNaN(value)) {
      row.addFeature(index - 1, value);
      return index;
    }
    String column = "token " + token + " '" + line.substring(from, to) + "'";
    if (colon < 0 || colon >= to) {
      throw DataFormatException.inText(file, byteOffset, column, "expected index:value");
    }
    if (index < 1) {
      throw DataFormatException.inText(file, byteOffset, column, "index '" + line.substring(from, colon)
          + "' is not an integer >= 1");
    }
    if (index <= previous) {
      throw DataFormatException.inText(file, byteOffset, column, "index " + index
          + " does not increase (previous index " + previous + ")");
    }
    if (index > numFeatures) {
      throw DataFormatException.inText(file, byteOffset, column, "index " + index + " exceeds numFeatures "
          + numFeatures);
    }
    parseNumber(file, byteOffset, column, line, colon + 1, to);
    throw new IllegalStateException("unreachable: " + column);
  }

  /**
   * The largest feature index of a line (its last token's), or 0 when it has none or the line is
   * malformed (the parsing pass reports malformed lines). Used to infer p.
   */
  static int lastIndex(String line) {
    int end = contentEnd(line);
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    int start = end;
    while (start > 0 && !Character.isWhitespace(line.charAt(start - 1))) {
      start--;
    }
    int colon = line.indexOf(':', start);
    if (start == 0 || colon < 0 || colon >= end) {
      return 0;
    }
    return Math.max(parseIndex(line, start, colon), 0);
  }

  /**
   * A non-negative decimal integer in {@code s[from, to)}, leading zeros allowed (as Spark's LIBSVM reader allows
   * them), or -1 when it is not one (or overflows).
   */
  private static int parseIndex(String s, int from, int to) {
    while (to - from > 1 && s.charAt(from) == '0') {
      from++;
    }
    if (from == to || to - from > 10) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = 10 * v + (c - '0');
    }
    return v > Integer.MAX_VALUE ? -1 : (int) v;
  }

  private static int contentEnd(String line) {
    int hash = line.indexOf('#');
    return hash < 0 ? line.length() : hash;
  }

  private static int skipSpace(String s, int pos, int end) {
    while (pos < end && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private static int tokenEnd(String s, int pos, int end) {
    while (pos < end && !Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
    return pos;
  }
}
