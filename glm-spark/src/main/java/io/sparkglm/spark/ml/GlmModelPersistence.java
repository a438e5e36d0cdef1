package io.sparkglm.spark.ml;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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

  static final class Reader extends MLReader<GlmRegressionModel> {
    @Override
    public GlmRegressionModel load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
          GlmRegressionModel.class.getName());
      Row row = sparkSession().read().parquet(new Path(path, "data").toString()).select("intercept", "coefficients")
          .head();
      GlmRegressionModel model = new GlmRegressionModel(metadata.uid(), (Vector) row.get(1), row.getDouble(0));
      metadata.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }
}
