package io.sparkglm.spark.ml;

import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.RegularizationPath;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The regularization path of a {@link GlmRegression}'s Params on a Dataset ({@link RegularizationPath}: warm-started
 * fits for decreasing lambdas, glmnet's default sequence or the caller's), as a small DataFrame of one row per
 * lambda, the same figures as {@code sparkglm path}'s {@code path.csv}.
 */
final class GlmPath {
  /** The DataFrame's columns, in order (the coefficients on the original scale as one vector column). */
  static final StructType SCHEMA = new StructType()
      .add("lambda", DataTypes.DoubleType, false)
      .add("nonZeros", DataTypes.IntegerType, false)
      .add("objective", DataTypes.DoubleType, false)
      .add("deviance", DataTypes.DoubleType, false)
      .add("devianceExplained", DataTypes.DoubleType, false)
      .add("kkt", DataTypes.DoubleType, false)
      .add("iterations", DataTypes.IntegerType, false)
      .add("passes", DataTypes.LongType, false)
      .add("status", DataTypes.StringType, false)
      .add("intercept", DataTypes.DoubleType, false)
      .add("coefficients", SQLDataTypes.VectorType(), false);

  private GlmPath() {
  }

  /**
   * Fits the path of {@code glm}'s Params (its regParam is ignored) on {@code dataset}.
   *
   * @param lambdas a decreasing sequence, or {@code null} for glmnet's default of {@code count} values
   */
  static Dataset<Row> fit(GlmRegression glm, Dataset<?> dataset, double[] lambdas, int count) {
    if (glm.getInitialModel().isPresent()) {
      throw new IllegalArgumentException("path does not take an initial model (it starts at lambda_max from the "
          + "intercept-only model and warm-starts each fit from the previous one); use fit");
    }
    if (lambdas == null && count < 1) {
      throw new IllegalArgumentException("path: nLambda must be >= 1, got " + count);
    }
    glm.transformSchema(dataset.schema());
    GlmSpec spec = glm.spec();
    if (!"tree".equals(glm.getOrDefault(glm.aggregation()))) {
      throw new IllegalArgumentException("Param aggregation allreduce does not apply to a path yet (a path is a "
          + "series of short warm-started fits); set aggregation to tree for the path, allreduce works with fit");
    }
    if (spec.family().estimatesTheta()) {
      throw new IllegalArgumentException("Param theta is required for a path with family negative-binomial (every "
          + "lambda is fitted at one fixed theta; fit estimates it)");
    }
    LoadedData data = BlockLoader.fromDataset(dataset.toDF(), glm.getOrDefault(glm.labelCol()),
        glm.getOrDefault(glm.featuresCol()), glm.featureColumns(), glm.optionalColumn(glm.weightCol()),
        glm.optionalColumn(glm.offsetCol()), spec.family(), BlockBuilder.DEFAULT_BLOCK_ROWS);
    spec.checkFeatureCount(data.numFeatures(), "Param penaltyFactors", "Param lowerBounds", "Param upperBounds");
    RegularizationPath.Result r = new RegularizationPath((Integer) glm.getOrDefault(glm.aggregationDepth()),
        glm.options()).fit(spec, data.blocks(), data.numFeatures(), data.hasOffsets(), lambdas, count,
        action -> {
          var stats = BlockLoader.runAction(action);
          BlockLoader.requireNonEmpty(stats.rows(), data.source());
          return stats;
        });
    List<Row> rows = new ArrayList<>();
    for (RegularizationPath.Point p : r.points()) {
      rows.add(RowFactory.create(p.lambda(), p.nonZeros(), p.objective(), p.deviance(), p.devianceExplained(),
          p.kkt(), p.iterations(), p.passes(), p.status().name(), p.intercept(), Vectors.dense(p.coefficients())));
    }
    return SparkSession.active().createDataFrame(rows, SCHEMA);
  }
}
