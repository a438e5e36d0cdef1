package io.sparkglm.core.family;

import java.util.ArrayList;
import java.util.List;

/** Every (family, link) pair the library supports, with interior test points for each. */
final class LossCases {
  private LossCases() {
  }

  /**
   * The families under test: the four plain ones, tweedie at p = 1, 1.5 and 2, and the negative binomial at
   * theta = 0.7, 5 and 1e7 (nearly poisson).
   */
  static List<Family> families() {
    return List.of(Family.gaussian(), Family.binomial(), Family.poisson(), Family.gamma(),
        Family.tweedie(1.0), Family.tweedie(1.5), Family.tweedie(2.0), Family.negativeBinomial(0.7),
        Family.negativeBinomial(5.0), Family.negativeBinomial(1e7));
  }

  /** Every supported (family, link) pair. */
  static List<GlmLoss> all() {
    List<GlmLoss> out = new ArrayList<>();
    for (Family f : families()) {
      for (Link link : f.supportedLinks()) {
        out.add(GlmLoss.of(f, link));
      }
    }
    return out;
  }

  /** Linear predictors inside the link's domain, away from the extremes. */
  static double[] etas(Link link) {
    switch (link) {
      case IDENTITY:
        return new double[] {0.3, 1.2, 4.0};
      case LOG:
        return new double[] {-2.0, -0.3, 0.7, 2.5};
      case INVERSE:
        return new double[] {0.2, 1.0, 3.0};
      case SQRT:
        return new double[] {0.5, 1.5, 3.0};
      default:
        return new double[] {-4.0, -1.0, 0.0, 0.8, 3.0};
    }
  }

  /** Labels inside the family's domain, including its boundary where the domain is closed. */
  static double[] labels(Family family) {
    double[] candidates;
    switch (family.name()) {
      case "gaussian":
        candidates = new double[] {-1.5, 0.0, 2.3, 40.0};
        break;
      case "binomial":
        candidates = new double[] {0.0, 0.3, 1.0};
        break;
      default:
        candidates = new double[] {0.0, 0.2, 1.0, 4.5};
    }
    return java.util.Arrays.stream(candidates).filter(family::isValidLabel).toArray();
  }

  /** {@code |a - b| <= rel * max(|a|, |b|) + abs}. */
  static boolean close(double a, double b, double rel, double abs) {
    return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + abs;
  }
}
