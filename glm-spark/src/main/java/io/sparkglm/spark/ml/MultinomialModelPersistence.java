package io.sparkglm.spark.ml;

import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * spark.ml persistence of {@link MultinomialRegression} (its Params only, Spark's {@code DefaultParamsWriter}) and
 * {@link MultinomialRegressionModel}: {@code path/metadata} the class, uid and Params (JSON, Spark's own writer);
 * {@code path/data} one Parquet row with {@code interceptVector} (K) and {@code coefficientMatrix} (K x p), as
 * MLlib's {@code LogisticRegressionModel} stores them. Read as data only, no Java serialization; the training fit
 * ({@link MultinomialRegressionModel#fit()}) is not saved.
 */
final class MultinomialModelPersistence {
  private static final StructType DATA = new StructType()
      .add("interceptVector", SQLDataTypes.VectorType(), false)
      .add("coefficientMatrix", SQLDataTypes.MatrixType(), false);
  private static final String MODEL = MultinomialRegressionModel.class.getName();

  private MultinomialModelPersistence() {
  }

  static final class ModelWriter extends MLWriter {
    private final MultinomialRegressionModel model;

    ModelWriter(MultinomialRegressionModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession());
      Row row = RowFactory.create(model.interceptVector(), model.coefficientMatrix());
      sparkSession().createDataFrame(List.of(row), DATA).repartition(1).write()
          .parquet(new Path(path, "data").toString());
    }
  }

  /** The estimator's writer: its Params. */
  static MLWriter estimatorWriter(MultinomialRegression estimator) {
    return new DefaultParamsWriter(estimator);
  }

  /** Reads what {@link #estimatorWriter} wrote: an estimator with the saved uid and Params. */
  static final class EstimatorReader extends MLReader<MultinomialRegression> {
    @Override
    public MultinomialRegression load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
          MultinomialRegression.class.getName());
      MultinomialRegression estimator = MultinomialRegression.withUid(metadata.uid(), MultinomialRegression::new);
      metadata.getAndSetParams(estimator, scala.Option.empty());
      return estimator;
    }
  }

  /**
   * Reads what {@link ModelWriter} wrote. A directory that is not such a model (absent, without {@code metadata/}
   * or {@code data/}, metadata of another class, a {@code data/} of another schema or row count, shapes that do not
   * agree, fewer than 2 classes, a value that is not finite, params the model does not take) is an
   * {@link IllegalArgumentException} naming the directory and what is wrong.
   */
  static final class ModelReader extends MLReader<MultinomialRegressionModel> {
    @Override
    public MultinomialRegressionModel load(String path) {
      requireDirectories(path);
      DefaultParamsReader.Metadata metadata;
      try {
        metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession());
      } catch (Exception e) {
        throw bad(path, "metadata/ is not spark.ml metadata JSON (" + cause(e) + ")");
      }
      if (!MODEL.equals(metadata.className())) {
        throw bad(path, "its metadata is of class " + metadata.className() + ", not " + MODEL);
      }
      List<Row> rows;
      try {
        Dataset<Row> data = sparkSession().read().parquet(new Path(path, "data").toString());
        if (!hasField(data.schema(), "interceptVector", SQLDataTypes.VectorType())
            || !hasField(data.schema(), "coefficientMatrix", SQLDataTypes.MatrixType())) {
          throw bad(path, "data/ has columns " + data.schema().simpleString() + "; expected interceptVector "
              + "vector and coefficientMatrix matrix");
        }
        rows = data.select("interceptVector", "coefficientMatrix").limit(2).collectAsList();
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (Exception e) {
        throw bad(path, "data/ is not readable Parquet (" + cause(e) + ")");
      }
      if (rows.size() != 1 || rows.get(0).isNullAt(0) || rows.get(0).isNullAt(1)) {
        throw bad(path, "data/ must hold one row with interceptVector and coefficientMatrix, has "
            + (rows.size() == 1 ? "null values" : rows.isEmpty() ? "none" : "more"));
      }
      Vector intercepts = (Vector) rows.get(0).get(0);
      Matrix coefficients = (Matrix) rows.get(0).get(1);
      checkShapes(path, intercepts, coefficients);
      MultinomialRegressionModel model = MultinomialRegression.withUid(metadata.uid(),
          () -> new MultinomialRegressionModel(dense(coefficients), intercepts.toDense(), null));
      try {
        metadata.getAndSetParams(model, scala.Option.empty());
      } catch (Exception e) {
        throw bad(path, "metadata/ has params this model cannot take (" + cause(e) + ")");
      }
      return model;
    }

    private void requireDirectories(String path) {
      try {
        FileSystem fs = new Path(path).getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
        for (String sub : new String[] {"", "metadata", "data"}) {
          Path dir = sub.isEmpty() ? new Path(path) : new Path(path, sub);
          if (!fs.exists(dir) || !fs.getFileStatus(dir).isDirectory()) {
            throw bad(path, sub.isEmpty() ? "it is not a directory" : "it has no " + sub + "/ (a spark.ml model "
                + "directory has metadata/ and data/)");
          }
        }
      } catch (java.io.IOException e) {
        throw bad(path, "cannot read it (" + cause(e) + ")");
      }
    }
  }

  /** K intercepts, a K x p matrix, K >= 2, every value finite. */
  private static void checkShapes(String path, Vector intercepts, Matrix coefficients) {
    int kk = intercepts.size();
    if (kk < 2 || coefficients.numRows() != kk) {
      throw bad(path, "data/ has " + kk + " intercepts and a " + coefficients.numRows() + " x "
          + coefficients.numCols() + " coefficient matrix; a model of K >= 2 classes has K of each");
    }
    for (int k = 0; k < kk; k++) {
      if (!Double.isFinite(intercepts.apply(k))) {
        throw bad(path, "the intercept of class " + k + " is " + intercepts.apply(k));
      }
      for (int j = 0; j < coefficients.numCols(); j++) {
        if (!Double.isFinite(coefficients.apply(k, j))) {
          throw bad(path, "coefficient " + j + " of class " + k + " is " + coefficients.apply(k, j));
        }
      }
    }
  }

  /** {@code m} as a dense row-major matrix (a new one). */
  private static DenseMatrix dense(Matrix m) {
    double[] rowMajor = new double[m.numRows() * m.numCols()];
    for (int k = 0; k < m.numRows(); k++) {
      for (int j = 0; j < m.numCols(); j++) {
        rowMajor[k * m.numCols() + j] = m.apply(k, j);
      }
    }
    return new DenseMatrix(m.numRows(), m.numCols(), rowMajor, true);
  }

  private static boolean hasField(StructType schema, String name, DataType type) {
    return Arrays.asList(schema.fieldNames()).contains(name) && schema.apply(name).dataType().equals(type);
  }

  private static IllegalArgumentException bad(String path, String what) {
    return new IllegalArgumentException("cannot load a MultinomialRegressionModel from " + path + ": " + what);
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
