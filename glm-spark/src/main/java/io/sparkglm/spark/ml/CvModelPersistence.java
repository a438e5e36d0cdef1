package io.sparkglm.spark.ml;

import io.sparkglm.core.fit.CvCurve;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * spark.ml persistence of {@link GlmRegressionCVModel}: {@code path/metadata} the class, uid and Params (Spark's
 * {@code DefaultParamsWriter}); {@code path/data} one Parquet row with the curve and the per-fold figures (the
 * {@code K x L} fold deviances row by row in one array); {@code path/bestModel} the best model as
 * {@link GlmRegressionModel} saves itself (read back by its own checked reader, {@link GlmModelPersistence}). Read
 * as data only, no Java serialization; the training summary is not saved.
 */
final class CvModelPersistence {
  private static final StructType DATA = new StructType()
      .add("lambdas", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("cvm", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("cvsd", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("indexMin", DataTypes.IntegerType, false)
      .add("index1se", DataTypes.IntegerType, false)
      .add("selected", DataTypes.IntegerType, false)
      .add("nonZeros", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("foldDeviance", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("foldWeights", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("foldRows", DataTypes.createArrayType(DataTypes.LongType, false), false)
      .add("passes", DataTypes.LongType, false);
  private static final String CLASS = GlmRegressionCVModel.class.getName();

  private CvModelPersistence() {
  }

  static final class Writer extends MLWriter {
    private final GlmRegressionCVModel model;

    Writer(GlmRegressionCVModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
      CvFigures f = model.figures();
      CvCurve c = f.curve();
      List<Double> deviance = new ArrayList<>();
      for (double[] fold : f.foldDeviance()) {
        deviance.addAll(boxed(fold));
      }
      Row row = RowFactory.create(boxed(c.lambdas()), boxed(c.cvm()), boxed(c.cvsd()), c.indexMin(), c.index1se(),
          f.selected(), java.util.Arrays.stream(f.nonZeros()).boxed().toList(), deviance, boxed(f.foldWeights()),
          java.util.Arrays.stream(f.foldRows()).boxed().toList(), f.passes());
      sparkSession().createDataFrame(List.of(row), DATA).repartition(1).write()
          .parquet(new Path(path, "data").toString());
      GlmModelPersistence.Writer best = new GlmModelPersistence.Writer(model.bestModel());
      best.session(sparkSession());
      best.saveImpl(new Path(path, "bestModel").toString());
    }

    private static List<Double> boxed(double[] v) {
      return java.util.Arrays.stream(v).boxed().toList();
    }
  }

  /**
   * Reads what {@link Writer} wrote; a directory that is not such a model (no metadata of this class, a
   * {@code data/} of another schema or of shapes that do not fit together, a bad {@code bestModel/}) is an
   * {@link IllegalArgumentException} naming the directory and what is wrong.
   */
  static final class Reader extends MLReader<GlmRegressionCVModel> {
    @Override
    public GlmRegressionCVModel load(String path) {
      DefaultParamsReader.Metadata metadata;
      List<Row> rows;
      try {
        metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), CLASS);
      } catch (RuntimeException e) {
        throw bad(path, "no readable metadata of " + CLASS + " (" + e.getMessage() + ")");
      }
      try {
        rows = sparkSession().read().parquet(new Path(path, "data").toString())
            .select(DATA.fieldNames()[0], java.util.Arrays.copyOfRange(DATA.fieldNames(), 1, DATA.size()))
            .limit(2).collectAsList();
      } catch (RuntimeException e) {
        throw bad(path, "data/ is not the curve's Parquet row (" + e.getMessage() + ")");
      }
      if (rows.size() != 1 || java.util.stream.IntStream.range(0, DATA.size()).anyMatch(rows.get(0)::isNullAt)) {
        throw bad(path, "data/ must hold one row without nulls, has " + rows.size() + " rows");
      }
      CvFigures figures = figures(rows.get(0));
      String problem = figures.problem();
      if (problem != null) {
        throw bad(path, "data/ does not fit together: " + problem);
      }
      GlmRegressionModel best = new GlmModelPersistence.Reader().session(sparkSession())
          .load(new Path(path, "bestModel").toString());
      GlmRegressionCVModel model = new GlmRegressionCVModel(metadata.uid(), best, figures);
      try {
        metadata.getAndSetParams(model, scala.Option.empty());
      } catch (RuntimeException e) {
        throw bad(path, "metadata/ has params this model cannot take (" + e.getMessage() + ")");
      }
      return model;
    }

    private static CvFigures figures(Row r) {
      double[] lambdas = doubles(r.getList(0));
      int l = lambdas.length;
      int[] nonZeros = r.<Integer>getList(6).stream().mapToInt(Integer::intValue).toArray();
      double[] flat = doubles(r.getList(7));
      double[] weights = doubles(r.getList(8));
      long[] foldRows = r.<Long>getList(9).stream().mapToLong(Long::longValue).toArray();
      double[][] deviance = new double[weights.length][];
      for (int k = 0; k < weights.length; k++) {
        deviance[k] = l == 0 || flat.length < (k + 1) * l ? new double[0]
            : java.util.Arrays.copyOfRange(flat, k * l, (k + 1) * l);
      }
      if (flat.length != weights.length * l) {
        deviance = new double[0][];
      }
      CvCurve curve = new CvCurve(lambdas, doubles(r.getList(1)), doubles(r.getList(2)), r.getInt(3), r.getInt(4));
      return new CvFigures(curve, r.getInt(5), nonZeros, deviance, weights, foldRows, r.getLong(10));
    }

    private static double[] doubles(List<Double> v) {
      return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static IllegalArgumentException bad(String path, String what) {
      return new IllegalArgumentException("cannot load a GlmRegressionCVModel from " + path + ": " + what);
    }
  }
}
