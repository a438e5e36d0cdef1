package io.sparkglm.spark.ml;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks and output columns shared by the estimator and the model. */
final class GlmSchemas {
  private GlmSchemas() {
  }

  /** Requires {@code column} to exist with a Vector type. */
  static void requireVector(StructType schema, String column, String role) {
    DataType t = type(schema, column, role);
    if (!t.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException(role + " column '" + column + "' must be of type Vector "
          + "(org.apache.spark.ml.linalg), got " + t.simpleString());
    }
  }

  /**
   * Requires the features: the numeric columns {@code featureCols} selects when it is set, else the vector column
   * {@code featuresCol}.
   *
   * @return the feature columns, or an empty list for the vector column
   */
  static java.util.List<String> requireFeatures(HasGlmParams p, StructType schema) {
    if (p.featureColumns().isEmpty()) {
      requireVector(schema, p.getOrDefault(p.featuresCol()), "features");
      return java.util.List.of();
    }
    return io.sparkglm.spark.data.BlockLoader.featureColumns(schema, "the dataset", p.featureColumns(),
        p.getOrDefault(p.labelCol()), p.optionalColumn(p.weightCol()), p.optionalColumn(p.offsetCol()));
  }

  /** Requires {@code column} to exist with a numeric type. */
  static void requireNumeric(StructType schema, String column, String role) {
    DataType t = type(schema, column, role);
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException(role + " column '" + column + "' must be numeric, got "
          + t.simpleString());
    }
  }

  private static DataType type(StructType schema, String column, String role) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException(role + " column '" + column + "' does not exist; columns: "
          + String.join(", ", schema.fieldNames()));
    }
    return schema.apply(column).dataType();
  }

  /** Appends an output column, refusing to overwrite an existing one. */
  static StructType append(StructType schema, String column, DataType type) {
    if (column == null) {
      return schema;
    }
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("output column '" + column + "' already exists");
    }
    return schema.add(new StructField(column, type, false, org.apache.spark.sql.types.Metadata.empty()));
  }

  /** The model's output schema. */
  static StructType output(HasGlmParams p, StructType schema) {
    requireFeatures(p, schema);
    String offset = p.optionalColumn(p.offsetCol());
    if (offset != null && Arrays.asList(schema.fieldNames()).contains(offset)) {
      requireNumeric(schema, offset, "offset");
    }
    StructType out = append(schema, p.optionalColumn(p.predictionCol()), DataTypes.DoubleType);
    out = append(out, p.optionalColumn(p.linkPredictionCol()), DataTypes.DoubleType);
    if (p.parsedFamily().predictsProbability()) {
      out = append(out, p.optionalColumn(p.rawPredictionCol()), SQLDataTypes.VectorType());
      out = append(out, p.optionalColumn(p.probabilityCol()), SQLDataTypes.VectorType());
    }
    return out;
  }
}
