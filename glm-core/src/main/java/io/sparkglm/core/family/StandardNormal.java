package io.sparkglm.core.family;

/**
 * The standard normal distribution: density {@code phi(x) = e^{-x^2/2} / sqrt(2 pi)}, distribution
 * function {@code Phi(x)}, its logarithm, the ratio {@code phi(x) / Phi(x)}, the quantile
 * {@code Phi^-1(p)} and the complementary error function {@code erfc(x) = 2 Phi(-x sqrt 2)}.
 *
 * <p>{@code Phi} uses W. J. Cody's near-minimax rational approximations (Cody, "Rational Chebyshev
 * approximations for the error function", Math. Comp. 23, 1969, 631-637; ANORM in Cody, "Algorithm 715:
 * SPECFUN", ACM TOMS 19, 1993, 22-32), which approximate {@code Phi} to about 18 significant digits, so
 * in double precision the relative error is a few ulps (about {@code 1e-15}) over the whole range. Three
 * regions of {@code z = |x|}:
 * <ul>
 *   <li>{@code z <= 0.66291}: {@code Phi(x) = 1/2 + x A(x^2)};</li>
 *   <li>{@code 0.66291 < z <= sqrt(32)}: {@code Phi(-z) = e^{-z^2/2} C(z)};</li>
 *   <li>{@code z > sqrt(32)}: {@code Phi(-z) = e^{-z^2/2} (1/sqrt(2 pi) - s P(s)) / z} with
 *       {@code s = 1/z^2}.</li>
 * </ul>
 * In the last two regions the lower tail is kept in the scaled form {@code T(z) = Phi(-z) e^{z^2/2}},
 * so {@code log Phi(-z) = -z^2/2 + log T(z)} and {@code phi(-z)/Phi(-z) = 1/(sqrt(2 pi) T(z))} are
 * accurate far beyond the underflow of {@code Phi} itself ({@code z > 38.5}); {@code e^{-z^2/2}} is
 * evaluated with the exponent split at a multiple of 1/16 so that {@code z^2} carries no rounding error.
 */
public final class StandardNormal {
  /** {@code 1 / sqrt(2 pi)}. */
  static final double INV_SQRT_2PI = 0.398942280401432677939946059934;
  /** {@code log(sqrt(2 pi))}. */
  static final double LOG_SQRT_2PI = 0.918938533204672741780329736406;
  private static final double SQRT_2 = 1.41421356237309504880168872421;
  private static final double SQRT_32 = 5.65685424949238019520675489683;
  private static final double CENTRAL = 0.66291;

  // Cody (1993), ANORM: Phi(x) = 1/2 + x (A(x^2)) for |x| <= 0.66291.
  private static final double[] A = {
    2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249,
    0.065682337918207449113};
  private static final double[] B = {
    47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956};
  // 0.66291 < z <= sqrt(32).
  private static final double[] C = {
    0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226,
    2494.5375852903726711, 6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218,
    1.0765576773720192317e-8};
  private static final double[] D = {
    22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755,
    18615.571640885098091, 34900.952721145977266, 38912.003286093271411, 19685.429676859990727};
  // z > sqrt(32), in s = 1/z^2.
  private static final double[] P = {
    0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466,
    2.9112874951168792e-5, 0.02307344176494017303};
  private static final double[] Q = {
    1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244,
    7.29751555083966205e-5};

  private StandardNormal() {
  }

  /** The density {@code phi(x) = e^{-x^2/2} / sqrt(2 pi)}. */
  public static double density(double x) {
    return INV_SQRT_2PI * expMinusHalfSquare(Math.abs(x));
  }

  /** {@code Phi(x)}, relative error about {@code 1e-15}; {@code 0} below about {@code -38.5}. */
  public static double cdf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double z = Math.abs(x);
    if (z <= CENTRAL) {
      return 0.5 + x * centralRatio(x * x);
    }
    double lower = expMinusHalfSquare(z) * scaledTail(z);
    return x < 0 ? lower : 1.0 - lower;
  }

  /**
   * {@code log Phi(x)}, accurate (relative error about {@code 1e-15}) for all finite {@code x}: for
   * {@code x < -0.66291} it is {@code -x^2/2 + log T(-x)} and never underflows; for {@code x > 0.66291}
   * it is {@code log1p(-Phi(-x))}.
   */
  public static double logCdf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double z = Math.abs(x);
    if (z <= CENTRAL) {
      return Math.log(0.5 + x * centralRatio(x * x));
    }
    if (x < 0) {
      return logExpMinusHalfSquare(z) + Math.log(scaledTail(z));
    }
    return Math.log1p(-expMinusHalfSquare(z) * scaledTail(z));
  }

  /**
   * {@code phi(x) / Phi(x)} (the inverse Mills ratio of {@code -x}), accurate for all finite {@code x};
   * it behaves like {@code -x} as {@code x -> -infinity} and like {@code phi(x)} as {@code x -> +infinity}.
   */
  public static double densityOverCdf(double x) {
    double z = Math.abs(x);
    if (x < -CENTRAL) {
      return INV_SQRT_2PI / scaledTail(z);
    }
    return density(x) / cdf(x);
  }

  /**
   * {@code erfc(x) = 2 Phi(-x sqrt 2)}. The rounding of {@code x sqrt 2} adds a relative error of at most
   * about {@code 2 x^2} ulps, so the result is accurate to about {@code 1e-15} for {@code |x| <= 1},
   * {@code 1e-14} for {@code |x| <= 5} and {@code 1e-13} for {@code |x| <= 20}.
   */
  public static double erfc(double x) {
    return 2.0 * cdf(-x * SQRT_2);
  }

  /**
   * The quantile {@code Phi^-1(p)}, for {@code p} in {@code [0, 1]} ({@code -Infinity} at 0,
   * {@code +Infinity} at 1, {@code NaN} outside). Starts from Abramowitz and Stegun 26.2.23 (absolute
   * error below {@code 4.5e-4}) and takes Halley steps on {@code log Phi(x) = log p} for the lower half,
   * using the symmetry {@code Phi^-1(p) = -Phi^-1(1 - p)} for the upper half; the result satisfies
   * {@code Phi(x) = p} to a few ulps.
   */
  public static double quantile(double p) {
    if (!(p >= 0.0 && p <= 1.0)) {
      return Double.NaN;
    }
    if (p == 0.5) {
      return 0.0;
    }
    return p < 0.5 ? lowerQuantile(p) : -lowerQuantile(1.0 - p);
  }

  /** {@code Phi^-1(p)} for {@code 0 <= p < 1/2}. */
  private static double lowerQuantile(double p) {
    if (p == 0.0) {
      return Double.NEGATIVE_INFINITY;
    }
    double logP = Math.log(p);
    double t = Math.sqrt(-2.0 * logP);
    double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328))
        / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    for (int iter = 0; iter < 4; iter++) {
      // Halley on f(x) = log Phi(x) - log p: f' = r, f'' = -r (x + r), r = phi/Phi.
      double f = logCdf(x) - logP;
      double r = densityOverCdf(x);
      double newton = f / r;
      double step = newton / (1.0 + 0.5 * newton * (x + r));
      x -= step;
      if (Math.abs(step) <= 1e-16 * Math.max(1.0, Math.abs(x))) {
        break;
      }
    }
    return x;
  }

  /** {@code A(x^2)} with {@code Phi(x) = 1/2 + x A(x^2)}, for {@code |x| <= 0.66291}. */
  private static double centralRatio(double xsq) {
    double num = A[4] * xsq;
    double den = xsq;
    for (int i = 0; i < 3; i++) {
      num = (num + A[i]) * xsq;
      den = (den + B[i]) * xsq;
    }
    return (num + A[3]) / (den + B[3]);
  }

  /** {@code T(z) = Phi(-z) e^{z^2/2}} for {@code z > 0.66291}. */
  static double scaledTail(double z) {
    if (z <= SQRT_32) {
      double num = C[8] * z;
      double den = z;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * z;
        den = (den + D[i]) * z;
      }
      return (num + C[7]) / (den + D[7]);
    }
    if (z == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    double s = 1.0 / (z * z);
    double num = P[5] * s;
    double den = s;
    for (int i = 0; i < 4; i++) {
      num = (num + P[i]) * s;
      den = (den + Q[i]) * s;
    }
    return (INV_SQRT_2PI - s * (num + P[4]) / (den + Q[4])) / z;
  }

  /** {@code e^{-z^2/2}} for {@code z >= 0}, with {@code z = zr + (z - zr)}, {@code zr} a multiple of 1/16. */
  private static double expMinusHalfSquare(double z) {
    if (z > 40.0) {
      return 0.0; // e^{-800} underflows; also keeps z = Infinity from giving NaN
    }
    double zr = Math.floor(z * 16.0) / 16.0;
    double del = (z - zr) * (z + zr);
    return Math.exp(-0.5 * zr * zr) * Math.exp(-0.5 * del);
  }

  /** {@code -z^2/2} for {@code z >= 0}, summed as in {@link #expMinusHalfSquare}. */
  private static double logExpMinusHalfSquare(double z) {
    if (z == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    double zr = Math.floor(z * 16.0) / 16.0;
    double del = (z - zr) * (z + zr);
    return -0.5 * zr * zr - 0.5 * del;
  }
}
