package io.sparkglm.spark.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A fit with coefficient bounds computed by R glmnet 4.1-6 ({@code lower.limits}, {@code upper.limits}) on a data set
 * of the test resources: {@code reference/bounds/<id>.json}, written by {@code reference/bounds/make_bounds_refs.R}
 * (which states the mapping of sparkglm's objective onto glmnet's). Shared with the solver modules' tests.
 */
public record BoundsCase(String id, JsonNode json) {
  /** The ids of the committed cases. */
  public static final List<String> IDS = List.of("binom_unpenalized_bounds", "binom_lasso_bounds",
      "binom_ridge_std_factors_bounds", "gauss_corr_enet_bounds");

  /** The case of {@code id}. */
  public static BoundsCase of(String id) {
    String name = ReferenceCase.ROOT + "bounds/" + id + ".json";
    try (InputStream in = BoundsCase.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new BoundsCase(id, new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The number of features. */
  public int p() {
    return json.path("coefficients").size();
  }

  /** The case's data set as CSV. */
  public DataSpec dataSpec(int partitions) {
    return new DataSpec(ReferenceCase.dataPath(json.path("dataset").asText() + ".csv"), DataFormat.CSV, "label",
        DataSpec.DEFAULT_FEATURES_COL, null, null, p(), partitions,
        io.sparkglm.core.data.BlockBuilder.DEFAULT_BLOCK_ROWS);
  }

  /** The spec of this case for a solver. */
  public GlmSpec spec(String solver, StoppingRule stop) {
    Family f = Family.parse(json.path("family").asText(), Double.NaN);
    return new GlmSpec(f, f.defaultLink(), json.path("lambda").asDouble(), json.path("alpha").asDouble(),
        json.path("standardize").asBoolean(), true, solver, stop, vector("penaltyFactors"), vector("lowerBounds"),
        vector("upperBounds"));
  }

  /** A numeric array of the file ({@code "inf"} and {@code "-inf"} as infinities). */
  public double[] vector(String field) {
    JsonNode a = json.path(field);
    double[] v = new double[a.size()];
    for (int j = 0; j < v.length; j++) {
      JsonNode e = a.get(j);
      v[j] = e.isNumber() ? e.asDouble() : e.asText().equals("inf") ? Double.POSITIVE_INFINITY
          : e.asText().equals("-inf") ? Double.NEGATIVE_INFINITY : Double.NaN;
    }
    return v;
  }

  /** The 0-based indices of the coefficients glmnet left at a bound. */
  public boolean[] atBound() {
    boolean[] out = new boolean[p()];
    for (String side : List.of("atLower", "atUpper")) {
      for (JsonNode k : json.path(side)) {
        out[k.asInt() - 1] = true;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return id;
  }
}
