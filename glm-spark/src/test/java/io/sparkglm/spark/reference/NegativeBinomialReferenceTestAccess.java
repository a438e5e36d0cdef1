package io.sparkglm.spark.reference;

import com.fasterxml.jackson.databind.JsonNode;

/** The negative binomial references of {@link NegativeBinomialReferenceTest}, for tests in other packages. */
public final class NegativeBinomialReferenceTestAccess {
  private NegativeBinomialReferenceTestAccess() {
  }

  /** The case {@code id} of {@code /reference/negbin/negbin.json}. */
  public static JsonNode reference(String id) {
    return NegativeBinomialReferenceTest.reference(id);
  }
}
