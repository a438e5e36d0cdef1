package io.sparkglm.spark.train;

import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.solver.Status;
import io.sparkglm.spark.stats.GlmStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What the trainer says of a certified fit beyond the solver's status, so that no outcome a statistician would
 * warn about is reported as {@code CONVERGED} in silence:
 *
 * <ul>
 *   <li>{@link Status#STALLED} when the solver stopped on its own criterion but the certificate is above
 *       {@code --tol} on the absolute and on the relative scale ({@link FitResult#relativeKkt}), and
 *       {@link Status#NOT_FINITE} when the objective at the solution is not finite; a line search that failed
 *       at a point the certificate accepts is {@link Status#CONVERGED};</li>
 *   <li>{@code aliased}: columns held at zero because they are combinations of the intercept and the columns
 *       before them ({@link io.sparkglm.core.fit.ColumnRank}; R's "not defined because of singularities");</li>
 *   <li>{@link Status#SEPARATED} and {@code separation}: an unpenalized binomial or Poisson fit with fitted means
 *       numerically at the edge of their domain (R's "fitted probabilities numerically 0 or 1 occurred"); no
 *       finite maximum-likelihood estimate exists. The features named are those along which the coefficients
 *       diverge: a standardized coefficient {@code |b_j| s_j} at least a tenth of the largest one;</li>
 *   <li>{@code fittedAtBoundary}: the same rows in a penalized fit (whose estimate is finite): R's warning only;</li>
 *   <li>{@code atBound}: coefficients held at a finite bound ({@link FitSetup#atBound}), reported at the bound
 *       without a standard error, as glmnet reports them;</li>
 *   <li>{@code singularInformation}: an unpenalized fit whose information matrix cannot be inverted at the
 *       solution, so it has no standard errors.</li>
 * </ul>
 */
final class Diagnosis {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");
  /** Standardized coefficients at least this fraction of the largest are named as separating. */
  private static final double DIVERGING = 0.1;

  private Diagnosis() {
  }

  /**
   * @param names the p feature names, or null (columns are then named by their 0-based index)
   */
  static FitResult of(FitSetup setup, FitResult r, List<String> names) {
    Status status = r.status();
    double tol = setup.spec().stop().tolerance();
    boolean certified = r.kktViolation() <= tol || r.relativeKkt() <= tol;
    if (!Double.isFinite(r.objective())) {
      status = Status.NOT_FINITE;
    } else if (status == Status.CONVERGED && !certified) {
      status = Status.STALLED;
    } else if (status == Status.LINE_SEARCH_FAILED && certified) {
      // The solver aimed below --tol (solverStop) and no step could improve at rounding level; the certificate
      // on the full data meets --tol.
      status = Status.CONVERGED;
    }
    List<FitWarning> warnings = new ArrayList<>();
    List<String> aliased = named(setup.aliased(), names);
    if (!aliased.isEmpty()) {
      warnings.add(new FitWarning("aliased", aliased.size() + " coefficient(s) not defined because of "
          + "singularities (each a linear combination of the intercept and the columns before it): "
          + String.join(", ", aliased) + "; held at 0 and reported as NA, the others fitted without them, as R "
          + "does. Drop these columns, or add a ridge penalty (--reg-param with --elastic-net < 1) to share the "
          + "effect", aliased));
    }
    double[] full = Arrays.copyOf(r.coefficients(), r.coefficients().length + 1);
    full[full.length - 1] = r.intercept();
    List<String> atBound = named(setup.atBound(full), names);
    if (!atBound.isEmpty()) {
      warnings.add(new FitWarning("atBound", atBound.size() + " coefficient(s) held at a bound (--lower-bounds / "
          + "--upper-bounds): " + String.join(", ", atBound) + "; reported at the bound with no standard error "
          + "(the other coefficients' are conditional on them)", atBound));
    }
    GlmStatistics st = r.statistics().orElse(null);
    boolean unpenalized = setup.spec().regParam() == 0.0;
    String boundary = setup.spec().family().boundaryDescription();
    if (st != null && st.boundaryRows() > 0 && boundary != null) {
      if (unpenalized) {
        status = Status.SEPARATED;
        List<String> diverging = diverging(setup, r, names);
        warnings.add(new FitWarning("separation", st.boundaryRows() + " row(s) with " + boundary + " in an "
            + "unpenalized fit: the data are separated and no finite maximum-likelihood estimate exists; the "
            + "coefficients grow without bound along " + (diverging.isEmpty() ? "the fitted direction"
            : String.join(", ", diverging)) + ". Add a penalty (--reg-param), or drop or merge the separating "
            + "features", diverging));
      } else {
        warnings.add(new FitWarning("fittedAtBoundary", st.boundaryRows() + " row(s) with " + boundary,
            List.of()));
      }
    }
    if (st != null && unpenalized && status != Status.SEPARATED && singular(setup, st, setup.atBound(full))) {
      warnings.add(new FitWarning("singularInformation", "the information matrix is singular at the solution: "
          + "no standard errors. Drop collinear columns or add a penalty", List.of()));
    }
    for (FitWarning w : warnings) {
      LOG.warn("fit warning {}: {}", w.code(), w.message());
    }
    if (status != r.status()) {
      String line = "fit status {} (solver said {}): kkt={} relative={} tol={}";
      Object[] args = {status, r.status(), String.format(Locale.ROOT, "%.2e", r.kktViolation()),
          String.format(Locale.ROOT, "%.2e", r.relativeKkt()), tol};
      if (status.converged()) {
        LOG.info(line, args);
      } else {
        LOG.warn(line, args);
      }
    }
    return r.withDiagnosis(status, warnings);
  }

  private static List<String> named(boolean[] columns, List<String> names) {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < columns.length; j++) {
      if (columns[j]) {
        out.add(names == null ? "column " + j : names.get(j));
      }
    }
    return out;
  }

  private static List<String> diverging(FitSetup setup, FitResult r, List<String> names) {
    double[] b = r.coefficients();
    double[] s = setup.stats().sd();
    double largest = 0.0;
    for (int j = 0; j < b.length; j++) {
      largest = Math.max(largest, Math.abs(b[j]) * s[j]);
    }
    boolean[] picked = new boolean[b.length];
    for (int j = 0; j < b.length; j++) {
      picked[j] = largest > 0 && Math.abs(b[j]) * s[j] >= DIVERGING * largest;
    }
    return named(picked, names);
  }

  private static boolean singular(FitSetup setup, GlmStatistics st, boolean[] atBound) {
    boolean[] fixed = setup.fixed();
    List<GlmStatistics.Coefficient> rows = st.coefficients();
    int p = fixed.length - 1;
    for (int k = 0; k < rows.size(); k++) {
      int j = k == 0 ? p : k - 1;
      if (!fixed[j] && Double.isNaN(rows.get(k).stdError()) && !(j < p && atBound[j])) {
        return true;
      }
    }
    return false;
  }
}
