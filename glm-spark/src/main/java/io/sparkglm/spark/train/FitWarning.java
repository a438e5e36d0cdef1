package io.sparkglm.spark.train;

import java.util.List;

/**
 * Something about a fit a statistician would warn about, named so that a program can act on it; written to the
 * log and to {@code summary.json} ({@code warnings}).
 *
 * @param code {@code aliased}, {@code separation} or {@code fittedAtBoundary}
 * @param message one sentence in the product's words: what happened and what to do
 * @param features the features concerned (empty when none in particular)
 */
public record FitWarning(String code, String message, List<String> features) {
  /** Copies {@code features}. */
  public FitWarning {
    features = List.copyOf(features);
  }
}
