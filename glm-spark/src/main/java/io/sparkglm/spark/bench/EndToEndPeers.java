package io.sparkglm.spark.bench;

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
 *       {@code spark.read.format("libsvm")}; CSV with {@code inferSchema} and a {@code VectorAssembler}), fit
 *       {@code LogisticRegression} (standardization off, the given regParam, elasticNetParam and fitIntercept,
 *       MLlib's defaults otherwise), save the model, and write {@code summary.json} with its coefficients and
 *       {@code timings} (sparkStart, fit, writeOutputs, sparkStop, total).</li>
 *   <li>{@code scan}: the floor: one Spark job that reads the same file and touches every value (Parquet through
 *       {@code queryExecution().toRdd()}, every numeric column and vector element summed; text files line by line,
 *       every byte hashed), no objects per row; {@code summary.json} gets {@code scanSeconds} (the job; the
 *       driver's planning and schema reading before it are the {@code prepare} phase).</li>
 * </ul>
 *
 * <p>Usage: {@code mllib --data PATH --format parquet|libsvm|csv --num-features P --reg-param L --elastic-net A
 * --fit-intercept true|false --out DIR} and {@code scan --data PATH --format parquet|libsvm|csv --out DIR}.
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
    } else {
      throw new IllegalArgumentException("usage: EndToEndPeers mllib|scan --data PATH --format F ...");
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
      case "parquet" -> spark.read().parquet(data);
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

  /** Sums every numeric value of the rows (vectors: their values arrays) in one job over InternalRows. */
  static double scanParquet(Dataset<Row> df) {
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
