package io.sparkglm.core.fit;

import io.sparkglm.core.family.MultinomialLoss;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.ScaledDataTerm;
import io.sparkglm.core.solver.StoppingRule;
import java.util.Arrays;

/**
 * The problem a solver sees for a multinomial fit: a {@link FitSetup} (penalty, fixed coordinates, change of
 * variables, certificate; its spec's family and link are not used) applied to each of the {@code K} classes of the
 * class-major flat vector of length {@code K (p + 1)} ({@link MultinomialLoss}):
 * <pre>
 *   F(B) = D(B) + sum_k P(b_k)        P the FitSetup's penalty (lambda, alpha, s_j under standardize, factors)
 * </pre>
 * with every intercept unpenalized. Solvers work in {@code c = blockdiag(T^-1) b} ({@link ScaledDataTerm} maps each
 * class's block); results are mapped back by {@link #toOriginal}, which also centres them across classes
 * ({@link MultinomialLoss#centreInPlace}): the intercepts always (they are determined only up to a common shift),
 * and, where the penalty has no L1 part, the coefficients too (the minimum-norm minimizer when unpenalized, the
 * ridge's own optimum otherwise). Coefficient bounds are not supported yet.
 */
public final class MultinomialSetup {
  private final FitSetup classSetup;
  private final MultinomialLoss loss;
  private final int p;

  private MultinomialSetup(FitSetup classSetup, MultinomialLoss loss) {
    this.classSetup = classSetup;
    this.loss = loss;
    this.p = classSetup.stats().numFeatures();
  }

  /**
   * @param classSetup the setup of one class's coefficients (its spec's family and link are not used)
   * @throws IllegalArgumentException when the spec has coefficient bounds
   */
  public static MultinomialSetup of(FitSetup classSetup, MultinomialLoss loss) {
    if (classSetup.penalty().hasBounds()) {
      throw new IllegalArgumentException("multinomial does not support coefficient bounds yet");
    }
    return new MultinomialSetup(classSetup, loss);
  }

  /** The per-class setup. */
  public FitSetup classSetup() {
    return classSetup;
  }

  /** The loss (K). */
  public MultinomialLoss loss() {
    return loss;
  }

  /** The penalty on the original coefficients, length {@code K (p + 1)}. */
  public Penalty penalty() {
    return classSetup.penalty().perClass(loss.numClasses());
  }

  /** The penalty in the solver's variables, length {@code K (p + 1)}. */
  public Penalty solverPenalty() {
    return classSetup.solverPenalty().perClass(loss.numClasses());
  }

  /** The data term (on the original coefficients, dimension {@code K (p + 1)}) in the solver's variables. */
  public DataTerm solverView(DataTerm original) {
    return new ScaledDataTerm(original, classSetup.reparametrization(), penalty().fixedMask());
  }

  /** The start in the solver's variables: every coefficient and intercept 0 (all classes equally likely). */
  public double[] startInSolverSpace() {
    return new double[loss.dimension(p)];
  }

  /**
   * A warm start in the solver's variables: {@code b} (original scale, flat, class-major, length {@code K (p + 1)},
   * not modified) mapped class by class as {@link FitSetup#solverStartFrom} maps a binary start (fixed coordinates
   * 0); a new array.
   *
   * @throws IllegalArgumentException when {@code b} is not of length {@code K (p + 1)}
   */
  public double[] solverStartFrom(double[] b) {
    int q = p + 1;
    if (b.length != loss.dimension(p)) {
      throw new IllegalArgumentException("a multinomial start needs K (p + 1) = " + loss.dimension(p) + " values, got "
          + b.length);
    }
    double[] c = new double[b.length];
    for (int k = 0; k < loss.numClasses(); k++) {
      System.arraycopy(classSetup.solverStartFrom(Arrays.copyOfRange(b, k * q, (k + 1) * q)), 0, c, k * q, q);
    }
    return c;
  }

  /** The stopping rule for the solver, so that its own stop implies the certificate ({@link FitSetup#solverStop}). */
  public StoppingRule solverStop(StoppingRule stop) {
    return classSetup.solverStop(stop);
  }

  /**
   * Solver variables to original coefficients (flat, class-major, a new array), fixed coordinates 0, centred across
   * classes ({@link MultinomialLoss#centreInPlace}).
   */
  public double[] toOriginal(double[] c) {
    double[] b = new double[c.length];
    int q = p + 1;
    for (int k = 0; k < loss.numClasses(); k++) {
      System.arraycopy(classSetup.toOriginal(Arrays.copyOfRange(c, k * q, (k + 1) * q)), 0, b, k * q, q);
    }
    loss.centreInPlace(b, penalty());
    return b;
  }

  /** {@code F(b) = D(b) + P(b)} given {@code D(b)}. */
  public double objective(double dataValue, double[] b) {
    return dataValue + penalty().value(b);
  }

  /**
   * The optimality certificate at {@code b} (original scale, flat) given the data-term gradient there: the largest
   * KKT violation over every class's coordinates, each measured as {@link FitSetup#kktViolation} does (on
   * {@code s_j b_kj} under standardization).
   */
  public double kktViolation(double[] b, double[] gradient) {
    int q = p + 1;
    double worst = 0.0;
    for (int k = 0; k < loss.numClasses(); k++) {
      double v = classSetup.kktViolation(Arrays.copyOfRange(b, k * q, (k + 1) * q),
          Arrays.copyOfRange(gradient, k * q, (k + 1) * q));
      if (!(v <= worst)) {
        worst = v;
      }
    }
    return worst;
  }

  /** Class {@code k}'s coefficients (length p) of a flat vector. */
  public double[] coefficients(double[] b, int k) {
    return Arrays.copyOfRange(b, k * (p + 1), k * (p + 1) + p);
  }

  /** The K intercepts of a flat vector. */
  public double[] intercepts(double[] b) {
    double[] out = new double[loss.numClasses()];
    for (int k = 0; k < out.length; k++) {
      out[k] = b[k * (p + 1) + p];
    }
    return out;
  }
}
