package io.sparkglm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * {@code scripts/gen-data}: writes the benchmark datasets of {@link SyntheticData} to files that
 * {@code sparkglm train} reads: {@code OUT/NAME.parquet} (Spark ML's shape: {@code label} double, {@code features}
 * vector) or {@code OUT/NAME.libsvm} (a directory of LIBSVM part files, 1-based indices). Row {@code i} of
 * partition {@code k} depends only on {@code (seed, k, i)}, so the same {@code --rows} and {@code --partitions}
 * give the same files on any machine and any master; with the defaults ({@code --partitions 2}, the
 * benchmark's n) they are the rows behind {@code benchmarks/results/bench-results.md}. Prints, per dataset, a
 * {@code sparkglm train} command for the benchmark's L2 problem on it.
 */
public final class GenerateData {
  /** The usage line. */
  public static final String USAGE = "usage: gen-data --out DIR [--datasets seed001,wide,lasso,counts,sparse]"
      + " [--rows N | --scale F] [--partitions K] [--format parquet|libsvm]";
  /** Default partition count: the benchmark's (2 cores, local[*]). */
  public static final int DEFAULT_PARTITIONS = 2;

  /**
   * The parsed command line.
   *
   * @param out output directory
   * @param datasets names from {@link SyntheticData#NAMES}
   * @param rows rows of every dataset (0: the benchmark's n times {@code scale})
   * @param scale multiplies the benchmark's n when {@code rows} is 0
   * @param partitions partitions (and part files) per dataset
   * @param format {@code parquet} or {@code libsvm}
   */
  record Options(String out, List<String> datasets, long rows, double scale, int partitions, String format) {
    Options {
      if (out == null) {
        throw new IllegalArgumentException("--out is required; " + USAGE);
      }
      for (String d : datasets) {
        if (!SyntheticData.NAMES.contains(d)) {
          throw new IllegalArgumentException("unknown dataset '" + d + "'; known: " + SyntheticData.NAMES);
        }
      }
      if (!(scale > 0) || partitions < 1) {
        throw new IllegalArgumentException("--scale must be > 0 and --partitions >= 1; got scale=" + scale
            + " partitions=" + partitions);
      }
      if (!List.of("parquet", "libsvm").contains(format)) {
        throw new IllegalArgumentException("--format must be parquet or libsvm, got '" + format + "'");
      }
    }

    static Options parse(String[] args) {
      String out = null;
      List<String> datasets = SyntheticData.NAMES;
      long rows = 0;
      double scale = 1.0;
      int partitions = DEFAULT_PARTITIONS;
      String format = "parquet";
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + args[i] + " needs a value; " + USAGE);
        }
        String v = args[i + 1];
        try {
          switch (args[i]) {
            case "--out" -> out = v;
            case "--datasets" -> datasets = List.of(v.split(","));
            case "--rows" -> {
              rows = Long.parseLong(v);
              if (rows < 1) {
                throw new IllegalArgumentException("--rows must be >= 1, got " + v);
              }
            }
            case "--scale" -> scale = Double.parseDouble(v);
            case "--partitions" -> partitions = Integer.parseInt(v);
            case "--format" -> format = v.toLowerCase(Locale.ROOT);
            default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("option " + args[i] + " must be a number, got '" + v + "'");
        }
      }
      return new Options(out, datasets, rows, scale, partitions, format);
    }

    SyntheticData data(String name) {
      SyntheticData d = SyntheticData.named(name, scale);
      return rows > 0 ? d.withRows(rows) : d;
    }
  }

  private GenerateData() {
  }

  /** Entry point; exit status 2 for bad usage (one line on stderr). */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("gen-data: " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession spark = SparkSession.builder().appName("sparkglm gen-data").getOrCreate();
    int code = 0;
    try {
      for (String command : run(spark, options)) {
        System.out.println(command);
      }
    } catch (Exception e) {
      String message = String.valueOf(e.getMessage()).strip().split("\\R", 2)[0];
      System.err.println("gen-data: " + e.getClass().getSimpleName() + ": " + message);
      code = 1;
    } finally {
      spark.stop();
    }
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Writes every dataset; returns one {@code sparkglm train} command per dataset. */
  static List<String> run(SparkSession spark, Options options) throws java.io.IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (String name : options.datasets()) {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(path(options, name));
      if (path.getFileSystem(jsc.hadoopConfiguration()).exists(path)) {
        throw new IllegalArgumentException(path + " already exists; nothing is overwritten (choose another --out)");
      }
    }
    List<String> commands = new ArrayList<>();
    for (String name : options.datasets()) {
      SyntheticData d = options.data(name);
      String path = path(options, name);
      jsc.setJobDescription("sparkglm gen-data: " + name + " (" + d.rows() + " x " + d.numFeatures() + ")");
      Dataset<Row> frame = CachedData.frame(spark, jsc, d, options.partitions());
      frame.write().mode(SaveMode.ErrorIfExists).format(options.format()).save(path);
      jsc.setJobDescription(null);
      System.err.printf(Locale.ROOT, "gen-data: wrote %s: %d rows x %d features (%s)%n", path, d.rows(),
          d.numFeatures(), d.family().name());
      commands.add(trainCommand(d, path, options.format()));
    }
    return commands;
  }

  private static String path(Options options, String name) {
    return options.out().replaceAll("/+$", "") + "/" + name + "." + options.format();
  }

  /** The benchmark's L2 problem on a written dataset (issue 6: lambda 1e-4, no standardization). */
  static String trainCommand(SyntheticData d, String path, String format) {
    String numFeatures = format.equals("libsvm") ? " --num-features " + d.numFeatures() : "";
    String intercept = d.fitIntercept() ? "" : " --fit-intercept false";
    return String.format(Locale.ROOT, "scripts/sparkglm train --data %s%s --family %s --reg-param %s"
        + " --standardize false%s --out /tmp/sparkglm-%s", path, numFeatures, d.family().name(),
        Problem.L2_LAMBDA, intercept, d.name());
  }
}
