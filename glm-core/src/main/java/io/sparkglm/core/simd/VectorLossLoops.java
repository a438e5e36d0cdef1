package io.sparkglm.core.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LossLoops} on the incubating Vector API: {@code S.length()} rows per step (8 with AVX-512), with the
 * lanewise {@code EXP} and {@code LOG1P} that C2 compiles to SVML calls on x86; the last
 * {@code n mod S.length()} rows go through the scalar loops. The formulas are those of
 * {@link ScalarLossLoops}, lane by lane; only the summation order of the value differs (one partial sum per
 * lane). Loaded only through {@link SimdSelection}, when {@code jdk.incubator.vector} is present. The species is
 * {@code SPECIES_MAX}, as in {@link VectorDenseGram} (shared type profiles with VectorBLAS).
 */
final class VectorLossLoops implements LossLoops {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_MAX;

  VectorLossLoops() {
  }

  @Override
  public boolean vectorized() {
    return true;
  }

  @Override
  public double binomialLogit(double[] y, double[] eta, double[] w, int n, double[] d1Out, double[] d2Out) {
    final int step = S.length();
    final int bound = S.loopBound(n);
    DoubleVector acc = DoubleVector.zero(S);
    for (int i = 0; i < bound; i += step) {
      DoubleVector t = DoubleVector.fromArray(S, eta, i);
      DoubleVector yv = DoubleVector.fromArray(S, y, i);
      DoubleVector e = t.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector onePlus = e.add(1.0);
      DoubleVector value = t.max(0.0).add(e.lanewise(VectorOperators.LOG1P)).sub(yv.mul(t));
      DoubleVector r = e.blend(1.0, t.compare(VectorOperators.GE, 0.0)).div(onePlus).sub(yv);
      DoubleVector c = d2Out == null ? null : e.div(onePlus.mul(onePlus));
      if (w != null) {
        DoubleVector wv = DoubleVector.fromArray(S, w, i);
        VectorMask<Double> zero = wv.compare(VectorOperators.EQ, 0.0);
        value = value.mul(wv).blend(0.0, zero);
        r = r.mul(wv).blend(0.0, zero);
        c = c == null ? null : c.mul(wv).blend(0.0, zero);
      }
      acc = acc.add(value);
      r.intoArray(d1Out, i);
      if (c != null) {
        c.intoArray(d2Out, i);
      }
    }
    return acc.reduceLanes(VectorOperators.ADD)
        + ScalarLossLoops.binomialLogitRows(y, eta, w, bound, n, d1Out, d2Out);
  }

  @Override
  public double binomialLogitValue(double[] y, double[] eta, double[] w, int n) {
    final int step = S.length();
    final int bound = S.loopBound(n);
    DoubleVector acc = DoubleVector.zero(S);
    for (int i = 0; i < bound; i += step) {
      DoubleVector t = DoubleVector.fromArray(S, eta, i);
      DoubleVector yv = DoubleVector.fromArray(S, y, i);
      DoubleVector e = t.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector value = t.max(0.0).add(e.lanewise(VectorOperators.LOG1P)).sub(yv.mul(t));
      if (w != null) {
        DoubleVector wv = DoubleVector.fromArray(S, w, i);
        value = value.mul(wv).blend(0.0, wv.compare(VectorOperators.EQ, 0.0));
      }
      acc = acc.add(value);
    }
    return acc.reduceLanes(VectorOperators.ADD) + ScalarLossLoops.binomialLogitValueRows(y, eta, w, bound, n);
  }

  @Override
  public double poissonLog(double[] y, double[] eta, double[] w, int n, double[] d1Out, double[] d2Out) {
    final int step = S.length();
    final int bound = S.loopBound(n);
    DoubleVector acc = DoubleVector.zero(S);
    for (int i = 0; i < bound; i += step) {
      DoubleVector t = DoubleVector.fromArray(S, eta, i);
      DoubleVector yv = DoubleVector.fromArray(S, y, i);
      DoubleVector mu = t.lanewise(VectorOperators.EXP);
      DoubleVector value = mu.sub(yv.mul(t));
      DoubleVector r = mu.sub(yv);
      DoubleVector c = mu;
      if (w != null) {
        DoubleVector wv = DoubleVector.fromArray(S, w, i);
        VectorMask<Double> zero = wv.compare(VectorOperators.EQ, 0.0);
        value = value.mul(wv).blend(0.0, zero);
        r = r.mul(wv).blend(0.0, zero);
        c = c.mul(wv).blend(0.0, zero);
      }
      acc = acc.add(value);
      r.intoArray(d1Out, i);
      if (d2Out != null) {
        c.intoArray(d2Out, i);
      }
    }
    return acc.reduceLanes(VectorOperators.ADD) + ScalarLossLoops.poissonLogRows(y, eta, w, bound, n, d1Out, d2Out);
  }

  @Override
  public double poissonLogValue(double[] y, double[] eta, double[] w, int n) {
    final int step = S.length();
    final int bound = S.loopBound(n);
    DoubleVector acc = DoubleVector.zero(S);
    for (int i = 0; i < bound; i += step) {
      DoubleVector t = DoubleVector.fromArray(S, eta, i);
      DoubleVector yv = DoubleVector.fromArray(S, y, i);
      DoubleVector value = t.lanewise(VectorOperators.EXP).sub(yv.mul(t));
      if (w != null) {
        DoubleVector wv = DoubleVector.fromArray(S, w, i);
        value = value.mul(wv).blend(0.0, wv.compare(VectorOperators.EQ, 0.0));
      }
      acc = acc.add(value);
    }
    return acc.reduceLanes(VectorOperators.ADD) + ScalarLossLoops.poissonLogValueRows(y, eta, w, bound, n);
  }
}
