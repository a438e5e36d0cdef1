package io.sparkglm.spark.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.CvCurve;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.train.CrossValidation;
import io.sparkglm.spark.train.FoldAssignment;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15 (4): cross validation against R's {@code cv.glmnet} (glmnet 4.1-6; {@code /reference/cv/make_cv.R}
 * writes the references: {@code cv.glmnet(x, y, family, foldid, lambda, alpha = 1, type.measure = "deviance",
 * grouped = TRUE, standardize, thresh = 1e-14)}, gaussian on {@code y / sd_y} and mapped back). With the same fold
 * ids and lambdas, the curve ({@code cvm}, {@code cvsd}) matches to 1e-6 relative and {@code lambdaMin} and
 * {@code lambda1se} are the same points of the sequence.
 */
class CrossValidationReferenceTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"binom_cv, 15", "gauss_corr_cv_std, 12"})
  void curveMatchesCvGlmnet(String id, int p) throws Exception {
    JsonNode ref;
    try (InputStream in = getClass().getResourceAsStream("/reference/cv/" + id + ".json")) {
      ref = new ObjectMapper().readTree(in);
    }
    Family family = Family.parse(ref.path("family").asText(), Double.NaN);
    String path = ReferenceCase.dataPath(ref.path("dataset").asText() + ".csv");
    LoadedData d = BlockLoader.load(SparkTestSession.get(), new DataSpec(path, DataFormat.CSV, "label",
        DataSpec.DEFAULT_FEATURES_COL, null, null, p, 2, BlockBuilder.DEFAULT_BLOCK_ROWS), family);
    GlmSpec spec = new GlmSpec(family, null, 0.0, 1.0, ref.path("standardize").asBoolean(), true, "newton",
        new StoppingRule(1000, 1e-12, 0.0));
    int[] foldIds = ints(ref.path("foldid"));
    double[] lambdas = doubles(ref.path("lambdas"));
    CrossValidation.Result r = new CrossValidation(2, Map.of()).fit(spec, d.blocks(), p, false, lambdas, 0,
        FoldAssignment.given(foldIds), BlockLoader::runAction);
    CvCurve curve = r.curve();
    assertArrayEquals(lambdas, curve.lambdas(), 0.0);
    double[] cvm = doubles(ref.path("cvm"));
    double[] cvsd = doubles(ref.path("cvsd"));
    for (int l = 0; l < lambdas.length; l++) {
      assertEquals(cvm[l], curve.cvm()[l], 1e-6 * cvm[l], "cvm at lambda " + lambdas[l]);
      assertEquals(cvsd[l], curve.cvsd()[l], 1e-6 * cvsd[l], "cvsd at lambda " + lambdas[l]);
    }
    assertEquals(ref.path("indexMin").asInt(), curve.indexMin(), "lambdaMin");
    assertEquals(ref.path("index1se").asInt(), curve.index1se(), "lambda1se");
    assertEquals(ref.path("lambdaMin").asDouble(), curve.lambdaMin(), 1e-12 * curve.lambdaMin());
    assertEquals(ref.path("lambda1se").asDouble(), curve.lambda1se(), 1e-12 * curve.lambda1se());
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }
}
