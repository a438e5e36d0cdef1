package io.sparkglm.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.DenseBlock;
import io.sparkglm.core.data.SparseBlock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.LineReader;

/**
 * What the fuzz tests of the readers share: a file cut into lines the way Hadoop's {@code LineRecordReader} cuts
 * it for {@link TextBlocks}, the rows a loader produced (read back out of its blocks), and the checks of a
 * {@link DataFormatException}'s message.
 */
public final class FuzzRows {
  private FuzzRows() {}

  /**
   * A fresh directory for the files a fuzz test writes per input: in {@code /dev/shm} when there is one (on a
   * disk, truncating a file can cost a millisecond, more than the rest of a run), else in java.io.tmpdir.
   */
  public static Path scratchDir(String prefix) {
    try {
      Path shm = Path.of("/dev/shm");
      Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, prefix)
          : Files.createTempDirectory(prefix);
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line of a text file: its byte offset (the TextInputFormat key), its 1-based number and its text. */
  record Line(long offset, int number, String text) {}

  /**
   * The lines of {@code bytes} as Spark's text reader sees them: {@code \n}, {@code \r} and {@code \r\n} end a
   * line, a UTF-8 byte-order mark at offset 0 is dropped, bytes are decoded as Hadoop's {@link Text} decodes them
   * (malformed UTF-8 replaced).
   */
  static List<Line> lines(byte[] bytes) {
    List<Line> out = new ArrayList<>();
    try (LineReader reader = new LineReader(new ByteArrayInputStream(bytes))) {
      Text text = new Text();
      long pos = 0;
      while (true) {
        int consumed = reader.readLine(text);
        if (consumed == 0) {
          break;
        }
        if (pos == 0 && text.getLength() >= 3 && text.getBytes()[0] == (byte) 0xEF
            && text.getBytes()[1] == (byte) 0xBB && text.getBytes()[2] == (byte) 0xBF) {
          byte[] rest = Arrays.copyOfRange(text.getBytes(), 3, text.getLength());
          text.set(rest);
        }
        out.add(new Line(pos, out.size() + 1, text.toString()));
        pos += consumed;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A row as the trainer sees it: label, weight, offset and the non-zero features (0-based index, value). */
  record Row(double label, double weight, double offset, int[] indices, double[] values) {
    static Row of(double label, double weight, double offset, List<Integer> indices, List<Double> values) {
      List<Integer> idx = new ArrayList<>();
      List<Double> val = new ArrayList<>();
      for (int k = 0; k < indices.size(); k++) {
        if (values.get(k) != 0.0) {
          idx.add(indices.get(k));
          val.add(values.get(k));
        }
      }
      return new Row(label, weight, offset, idx.stream().mapToInt(Integer::intValue).toArray(),
          val.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Row r) || r.label != label || r.weight != weight || r.offset != offset
          || !Arrays.equals(r.indices, indices) || r.values.length != values.length) {
        return false;
      }
      for (int k = 0; k < values.length; k++) {
        if (r.values[k] != values[k]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return Double.hashCode(label);
    }

    @Override
    public String toString() {
      return "(" + label + ", w=" + weight + ", off=" + offset + ", " + Arrays.toString(indices) + " "
          + Arrays.toString(values) + ")";
    }
  }

  /** Every row of the blocks, in order; checks each block's shape and that every stored number is finite. */
  static List<Row> rows(List<Block> blocks, int p, boolean hasWeights, boolean hasOffsets) {
    List<Row> out = new ArrayList<>();
    for (Block b : blocks) {
      assertEquals(p, b.numFeatures());
      assertTrue(b.numRows() > 0, "empty block");
      assertEquals(hasWeights, b.weights() != null);
      assertEquals(hasOffsets, b.offsets() != null);
      for (int i = 0; i < b.numRows(); i++) {
        List<Integer> idx = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        if (b instanceof DenseBlock d) {
          for (int j = 0; j < p; j++) {
            idx.add(j);
            val.add(d.values()[i * p + j]);
          }
        } else {
          SparseBlock s = (SparseBlock) b;
          int previous = -1;
          for (int k = s.rowPtr()[i]; k < s.rowPtr()[i + 1]; k++) {
            int j = s.colIdx()[k];
            assertTrue(j > previous && j < p, "column " + j + " after " + previous + " with p = " + p);
            previous = j;
            idx.add(j);
            val.add(s.values()[k]);
          }
        }
        Row row = Row.of(b.labels()[i], b.weight(i), b.offsets() == null ? 0.0 : b.offsets()[i], idx, val);
        assertTrue(Double.isFinite(row.label) && Double.isFinite(row.offset) && row.weight > 0
            && Double.isFinite(row.weight), row::toString);
        for (double v : row.values) {
          assertTrue(Double.isFinite(v), row::toString);
        }
        out.add(row);
      }
    }
    return out;
  }

  /**
   * Checks that a data error is one line that says where: {@code <file> byte offset <n>, <column>: <detail>} for
   * text, {@code <source> <row>, <column>: <detail>} for datasets, with a column and a detail.
   */
  static void checkMessage(DataFormatException e, String file) {
    assertEquals(file, e.file());
    assertFalse(e.column() == null || e.column().isBlank(), "no column: " + e.getMessage());
    assertFalse(e.detail() == null || e.detail().isBlank(), "no detail: " + e.getMessage());
    String where = e.byteOffset() >= 0 ? " byte offset " + e.byteOffset() : " " + e.row();
    assertEquals(file + where + ", " + e.column() + ": " + e.detail(), e.getMessage());
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), "not one line: " + e.getMessage());
  }
}
