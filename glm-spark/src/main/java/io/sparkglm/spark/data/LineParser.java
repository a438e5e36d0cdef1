package io.sparkglm.spark.data;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import io.sparkglm.core.data.LabelValidator;
import java.io.Serializable;

/**
 * Parses one text line into a {@link RowBuffer}, validating every value. Runs inside Spark tasks, so it is
 * serializable and reports bad values as {@link DataFormatException}s carrying the file, the line's byte
 * offset and the column.
 *
 * <p>Checks shared by the formats: every number finite; the label valid for the {@link LabelValidator};
 * weights {@code >= 0} (rows with weight 0 are dropped, as glmnet does).
 */
abstract class LineParser implements Serializable {
  private static final long serialVersionUID = 1L;

  protected final LabelValidator labels;

  LineParser(LabelValidator labels) {
    this.labels = labels;
  }

  /**
   * Parses {@code line} into {@code row}.
   *
   * @param file the Hadoop path of the file
   * @param byteOffset the offset of the line in the file
   * @param row modified
   * @return whether the row is kept: false for blank lines, headers and rows with weight 0
   * @throws DataFormatException on a bad value
   */
  abstract boolean parseInto(String file, long byteOffset, String line, RowBuffer row);

  /** Parses a finite double from {@code s[from, to)}, or throws naming {@code column}. */
  static double parseNumber(String file, long byteOffset, String column, String s, int from, int to) {
    double v;
    try {
      v = parseDouble(s, from, to);
    } catch (NumberFormatException e) {
      throw DataFormatException.inText(file, byteOffset, column, "value '" + s.substring(from, to)
          + "' is not a number");
    }
    if (!Double.isFinite(v)) {
      throw DataFormatException.inText(file, byteOffset, column, "value '" + s.substring(from, to)
          + "' is not finite");
    }
    return v;
  }

  /**
   * A finite double from {@code s[from, to)}, or NaN when the text is not a finite number (then call
   * {@link #parseNumber} to raise the precise error). Lets callers build column names only on errors.
   */
  static double parseFiniteOrNaN(String s, int from, int to) {
    try {
      double v = parseDouble(s, from, to);
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * {@code Double.parseDouble(s.substring(from, to))} without the substring, through FastDoubleParser (the same
   * grammar and correctly rounded results, several times faster; {@code LineParserTest} checks the agreement).
   *
   * @throws NumberFormatException when the text is not a Java floating-point literal
   */
  static double parseDouble(String s, int from, int to) {
    return JavaDoubleParser.parseDouble(s, from, to - from);
  }

  /** Throws unless the label is in the validator's domain. */
  final void checkLabel(String file, long byteOffset, String column, double y) {
    if (!labels.isValidLabel(y)) {
      throw DataFormatException.inText(file, byteOffset, column, "label " + y + " is not valid; expected "
          + labels.labelDomain());
    }
  }

  /** Throws if the weight is negative. */
  static void checkWeight(String file, long byteOffset, String column, double w) {
    if (w < 0) {
      throw DataFormatException.inText(file, byteOffset, column, "weight " + w + " is negative");
    }
  }

  /** Whether {@code s} holds only whitespace. */
  static boolean isBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isWhitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
