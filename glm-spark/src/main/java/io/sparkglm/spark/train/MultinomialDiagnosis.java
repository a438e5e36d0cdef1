package io.sparkglm.spark.train;

import io.sparkglm.core.solver.Status;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What {@link MultinomialTrainer} says of a fit beyond the solver's status, as {@link Diagnosis} does for the binary
 * families: rows with a fitted class probability numerically 0 or 1 ({@code min_k p_ik <}
 * {@link io.sparkglm.core.family.Family#BOUNDARY_EPS}, R's binomial threshold) are, in an unpenalized fit,
 * the mark of (quasi-)complete separation of some class from the others: the likelihood keeps increasing as
 * coefficients grow without bound and no finite maximum-likelihood estimate exists ({@code nnet::multinom} stops
 * at its iteration limit without saying so). Then the status is {@link Status#SEPARATED} with the warning
 * {@code separation}, naming the features along which the coefficients diverge: those whose largest standardized
 * coefficient across classes {@code max_k |b_kj| s_j} is at least a tenth of the largest. In a penalized fit (lambda
 * &gt; 0; its estimate is finite) the same rows give the warning {@code fittedAtBoundary} only.
 */
final class MultinomialDiagnosis {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");
  /** Standardized coefficients at least this fraction of the largest are named as separating. */
  private static final double DIVERGING = 0.1;

  private MultinomialDiagnosis() {
  }

  /** A status and the warnings that go with it. */
  record Outcome(Status status, List<FitWarning> warnings) {
    Outcome {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * @param status the status so far (the solver's, STALLED when the certificate failed)
   * @param regParam lambda
   * @param boundaryRows rows with a class probability numerically 0 or 1 at the solution
   * @param coefficients K rows of p, original scale
   * @param sd the p feature standard deviations (weighted, population)
   * @param names the p feature names, or null (columns are then named by their 0-based index)
   */
  static Outcome of(Status status, double regParam, long boundaryRows, double[][] coefficients, double[] sd,
      List<String> names) {
    List<FitWarning> warnings = new ArrayList<>();
    Status out = status;
    String boundary = "a fitted class probability numerically 0 or 1";
    if (boundaryRows > 0 && regParam == 0.0) {
      out = Status.SEPARATED;
      List<String> diverging = diverging(coefficients, sd, names);
      warnings.add(new FitWarning("separation", boundaryRows + " row(s) with " + boundary + " in an unpenalized "
          + "fit: some class is separated from the others and no finite maximum-likelihood estimate exists; the "
          + "coefficients grow without bound along " + (diverging.isEmpty() ? "the fitted direction"
          : String.join(", ", diverging)) + ". Add a penalty (--reg-param), or drop or merge the separating "
          + "features or classes", diverging));
    } else if (boundaryRows > 0) {
      warnings.add(new FitWarning("fittedAtBoundary", boundaryRows + " row(s) with " + boundary, List.of()));
    }
    for (FitWarning w : warnings) {
      LOG.warn("fit warning {}: {}", w.code(), w.message());
    }
    if (out != status) {
      LOG.warn("fit status {} (solver said {})", out, status);
    }
    return new Outcome(out, warnings);
  }

  private static List<String> diverging(double[][] b, double[] sd, List<String> names) {
    int p = sd.length;
    double[] size = new double[p];
    double largest = 0.0;
    for (int j = 0; j < p; j++) {
      for (double[] row : b) {
        size[j] = Math.max(size[j], Math.abs(row[j]) * sd[j]);
      }
      largest = Math.max(largest, size[j]);
    }
    List<String> out = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      if (largest > 0 && size[j] >= DIVERGING * largest) {
        out.add(names == null ? "column " + j : names.get(j));
      }
    }
    return out;
  }
}
