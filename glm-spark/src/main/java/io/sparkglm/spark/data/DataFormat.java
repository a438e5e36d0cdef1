package io.sparkglm.spark.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/** The on-disk formats {@link BlockLoader} reads. */
public enum DataFormat {
  /** {@code label idx:value ...} text, 1-based strictly increasing indices. */
  LIBSVM,
  /** Comma-separated text with a header row. */
  CSV,
  /** Parquet with a numeric label column and an ML {@code Vector} features column. */
  PARQUET;

  /** Compression suffixes Hadoop decodes transparently; skipped when guessing the format. */
  private static final String[] COMPRESSION_SUFFIXES = {".gz", ".bz2", ".deflate", ".zst", ".lz4", ".snappy"};

  /**
   * Parses a format name, case-insensitively ({@code libsvm}, {@code svm}, {@code csv}, {@code parquet}).
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static DataFormat parse(String name) {
    if (name != null) {
      switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "libsvm", "svm", "svmlight" -> {
          return LIBSVM;
        }
        case "csv" -> {
          return CSV;
        }
        case "parquet" -> {
          return PARQUET;
        }
        default -> { }
      }
    }
    throw new IllegalArgumentException("format must be one of libsvm, csv, parquet; got '" + name + "'");
  }

  /**
   * Guesses the format from a path: by extension ({@code .libsvm}, {@code .svm}, {@code .txt} -> LIBSVM,
   * {@code .csv} -> CSV, {@code .parquet} -> PARQUET; a compression suffix such as {@code .gz} is skipped),
   * or, for a local directory, from the files in it (any {@code .parquet} file -> PARQUET, else the first
   * data file's extension).
   *
   * @throws IllegalArgumentException when the format cannot be told, asking for {@code --format}
   */
  public static DataFormat fromPath(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("path must be non-empty, got '" + path + "'");
    }
    String trimmed = path.strip().replaceAll("/+$", "");
    DataFormat byName = byExtension(trimmed.substring(trimmed.lastIndexOf('/') + 1));
    if (byName != null) {
      return byName;
    }
    DataFormat byContent = fromLocalDirectory(trimmed);
    if (byContent != null) {
      return byContent;
    }
    throw new IllegalArgumentException("cannot tell the data format of '" + path
        + "' from its name; pass --format libsvm|csv|parquet");
  }

  private static DataFormat byExtension(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    for (String suffix : COMPRESSION_SUFFIXES) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
        break;
      }
    }
    if (name.endsWith(".libsvm") || name.endsWith(".svm") || name.endsWith(".txt")) {
      return LIBSVM;
    }
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".parquet")) {
      return PARQUET;
    }
    return null;
  }

  private static DataFormat fromLocalDirectory(String path) {
    Path dir;
    try {
      dir = path.startsWith("file:") ? Paths.get(java.net.URI.create(path)) : Paths.get(path);
    } catch (RuntimeException e) {
      return null; // not a local path (e.g. hdfs://): only the extension can tell
    }
    if (!Files.isDirectory(dir)) {
      return null;
    }
    DataFormat first = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith("_") || name.startsWith(".") || Files.isDirectory(file)) {
          continue;
        }
        DataFormat format = byExtension(name);
        if (format == PARQUET) {
          return PARQUET;
        }
        if (first == null) {
          first = format;
        }
      }
    } catch (IOException e) {
      return null;
    }
    return first;
  }
}
