package io.sparkglm.spark.data;

/**
 * A bad value found while parsing a row inside a Spark task. It carries where the row is, as cheaply as
 * a task knows it (the file and the byte offset of the line, or the source and a row description); the
 * driver turns it into a line number only on the error path ({@link BlockLoader#translate}).
 *
 * <p>Serializable, so Spark ships it back to the driver as the cause of the job failure.
 */
public final class DataFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long byteOffset;
  private final String row;
  private final String column;
  private final String detail;

  private DataFormatException(String file, long byteOffset, String row, String column, String detail) {
    super(file + (byteOffset >= 0 ? " byte offset " + byteOffset : " " + row) + ", " + column + ": " + detail,
        null, false, false);
    this.file = file;
    this.byteOffset = byteOffset;
    this.row = row;
    this.column = column;
    this.detail = detail;
  }

  /**
   * A bad value in a text file.
   *
   * @param file the Hadoop path of the file
   * @param byteOffset the offset of the line's first byte (the TextInputFormat key)
   * @param column where in the line, e.g. {@code "column 'x3'"} or {@code "token 4 '7:abc'"}
   * @param detail what is wrong, e.g. {@code "value 'abc' is not a number"}
   */
  public static DataFormatException inText(String file, long byteOffset, String column, String detail) {
    return new DataFormatException(file, byteOffset, null, column, detail);
  }

  /**
   * A bad value in a row of a Dataset.
   *
   * @param source the dataset's source, e.g. a Parquet path
   * @param row which row, e.g. {@code "partition 3 row 17"}
   */
  public static DataFormatException inRow(String source, String row, String column, String detail) {
    return new DataFormatException(source, -1, row, column, detail);
  }

  /** The file (a Hadoop path) or the dataset source. */
  public String file() {
    return file;
  }

  /** Byte offset of the line in the (decompressed) file, or -1 for dataset rows. */
  public long byteOffset() {
    return byteOffset;
  }

  /** The row description for dataset rows, or {@code null} for text lines. */
  public String row() {
    return row;
  }

  /** Where in the row, e.g. {@code "column 'x3'"}. */
  public String column() {
    return column;
  }

  /** What is wrong with the value. */
  public String detail() {
    return detail;
  }
}
