package io.sparkglm.spark.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * spark.ml persistence of {@link GlmRegressionModel}: {@code path/metadata} holds the class, uid and Params
 * (JSON, written by Spark's own {@code DefaultParamsWriter}); {@code path/data} one Parquet row with the
 * intercept and the coefficient vector. No Java serialization.
 */
final class GlmModelPersistence {
  private static final StructType DATA = new StructType()
      .add("intercept", DataTypes.DoubleType, false)
      .add("coefficients", SQLDataTypes.VectorType(), false);

  private GlmModelPersistence() {
  }

  static final class Writer extends MLWriter {
    private final GlmRegressionModel model;

    Writer(GlmRegressionModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
      Row row = RowFactory.create(model.intercept(), model.coefficients());
      sparkSession().createDataFrame(List.of(row), DATA).repartition(1).write()
          .parquet(new Path(path, "data").toString());
    }
  }

  /**
   * Reads what {@link Writer} wrote, as data only (the metadata JSON through Spark's {@code DefaultParamsReader},
   * the Parquet row); no Java deserialization. A directory that is not such a model (absent, no {@code metadata/}
   * or {@code data/}, metadata that is not JSON or is of another class, a {@code data/} of another schema or row
   * count, params this model does not take, coefficients that do not match {@code featureCols} or are not
   * finite) is an {@link IllegalArgumentException} naming the directory and what is wrong.
   */
  static final class Reader extends MLReader<GlmRegressionModel> {
    private static final String CLASS = GlmRegressionModel.class.getName();

    @Override
    public GlmRegressionModel load(String path) {
      FileSystem fs = fileSystem(path);
      Path dir = new Path(path);
      requireDirectory(fs, path, dir, "", "it does not exist");
      requireDirectory(fs, path, new Path(dir, "metadata"), "metadata/",
          "it has no metadata/ (a spark.ml model directory has metadata/ and data/)");
      String json;
      try {
        json = sparkSession().sparkContext().textFile(new Path(dir, "metadata").toString(), 1).first();
      } catch (Exception e) {
        throw bad(path, "metadata/ is not spark.ml metadata JSON (" + cause(e) + ")");
      }
      DefaultParamsReader.Metadata metadata = metadata(path, json);
      requireDirectory(fs, path, new Path(dir, "data"), "data/", "it has no data/ (the coefficients)");
      Dataset<Row> data;
      try {
        data = sparkSession().read().parquet(new Path(dir, "data").toString());
      } catch (Exception e) {
        throw bad(path, "data/ is not readable Parquet (" + cause(e) + ")");
      }
      StructType schema = data.schema();
      if (!hasField(schema, "intercept", DataTypes.DoubleType)
          || !hasField(schema, "coefficients", SQLDataTypes.VectorType())) {
        throw bad(path, "data/ has columns " + schema.simpleString() + "; expected intercept double and "
            + "coefficients vector");
      }
      List<Row> rows;
      try {
        rows = data.select("intercept", "coefficients").limit(2).collectAsList();
      } catch (Exception e) {
        throw bad(path, "data/ is not readable Parquet (" + cause(e) + ")");
      }
      if (rows.size() != 1 || rows.get(0).isNullAt(0) || rows.get(0).isNullAt(1)) {
        throw bad(path, "data/ must hold one row with an intercept and coefficients, has "
            + (rows.size() == 1 ? "null values" : rows.isEmpty() ? "none" : "more"));
      }
      Vector coefficients = (Vector) rows.get(0).get(1);
      double intercept = rows.get(0).getDouble(0);
      return model(path, metadata, coefficients, intercept);
    }

    /**
     * Parses the metadata line ({@code metadata/part-00000}'s first line) and checks that it is this model's
     * class; an {@link IllegalArgumentException} naming {@code path} otherwise.
     */
    static DefaultParamsReader.Metadata metadata(String path, String json) {
      DefaultParamsReader.Metadata metadata;
      try {
        metadata = DefaultParamsReader$.MODULE$.parseMetadata(json, "");
      } catch (Exception e) {
        throw bad(path, "metadata/ is not spark.ml metadata JSON (" + cause(e) + ")");
      }
      if (!CLASS.equals(metadata.className())) {
        throw bad(path, "its metadata is of class " + metadata.className() + ", not " + CLASS);
      }
      return metadata;
    }

    /**
     * The model of {@code metadata}'s Params and the data row: every Param named must be one of this model's,
     * with a JSON value of its type (Spark's own reader would take a JSON object for a String Param and fail at
     * scoring, and reject a number for one without naming it), valid, with a family and link that resolve, and
     * {@code featureCols} must match the coefficients, all of them finite.
     */
    static GlmRegressionModel model(String path, DefaultParamsReader.Metadata metadata, Vector coefficients,
        double intercept) {
      GlmRegressionModel model = new GlmRegressionModel(metadata.uid(), coefficients, intercept);
      checkParamTypes(path, metadata.metadataJson(), model);
      try {
        metadata.getAndSetParams(model, scala.Option.empty());
        model.loss();
      } catch (Exception e) {
        throw bad(path, "metadata/ has params this model cannot take (" + cause(e) + ")");
      }
      List<String> featureCols = model.featureColumns();
      if (!featureCols.isEmpty() && featureCols.stream().noneMatch(c -> c.contains("*") || c.contains("?"))
          && featureCols.size() != coefficients.size()) {
        throw bad(path, "featureCols names " + featureCols.size() + " columns but data/ has "
            + coefficients.size() + " coefficients");
      }
      double[] values = coefficients.toArray();
      for (int j = 0; j <= values.length; j++) {
        double v = j < values.length ? values[j] : intercept;
        if (!Double.isFinite(v)) {
          throw bad(path, (j < values.length ? "coefficient " + j : "the intercept") + " is " + v);
        }
      }
      return model;
    }

    /** Each entry of {@code paramMap} and {@code defaultParamMap} names a Param of {@code model} and has its JSON type. */
    private static void checkParamTypes(String path, String json, GlmRegressionModel model) {
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(json);
      } catch (Exception e) {
        throw bad(path, "metadata/ is not spark.ml metadata JSON (" + cause(e) + ")");
      }
      for (String map : List.of("paramMap", "defaultParamMap")) {
        JsonNode params = root.path(map);
        if (params.isMissingNode() || params.isNull()) {
          continue;
        }
        if (!params.isObject()) {
          throw bad(path, "metadata/'s " + map + " is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!model.hasParam(e.getKey())) {
            throw bad(path, "metadata/'s " + map + " names " + e.getKey() + ", which is not a param of "
                + "GlmRegressionModel");
          }
          String expected = jsonTypeProblem(model.getParam(e.getKey()), e.getValue());
          if (expected != null) {
            throw bad(path, "metadata/'s " + map + " has param " + e.getKey() + " = " + abbreviate(e.getValue())
                + "; it must be " + expected);
          }
        }
      }
    }

    /** null when {@code value} is JSON of {@code param}'s type, else what it must be. */
    private static String jsonTypeProblem(Param<?> param, JsonNode value) {
      if (param instanceof DoubleParam) {
        boolean ok = value.isNumber() || value.isTextual() && Set.of("NaN", "Inf", "-Inf").contains(value.asText());
        return ok ? null : "a number";
      }
      if (param instanceof IntParam) {
        return value.isIntegralNumber() && value.canConvertToInt() ? null : "an integer";
      }
      if (param instanceof BooleanParam) {
        return value.isBoolean() ? null : "true or false";
      }
      if (param instanceof org.apache.spark.ml.param.DoubleArrayParam) {
        boolean ok = value.isArray();
        for (JsonNode v : value) {
          ok &= v.isNumber() || v.isTextual() && Set.of("NaN", "Inf", "-Inf").contains(v.asText());
        }
        return ok ? null : "an array of numbers";
      }
      if (param instanceof StringArrayParam) {
        boolean ok = value.isArray();
        for (JsonNode v : value) {
          ok &= v.isTextual();
        }
        return ok ? null : "an array of strings";
      }
      return value.isTextual() ? null : "a string";
    }

    private static String abbreviate(JsonNode value) {
      String s = value.toString();
      return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private FileSystem fileSystem(String path) {
      try {
        return new Path(path).getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
      } catch (java.io.IOException | RuntimeException e) {
        throw bad(path, "its file system is not available (" + cause(e) + ")");
      }
    }

    private static void requireDirectory(FileSystem fs, String path, Path dir, String what, String missing) {
      boolean isDir;
      try {
        if (!fs.exists(dir)) {
          throw bad(path, missing);
        }
        isDir = fs.getFileStatus(dir).isDirectory();
      } catch (java.io.IOException e) {
        throw bad(path, "cannot read " + (what.isEmpty() ? "it" : what) + " (" + cause(e) + ")");
      }
      if (!isDir) {
        throw bad(path, (what.isEmpty() ? "it" : what) + " is not a directory");
      }
    }

    private static boolean hasField(StructType schema, String name, DataType type) {
      return java.util.Arrays.asList(schema.fieldNames()).contains(name) && schema.apply(name).dataType().equals(type);
    }

    private static IllegalArgumentException bad(String path, String what) {
      return new IllegalArgumentException("cannot load a GlmRegressionModel from " + path + ": " + what);
    }

    /** The innermost cause's class and the first line of its message, at most 200 characters. */
    private static String cause(Throwable e) {
      while (e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null) {
        e = e.getCause();
      }
      String m = e.getMessage() == null ? "" : e.getMessage().strip().split("\\R", 2)[0];
      m = m.length() > 200 ? m.substring(0, 200) + "..." : m;
      return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }
  }
}
