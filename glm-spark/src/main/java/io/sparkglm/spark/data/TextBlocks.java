package io.sparkglm.spark.data;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.LabelValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * LIBSVM and CSV text to blocks. Lines are read with Hadoop's {@link TextInputFormat} (key = the line's
 * byte offset) and parsed inside the tasks straight into a {@link io.sparkglm.core.data.BlockBuilder}; the
 * split's file path and the offset locate any bad value.
 *
 * <p>Partitions: with {@code partitions == 0} there is one partition per input split, splits being at least
 * {@code spark.sql.files.maxPartitionBytes} (128 MB) long. Otherwise the
 * maximum split size is set to {@code ceil(totalBytes / partitions)}, and when the resulting split count
 * still differs (several files, compressed files) the parsed rows are coalesced (narrow, no shuffle) or
 * repartitioned (a shuffle of the rows, each packed into one {@code double[]}) to exactly that many
 * partitions before blocking.
 */
final class TextBlocks {
  private static final String MAX_SPLIT = "mapreduce.input.fileinputformat.split.maxsize";
  private static final String MIN_SPLIT = "mapreduce.input.fileinputformat.split.minsize";

  private TextBlocks() {}

  /** Loads a LIBSVM or CSV spec; runs one Spark job only when LIBSVM's p must be inferred. */
  static LoadedData load(SparkSession spark, DataSpec spec, LabelValidator labels) {
    Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
    List<FileStatus> files = listFiles(conf, spec.path());
    if (spec.partitions() > 0) {
      long total = files.stream().mapToLong(FileStatus::getLen).sum();
      conf.setLong(MAX_SPLIT, Math.max(1, (total + spec.partitions() - 1) / spec.partitions()));
    } else {
      // Splits of Spark SQL's partition size (128 MB by default), not the file system's block size.
      conf.setLong(MIN_SPLIT, spark.sessionState().conf().filesMaxPartitionBytes());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> text = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopFile(
        spec.path(), TextInputFormat.class, LongWritable.class, Text.class, conf);

    LineParser parser;
    int p;
    List<String> names;
    boolean hasWeights = spec.weightCol() != null;
    boolean hasOffsets = spec.offsetCol() != null;
    if (spec.format() == DataFormat.CSV) {
      CsvParser csv = CsvParser.forHeader(spec.path(), firstHeader(conf, files, spec.path()), spec.labelCol(),
          spec.weightCol(), spec.offsetCol(), labels);
      p = csv.numFeatures();
      if (spec.numFeatures() != DataSpec.INFER && spec.numFeatures() != p) {
        throw new IllegalArgumentException("numFeatures " + spec.numFeatures() + " does not match the " + p
            + " feature columns of " + spec.path() + ": " + csv.featureNames());
      }
      parser = csv;
      names = csv.featureNames();
    } else {
      p = spec.numFeatures() != DataSpec.INFER ? spec.numFeatures() : BlockLoader.runAction(() -> maxIndex(text));
      parser = new LibsvmParser(p, labels);
      names = LoadedData.defaultNames(p);
    }
    JavaRDD<Block> blocks = toBlocks(text, parser, p, spec.partitions(), spec.blockRows(), hasWeights,
        hasOffsets);
    return new LoadedData(blocks, p, names, spec.path(), hasWeights, hasOffsets);
  }

  private static JavaRDD<Block> toBlocks(JavaNewHadoopRDD<LongWritable, Text> text, LineParser parser, int p,
      int partitions, int blockRows, boolean hasWeights, boolean hasOffsets) {
    int splits = text.getNumPartitions();
    if (partitions == 0 || partitions == splits) {
      return text.mapPartitionsWithInputSplit((split, lines) -> new BlockIterator(
          lineSource(split, lines, parser), p, blockRows, hasWeights, hasOffsets), true);
    }
    JavaRDD<double[]> rows = text.mapPartitionsWithInputSplit(
        (split, lines) -> packed(lineSource(split, lines, parser)), false);
    rows = splits > partitions ? rows.coalesce(partitions) : rows.repartition(partitions);
    return rows.mapPartitions(packedRows -> new BlockIterator(row -> {
      if (!packedRows.hasNext()) {
        return false;
      }
      row.unpack(packedRows.next());
      return true;
    }, p, blockRows, hasWeights, hasOffsets));
  }

  /** The kept rows of one input split. */
  private static RowSource lineSource(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines,
      LineParser parser) {
    String file = ((FileSplit) split).getPath().toString();
    return row -> {
      while (lines.hasNext()) {
        Tuple2<LongWritable, Text> line = lines.next();
        if (parser.parseInto(file, line._1().get(), line._2().toString(), row)) {
          return true;
        }
      }
      return false;
    };
  }

  /** The rows of a source, each packed into its own array. */
  private static Iterator<double[]> packed(RowSource source) {
    return new Iterator<>() {
      private final RowBuffer row = new RowBuffer();
      private Boolean ready;

      @Override
      public boolean hasNext() {
        if (ready == null) {
          ready = source.next(row);
        }
        return ready;
      }

      @Override
      public double[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = null;
        return row.pack();
      }
    };
  }

  /** p for LIBSVM: the largest index in the data (one Spark job over the text). */
  private static int maxIndex(JavaNewHadoopRDD<LongWritable, Text> text) {
    return text.mapPartitions(lines -> {
      int max = 0;
      while (lines.hasNext()) {
        max = Math.max(max, LibsvmParser.lastIndex(lines.next()._2().toString()));
      }
      return List.of(max).iterator();
    }).fold(0, Math::max);
  }

  /**
   * The data files at a path: the file itself, the visible files of a directory (names not starting with
   * {@code _} or {@code .}, as Hadoop's FileInputFormat lists them), or a glob's matches; sorted by path.
   */
  static List<FileStatus> listFiles(Configuration conf, String path) {
    try {
      Path glob = new Path(path);
      FileSystem fs = glob.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(glob);
      List<FileStatus> files = new ArrayList<>();
      if (matches != null) {
        for (FileStatus match : matches) {
          if (match.isDirectory()) {
            for (FileStatus child : fs.listStatus(match.getPath(), TextBlocks::isVisible)) {
              if (child.isFile()) {
                files.add(child);
              }
            }
          } else {
            files.add(match);
          }
        }
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no input files at " + path);
      }
      files.sort(Comparator.comparing(f -> f.getPath().toString()));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  private static boolean isVisible(Path path) {
    String name = path.getName();
    return !name.startsWith("_") && !name.startsWith(".");
  }

  /** The header: the first line of the first non-empty file. */
  private static String firstHeader(Configuration conf, List<FileStatus> files, String path) {
    try {
      for (FileStatus file : files) {
        if (file.getLen() > 0) {
          String header = LineNumbers.firstLine(conf, file.getPath());
          if (header.isBlank()) {
            throw new IllegalArgumentException(LineNumbers.displayName(file.getPath().toString())
                + " line 1: the header row is empty; CSV files need a header naming the columns");
          }
          return header;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the header of " + path, e);
    }
    throw new IllegalArgumentException("every file at " + path + " is empty; CSV files need a header row");
  }
}
