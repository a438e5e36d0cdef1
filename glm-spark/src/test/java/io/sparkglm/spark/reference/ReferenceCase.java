package io.sparkglm.spark.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One reference fit from {@code /reference/refs/*.json} (R glmnet 4.1-6 for penalized fits, statsmodels 0.13.5
 * IRLS for unpenalized ones; see {@code /reference/README.md}). Penalized gaussian references solve the literal
 * objective (glmnet run on y/sd_y with rescaled lambda and alpha, coefficients scaled back).
 */
public record ReferenceCase(String id, String dataset, String family, String link, String kind, double alpha,
    double lambda, boolean standardize, double intercept, double[] coefficients, double objective,
    double errorPerUnitKkt, String csv, String libsvm, boolean weighted, boolean offset, int p) {

  static final String ROOT = "/reference/";

  public static List<ReferenceCase> all() {
    List<ReferenceCase> out = new ArrayList<>();
    for (JsonNode c : read("refs/index.json").path("cases")) {
      out.add(parse(read("refs/" + c.path("file").asText())));
    }
    if (out.size() != 35) {
      throw new IllegalStateException("expected 35 reference cases, found " + out.size());
    }
    return out;
  }

  static ReferenceCase byId(String id) {
    return parse(read("refs/" + id + ".json"));
  }

  /** The raw JSON of this case (for the statistics blocks of unpenalized fits). */
  JsonNode json() {
    return read("refs/" + id + ".json");
  }

  private static ReferenceCase parse(JsonNode d) {
    double[] coef = new double[d.path("coefficients").size()];
    for (int j = 0; j < coef.length; j++) {
      coef[j] = d.path("coefficients").get(j).asDouble();
    }
    JsonNode files = d.path("data_files");
    return new ReferenceCase(d.path("id").asText(), d.path("dataset").asText(), d.path("family").asText(),
        d.path("link").asText(), d.path("kind").asText(), d.path("alpha").asDouble(), d.path("lambda").asDouble(),
        d.path("standardize").asBoolean(), d.path("intercept").asDouble(), coef, d.path("objective").asDouble(),
        d.path("conditioning").path("coefficient_error_per_unit_kkt").asDouble(1.0),
        files.path("csv").isMissingNode() ? null : files.path("csv").asText(), files.path("libsvm").asText(),
        d.path("weighted").asBoolean(), files.has("offset"), d.path("p").asInt());
  }

  private static JsonNode read(String name) {
    try (InputStream in = ReferenceCase.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + ROOT + name);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Path of a data file in the test resources; when the resources come from a jar (glm-spark's test jar, used
   * by the solver modules' tests) the file is copied once to a temporary directory.
   */
  static synchronized String dataPath(String file) {
    java.net.URL url = ReferenceCase.class.getResource(ROOT + "data/" + file);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + ROOT + "data/" + file);
    }
    try {
      if (url.getProtocol().equals("file")) {
        return Path.of(url.toURI()).toString();
      }
      if (extracted == null) {
        extracted = java.nio.file.Files.createTempDirectory("sparkglm-reference");
        extracted.toFile().deleteOnExit();
      }
      Path target = extracted.resolve(file);
      if (!java.nio.file.Files.exists(target)) {
        try (InputStream in = url.openStream()) {
          java.nio.file.Files.copy(in, target);
        }
        target.toFile().deleteOnExit();
      }
      return target.toString();
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read test resource " + url, e);
    }
  }

  private static Path extracted;

  /** How to load this case: the CSV (with weight/offset columns) when there is one, else LIBSVM. */
  public DataSpec dataSpec(int partitions) {
    if (csv != null) {
      return new DataSpec(dataPath(csv), DataFormat.CSV, "label", DataSpec.DEFAULT_FEATURES_COL,
          weighted ? "weight" : null, offset ? "offset" : null, p, partitions, io.sparkglm.core.data.BlockBuilder.DEFAULT_BLOCK_ROWS);
    }
    return new DataSpec(dataPath(libsvm), DataFormat.LIBSVM, "label", DataSpec.DEFAULT_FEATURES_COL, null, null, p,
        partitions, io.sparkglm.core.data.BlockBuilder.DEFAULT_BLOCK_ROWS);
  }

  /** The spec of this case for a solver. */
  public GlmSpec spec(String solver, StoppingRule stop) {
    Family f = Family.parse(family, Double.NaN);
    return new GlmSpec(f, Link.parse(link), lambda, alpha, standardize, true, solver, stop);
  }

  @Override
  public String toString() {
    return id;
  }
}
