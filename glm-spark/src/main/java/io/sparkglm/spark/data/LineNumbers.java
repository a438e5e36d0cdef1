package io.sparkglm.spark.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Driver-side file helpers for error messages and headers: line numbers from byte offsets, display names,
 * first lines. Compressed files are decoded with Hadoop's codecs, as TextInputFormat does.
 */
final class LineNumbers {
  private LineNumbers() {}

  /**
   * The 1-based number of the line starting at {@code byteOffset}: one plus the line terminators
   * ({@code \n}, {@code \r} or {@code \r\n}, as Hadoop's LineReader counts them) before it. Reads the file
   * up to the offset, so it is meant for the error path only.
   */
  static long lineAt(Configuration conf, String file, long byteOffset) throws IOException {
    long line = 1;
    try (InputStream in = open(conf, new Path(file))) {
      byte[] buf = new byte[1 << 16];
      long pos = 0;
      boolean afterCr = false;
      while (pos < byteOffset) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, byteOffset - pos));
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\r' || (b == '\n' && !afterCr)) {
            line++;
          }
          afterCr = b == '\r';
        }
        pos += n;
      }
    }
    return line;
  }

  /** Opens a file, decompressing it when its name has a codec suffix. */
  static InputStream open(Configuration conf, Path path) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    InputStream raw = new BufferedInputStream(fs.open(path));
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
    return codec == null ? raw : codec.createInputStream(raw);
  }

  /** The first line of a file without its terminator (and without a UTF-8 byte-order mark), or "" if empty. */
  static String firstLine(Configuration conf, Path path) throws IOException {
    try (InputStream in = open(conf, path)) {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n' && b != '\r') {
        line.write(b);
      }
      return stripBom(line.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** The string without a leading byte-order mark. */
  static String stripBom(String s) {
    return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }

  /** A path for messages: the plain path for local files, the full URI otherwise. */
  static String displayName(String file) {
    Path path = new Path(file);
    String scheme = path.toUri().getScheme();
    return scheme == null || "file".equals(scheme) ? path.toUri().getPath() : file;
  }
}
