package io.sparkglm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkglm.spark.train.PhaseClock;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The two other processes of the end-to-end benchmark ({@code scripts/bench-e2e}), each run as its own JVM through
 * {@code scripts/sparkglm}'s launcher (same JVM flags and Spark configuration as a sparkglm run):
 *
 * <ul>
 *   <li>{@code mllib}: what an MLlib user's job does: read the file with Spark's reader (Parquet; LIBSVM through
 *       {@code spark.read.format("libsvm")}; CSV with {@code inferSchema} and a {@code VectorAssembler}; Parquet without a vector column through a
 *       {@code VectorAssembler} of every column but the label), fit
 *       {@code LogisticRegression} (standardization off, the given regParam, elasticNetParam and fitIntercept,
 *       MLlib's defaults otherwise), save the model, and write {@code summary.json} with its coefficients and
 *       {@code timings} (sparkStart, fit, writeOutputs, sparkStop, total).</li>
 *   <li>{@code scan}: the floor: one Spark job that reads the same file and touches every value (Parquet through
 *       its columnar batches, as sparkglm reads it, every numeric column and vector element summed; text files line by line,
 *       every byte hashed), no objects per row; {@code summary.json} gets {@code scanSeconds} (the job; the
 *       driver's planning and schema reading before it are the {@code prepare} phase).</li>
 * </ul>
 *
 * <p>Usage: {@code mllib --data PATH --format parquet|libsvm|csv --num-features P --reg-param L --elastic-net A
 * --fit-intercept true|false --out DIR}, {@code scan --data PATH --format parquet|libsvm|csv --out DIR} and
 * {@code convert --data PARQUET --to parquet-cols|csv --out PATH} (the bench's other files, from the vector one).
 */
public final class EndToEndPeers {
  private EndToEndPeers() {
  }

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    PhaseClock clock = new PhaseClock();
    SparkSession spark = SparkSession.builder().appName("sparkglm-bench-" + args[0]).getOrCreate();
    clock.put("sparkStart", sinceJvmStart());
    clock.skip();
    ObjectNode summary = new ObjectMapper().createObjectNode();
    String data = o.get("data");
    String format = o.get("format");
    if (args[0].equals("mllib")) {
      mllib(spark, data, format, o, summary, clock);
    } else if (args[0].equals("scan")) {
      spark.sparkContext().setJobDescription("bare scan of " + data);
      Dataset<Row> df = format.equals("parquet") ? spark.read().parquet(data) : spark.read().text(data);
      df.schema();
      clock.lap("prepare");
      double sum = format.equals("parquet") ? scanParquet(df) : scanText(df);
      summary.put("checksum", sum);
      summary.put("scanSeconds", clock.lap("scan"));
    } else if (args[0].equals("convert")) {
      convert(spark, data, o.get("to"), o.get("out"));
      spark.stop();
      return;
    } else {
      throw new IllegalArgumentException("usage: EndToEndPeers mllib|scan|convert --data PATH --format F ...");
    }
    clock.skip();
    spark.stop();
    clock.lap("sparkStop");
    clock.put("total", sinceJvmStart());
    ObjectNode t = summary.putObject("timings");
    clock.seconds().forEach(t::put);
    File out = new File(o.get("out"));
    out.mkdirs();
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(new File(out, "summary.json"), summary);
  }

  private static void mllib(SparkSession spark, String data, String format, Map<String, String> o,
      ObjectNode summary, PhaseClock clock) throws java.io.IOException {
    Dataset<Row> df = switch (format) {
      case "parquet" -> {
        Dataset<Row> raw = spark.read().parquet(data);
        if (Arrays.asList(raw.columns()).contains("features")) {
          yield raw;
        }
        String[] x = Arrays.stream(raw.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        yield new VectorAssembler().setInputCols(x).setOutputCol("features").transform(raw);
      }
      case "libsvm" -> spark.read().format("libsvm").option("numFeatures", o.get("num-features")).load(data);
      case "csv" -> {
        Dataset<Row> raw = spark.read().option("header", true).option("inferSchema", true).csv(data);
        String[] x = Arrays.stream(raw.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        yield new VectorAssembler().setInputCols(x).setOutputCol("features").transform(raw);
      }
      default -> throw new IllegalArgumentException("format " + format);
    };
    LogisticRegressionModel m = new LogisticRegression().setStandardization(false)
        .setRegParam(Double.parseDouble(o.get("reg-param"))).setElasticNetParam(Double.parseDouble(o.get("elastic-net")))
        .setFitIntercept(Boolean.parseBoolean(o.get("fit-intercept"))).fit(df);
    clock.lap("readAndFit");
    m.write().overwrite().save(o.get("out") + "/model");
    clock.lap("writeOutputs");
    summary.put("intercept", m.intercept());
    ArrayNode coef = summary.putArray("coefficients");
    for (double c : m.coefficients().toArray()) {
      coef.add(c);
    }
    summary.put("iterations", m.summary().totalIterations());
  }

  /**
   * Writes the rows of a Parquet file with a {@code features} vector column as {@code label, x1..xp} numeric
   * columns, as Parquet ({@code to} = {@code parquet-cols}) or CSV with a header in every part file
   * ({@code csv}), keeping the partitions.
   */
  static void convert(SparkSession spark, String data, String to, String out) {
    Dataset<Row> df = spark.read().parquet(data);
    int p = ((org.apache.spark.ml.linalg.Vector) df.select("features").first().get(0)).size();
    Dataset<Row> arr = df.withColumn("arr", org.apache.spark.ml.functions.vector_to_array(
        org.apache.spark.sql.functions.col("features"), "float64"));
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[p + 1];
    cols[0] = org.apache.spark.sql.functions.col("label");
    for (int j = 0; j < p; j++) {
      cols[j + 1] = org.apache.spark.sql.functions.col("arr").getItem(j).as("x" + (j + 1));
    }
    Dataset<Row> wide = arr.select(cols);
    switch (to) {
      case "parquet-cols" -> wide.write().parquet(out);
      case "csv" -> wide.write().option("header", true).csv(out);
      default -> throw new IllegalArgumentException("--to parquet-cols|csv, got " + to);
    }
  }

  /**
   * Sums every numeric value of the rows (vectors: their values arrays) in one job: over the scan's columnar
   * batches when the plan is a columnar scan (as sparkglm reads it), else over InternalRows.
   */
  static double scanParquet(Dataset<Row> df) {
    org.apache.spark.sql.execution.SparkPlan plan = df.queryExecution().executedPlan();
    while (plan instanceof org.apache.spark.sql.execution.WholeStageCodegenExec
        || plan instanceof org.apache.spark.sql.execution.ColumnarToRowExec
        || plan instanceof org.apache.spark.sql.execution.InputAdapter) {
      plan = plan.children().head();
    }
    if (plan.supportsColumnar()) {
      return scanBatches(plan.executeColumnar().toJavaRDD(), df.schema());
    }
    return scanRows(df);
  }

  private static double scanBatches(JavaRDD<org.apache.spark.sql.vectorized.ColumnarBatch> batches,
      StructType schema) {
    int[] kinds = kinds(schema);
    return batches.mapPartitions(it -> {
      double s = 0.0;
      while (it.hasNext()) {
        org.apache.spark.sql.vectorized.ColumnarBatch b = it.next();
        for (int k = 0; k < kinds.length; k++) {
          org.apache.spark.sql.vectorized.ColumnVector v = b.column(k);
          if (kinds[k] == 0) {
            continue;
          }
          for (int i = 0, n = b.numRows(); i < n; i++) {
            if (v.isNullAt(i)) {
              continue;
            }
            if (kinds[k] == 2) {
              org.apache.spark.sql.vectorized.ColumnarArray values = v.getChild(3).getArray(i);
              for (int j = 0, m = values.numElements(); j < m; j++) {
                s += values.getDouble(j);
              }
            } else {
              s += v.getDouble(i);
            }
          }
        }
      }
      return java.util.List.of(s).iterator();
    }).reduce(Double::sum);
  }

  /** Per column: 0 skipped, 1 a double, 2 an ML vector (other numeric types are not in these files). */
  private static int[] kinds(StructType schema) {
    int[] kinds = new int[schema.size()];
    for (int k = 0; k < kinds.length; k++) {
      DataType t = schema.fields()[k].dataType();
      kinds[k] = t instanceof org.apache.spark.sql.types.DoubleType ? 1 : t.typeName().equals("vector") ? 2 : 0;
    }
    return kinds;
  }

  /** The same sum over InternalRows. */
  static double scanRows(Dataset<Row> df) {
    StructType schema = df.schema();
    int[] kinds = new int[schema.size()];
    DataType[] types = new DataType[schema.size()];
    for (int k = 0; k < kinds.length; k++) {
      StructField f = schema.fields()[k];
      types[k] = f.dataType();
      kinds[k] = f.dataType() instanceof NumericType ? 1 : f.dataType().typeName().equals("vector") ? 2 : 0;
    }
    JavaRDD<InternalRow> rows = df.queryExecution().toRdd().toJavaRDD();
    return rows.mapPartitions(it -> {
      double s = 0.0;
      while (it.hasNext()) {
        InternalRow r = it.next();
        for (int k = 0; k < kinds.length; k++) {
          if (r.isNullAt(k)) {
            continue;
          }
          if (kinds[k] == 1) {
            s += ((Number) r.get(k, types[k])).doubleValue();
          } else if (kinds[k] == 2) {
            ArrayData values = r.getStruct(k, 4).getArray(3);
            for (int j = 0, n = values.numElements(); j < n; j++) {
              s += values.getDouble(j);
            }
          }
        }
      }
      return java.util.List.of(s).iterator();
    }).reduce(Double::sum);
  }

  /** Hashes every byte of every line in one job. */
  static double scanText(Dataset<Row> text) {
    JavaRDD<InternalRow> rows = text.queryExecution().toRdd().toJavaRDD();
    return rows.mapPartitions(it -> {
      long h = 0;
      while (it.hasNext()) {
        h += it.next().getUTF8String(0).hashCode();
      }
      return java.util.List.of((double) h).iterator();
    }).reduce(Double::sum);
  }

  private static double sinceJvmStart() {
    return (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) * 1e-3;
  }
}
