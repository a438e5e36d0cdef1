package io.sparkglm.core.fit;

import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.core.solver.ScaledDataTerm;

/**
 * Turns a {@link GlmSpec} and the data's {@link FeatureStats} into the problem a solver sees.
 *
 * <ul>
 *   <li><b>Penalty</b> in the original coefficients: {@code lambda*(alpha*sum f_j|b_j| + (1-alpha)/2*sum
 *       f_j^2 b_j^2)} with {@code f_j = s_j} under standardization (glmnet's convention; {@code s_j} the weighted
 *       population sd, or the root mean square without an intercept, as glmnet does) and {@code f_j = 1}
 *       otherwise.</li>
 *   <li><b>Fixed coordinates</b>: a feature with {@code s_j = 0} carries no information beyond the intercept
 *       and its coefficient is 0 (glmnet excludes constant columns likewise); without an intercept only
 *       all-zero columns are fixed. The intercept is fixed at 0 when not fitted.</li>
 *   <li><b>Solver variables</b> {@code c}: features scaled by their spread and, with an intercept, centered
 *       ({@link Reparametrization}); this is only a change of variables for conditioning, with the same
 *       optimum, whatever {@code standardize} says.</li>
 *   <li><b>Start</b>: all coefficients 0 and the intercept at {@code g(weighted mean of y)} minus the mean
 *       offset, the intercept-only fit when there is no offset.</li>
 * </ul>
 */
public final class FitSetup {
  private final GlmSpec spec;
  private final FeatureStats stats;
  private final boolean[] fixed;
  private final boolean[] aliased;
  private final boolean[] excluded;
  private final double[] spread;
  private final Penalty penalty;
  private final Reparametrization map;
  private final Penalty solverPenalty;

  private FitSetup(GlmSpec spec, FeatureStats stats, boolean[] aliased, boolean[] excluded) {
    this.spec = spec;
    this.stats = stats;
    int p = stats.numFeatures();
    this.aliased = aliased.clone();
    this.excluded = excluded.clone();
    double[] sd = stats.sd();
    double[] mean = stats.mean();
    double[] rms = stats.rootMeanSquare();
    this.spread = spec.fitIntercept() ? sd : rms;
    this.fixed = new boolean[p + 1];
    double[] scale = new double[p];
    for (int j = 0; j < p; j++) {
      fixed[j] = !(spread[j] > 0) || (spec.fitIntercept() && !(sd[j] > 1e-14 * Math.max(1.0, Math.abs(mean[j]))));
      scale[j] = fixed[j] ? 1.0 : spread[j];
      fixed[j] |= aliased[j] || excluded[j];
    }
    fixed[p] = !spec.fitIntercept();
    this.penalty = Penalty.elasticNet(p, spec.regParam(), spec.elasticNetParam(),
        spec.standardize() ? scale : null, spec.penaltyFactors(), fixed)
        .withBounds(spec.lowerBounds(), spec.upperBounds());
    this.map = new Reparametrization(scale, spec.fitIntercept() ? mean : null);
    this.solverPenalty = penalty.rescaled(scale);
  }

  /** Sets up the problem of {@code spec} on data summarized by {@code stats}. */
  public static FitSetup of(GlmSpec spec, FeatureStats stats) {
    if (stats.rows() == 0 || !(stats.weightSum() > 0)) {
      throw new IllegalArgumentException("no training rows (rows=" + stats.rows() + ", weight sum="
          + stats.weightSum() + ")");
    }
    return new FitSetup(spec, stats, new boolean[stats.numFeatures()], new boolean[stats.numFeatures()]);
  }

  /**
   * Whether the fit must find its aliased columns first ({@link ColumnRank}): an unpenalized fit (no penalty
   * makes the solution unique when a column is a combination of others) of at most {@code maxFeatures}
   * features (the rank pass gathers a {@code p x p} matrix on the driver).
   */
  public boolean needsColumnRank(int maxFeatures) {
    return spec.regParam() == 0.0 && stats.numFeatures() <= maxFeatures;
  }

  /** The accumulator of the rank pass over this setup's columns (constant columns left out). */
  public ColumnRank columnRank() {
    int p = stats.numFeatures();
    double[] scale = new double[p];
    for (int j = 0; j < p; j++) {
      scale[j] = fixed[j] ? 1.0 : spread[j];
    }
    return new ColumnRank(spec.fitIntercept() ? stats.mean() : null, scale, java.util.Arrays.copyOf(fixed, p));
  }

  /** This setup with {@code aliased} columns (length p) also held at zero. */
  public FitSetup withAliased(boolean[] aliasedColumns) {
    if (aliasedColumns.length != stats.numFeatures()) {
      throw new IllegalArgumentException("aliased has length " + aliasedColumns.length + ", expected "
          + stats.numFeatures());
    }
    return new FitSetup(spec, stats, aliasedColumns, excluded);
  }

  /**
   * This setup with the features {@code excludedColumns} (length p; copied) also held at zero: the features a
   * regularization path's strong rule leaves out of the fit at one lambda (every solver keeps fixed coordinates
   * where they start, at zero), to be checked against the KKT conditions of the full problem afterwards. Unlike
   * {@link #aliased}, they are not reported.
   */
  public FitSetup withExcluded(boolean[] excludedColumns) {
    if (excludedColumns.length != stats.numFeatures()) {
      throw new IllegalArgumentException("excluded has length " + excludedColumns.length + ", expected "
          + stats.numFeatures());
    }
    return new FitSetup(spec, stats, aliased, excludedColumns);
  }

  /**
   * The columns held at zero because they are combinations of the intercept and the columns before them
   * (length p, a copy); constant columns are fixed but not listed here.
   */
  public boolean[] aliased() {
    return aliased.clone();
  }

  /** The specification. */
  public GlmSpec spec() {
    return spec;
  }

  /** The data statistics. */
  public FeatureStats stats() {
    return stats;
  }

  /** The penalty on the original coefficients. */
  public Penalty penalty() {
    return penalty;
  }

  /** The penalty in the solver's variables. */
  public Penalty solverPenalty() {
    return solverPenalty;
  }

  /** The change of variables {@code b = T c}. */
  public Reparametrization reparametrization() {
    return map;
  }

  /** Which coordinates (length p+1, intercept last) are held at zero (a copy). */
  public boolean[] fixed() {
    return fixed.clone();
  }

  /** The data term in the solver's variables. */
  public DataTerm solverView(DataTerm original) {
    return new ScaledDataTerm(original, map, fixed);
  }

  /** The starting point in the solver's variables (projected onto the coefficient bounds, if any). */
  public double[] startInSolverSpace() {
    double[] c = map.fromOriginal(interceptOnly());
    solverPenalty.projectInPlace(c);
    return c;
  }

  /** All coefficients 0 and the intercept at {@code g(weighted mean of y)} minus the mean offset. */
  private double[] interceptOnly() {
    int p = stats.numFeatures();
    double[] b = new double[p + 1];
    if (spec.fitIntercept()) {
      GlmLoss loss = spec.loss();
      double mu = spec.family().startingMean(stats.labelMean());
      double eta = loss.linkOf(mu) - stats.offsetMean();
      b[p] = Double.isFinite(eta) ? eta : 0.0;
    }
    return b;
  }

  /**
   * A start in the solver's variables from original coefficients {@code b} (length p+1, intercept last; e.g. a
   * saved model's, for a warm start): fixed coordinates 0, projected onto the bounds.
   */
  public double[] solverStartFrom(double[] b) {
    if (b.length != stats.numFeatures() + 1) {
      throw new IllegalArgumentException("a start needs " + (stats.numFeatures() + 1) + " values (p coefficients "
          + "and the intercept), got " + b.length);
    }
    double[] c = map.fromOriginal(b);
    for (int j = 0; j < c.length; j++) {
      if (fixed[j]) {
        c[j] = 0.0;
      }
    }
    solverPenalty.projectInPlace(c);
    return c;
  }

  /** The starting point on the original scale (length p+1, intercept last): {@link #startInSolverSpace} mapped back. */
  public double[] startInOriginalSpace() {
    return toOriginal(startInSolverSpace());
  }

  /**
   * The KKT violation at the start ({@link #startInOriginalSpace}), the scale of the relative certificate
   * {@code kkt / kkt(start)} (glmnet and H2O report convergence relative to the gradient at the null model; for
   * the lasso this is {@code alpha * lambda_max} off by the penalty's own part). Computed from the first pass's
   * moments without another pass: at a constant linear predictor {@code eta0} every GLM loss has a derivative
   * affine in the label, {@code l'(y, eta0) = a + b y}, so the gradient is {@code a m_j + b E_w[y x_j]}; exact
   * without offsets, taken at the mean offset with them.
   */
  public double startKktViolation() {
    int p = stats.numFeatures();
    double[] start = toOriginal(map.fromOriginal(interceptOnly()));
    double eta0 = start[p] + stats.offsetMean();
    GlmLoss loss = spec.loss();
    double a = loss.derivative(0.0, eta0);
    double slope = loss.derivative(1.0, eta0) - a;
    double[] mean = stats.mean();
    double[] cross = stats.labelFeatureMean();
    double[] g = new double[p + 1];
    for (int j = 0; j < p; j++) {
      g[j] = fixed[j] ? 0.0 : a * mean[j] + slope * cross[j];
    }
    g[p] = fixed[p] ? 0.0 : a + slope * stats.labelMean();
    return kktViolation(start, g);
  }

  /**
   * The stopping rule to hand the solver, so that its own measure at most {@code stop.tolerance()} bounds the
   * certificate ({@link #kktViolation}) by the same tolerance. The solver measures the KKT violation in its
   * variables {@code c} ({@code c_j = s_j b_j}, centered with an intercept), the certificate in the penalty's
   * coordinates; a data gradient in {@code c} maps to the certificate's coordinate {@code j} with a factor of at
   * most {@code s_j + |m_j|} ({@code 1 + |m_j| / s_j} under standardization; {@code m_j} only with an
   * intercept), so the solver's tolerance is divided by the largest factor (never multiplied).
   */
  public io.sparkglm.core.solver.StoppingRule solverStop(io.sparkglm.core.solver.StoppingRule stop) {
    int p = stats.numFeatures();
    double[] mean = stats.mean();
    double factor = 1.0;
    for (int j = 0; j < p; j++) {
      if (fixed[j]) {
        continue;
      }
      double m = spec.fitIntercept() ? Math.abs(mean[j]) : 0.0;
      factor = Math.max(factor, spec.standardize() ? 1.0 + m / spread[j] : spread[j] + m);
    }
    return factor == 1.0 ? stop : new io.sparkglm.core.solver.StoppingRule(stop.maxIterations(),
        stop.tolerance() / factor, stop.objectiveTolerance());
  }

  /**
   * Solver variables to original coefficients (length p+1, intercept last). A solver coordinate at its bound
   * {@code s_j l_j} maps to {@code l_j} up to rounding; the result is clipped to the bounds so that it is exactly
   * there (the certificate and the statistics tell bound coordinates by equality).
   */
  public double[] toOriginal(double[] c) {
    double[] b = map.toOriginal(c);
    for (int j = 0; j < b.length; j++) {
      if (fixed[j]) {
        b[j] = 0.0;
      } else if (c[j] == solverPenalty.lower(j)) {
        b[j] = penalty.lower(j);
      } else if (c[j] == solverPenalty.upper(j)) {
        b[j] = penalty.upper(j);
      } else {
        b[j] = penalty.clip(j, b[j]);
      }
    }
    return b;
  }

  /**
   * The features of {@code b} (original scale, length p+1) held at a finite bound: a free coordinate equal to its
   * lower or upper bound, except a 0 of an L1-penalized coordinate (the lasso's own zeros are not named).
   * Length p.
   */
  public boolean[] atBound(double[] b) {
    int p = stats.numFeatures();
    boolean[] out = new boolean[p];
    for (int j = 0; j < p; j++) {
      out[j] = penalty.atBound(j, b[j]) && !(b[j] == 0.0 && penalty.l1(j) > 0);
    }
    return out;
  }

  /** {@code F(b) = D(b) + P(b)} given {@code D(b)}. */
  public double objective(double dataValue, double[] b) {
    return dataValue + penalty.value(b);
  }

  /**
   * The optimality certificate: the largest KKT violation at {@code b} given the data-term gradient in the
   * original coefficients. Measured in the coordinates the penalty is stated in: {@code b} itself, or
   * {@code c_j = s_j b_j} under standardization (glmnet's convention, as in shared/reference).
   */
  public double kktViolation(double[] b, double[] gradient) {
    if (!spec.standardize()) {
      return penalty.kktViolation(b, gradient);
    }
    int p = stats.numFeatures();
    double[] c = b.clone();
    double[] g = gradient.clone();
    double[] s = new double[p];
    for (int j = 0; j < p; j++) {
      s[j] = fixed[j] ? 1.0 : spread[j];
      c[j] *= s[j];
      g[j] /= s[j];
    }
    return penalty.rescaled(s).kktViolation(c, g);
  }
}
