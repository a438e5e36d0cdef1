package io.sparkglm.core.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseGram} on the incubating Vector API, as a small GEMM with register tiles. Rows are taken
 * {@value #CHUNK} at a time and copied, padded with zeros to {@code q = p+1} rounded up to a multiple of
 * {@code max(L, 4)} ({@code L} the vector length), into {@code X1} (row {@code k} = {@code [x_k, 1, 0...]})
 * and {@code U} ({@code d_k} times that row). A padded {@code q x q} matrix {@code G} accumulates
 * {@code U' X1} by tiles of 4 rows by {@code L} columns held in registers while the chunk's rows stream by
 * (4 broadcast fused multiply-adds per loaded vector); only tiles touching the upper triangle are computed.
 * At the end of the block the upper triangle of {@code G} is added to {@code H}. No square roots; the padding
 * contributes exact zeros.
 *
 * <p>The species is {@code SPECIES_MAX}, the one dev.ludovic.netlib's VectorBLAS uses: with
 * {@code SPECIES_PREFERRED} (a different class of the same size) the mixed type profiles of the shared Vector
 * API methods made C2 box the accumulators, 10x slower.
 */
final class VectorDenseGram implements DenseGram {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_MAX;
  /** Rows per chunk: {@code 2 * CHUNK * q} doubles of X1 and U stay in L1/L2 for the tiles' passes. */
  static final int CHUNK = 32;

  VectorDenseGram() {
  }

  @Override
  public double[] addWeightedGramInto(double[] x, int n, int p, double[] d, double[] hessOut, double[] scratch) {
    if (n == 0) {
      return scratch;
    }
    final int align = Math.max(S.length(), 4);
    final int q = (p + 1 + align - 1) / align * align;
    final int chunkLen = CHUNK * q;
    final int need = 2 * chunkLen + q * q;
    final double[] s = scratch != null && scratch.length >= need ? scratch : new double[need];
    final int xOff = 0;
    final int uOff = chunkLen;
    final int gOff = 2 * chunkLen;
    java.util.Arrays.fill(s, 0, need, 0.0);
    for (int i0 = 0; i0 < n; i0 += CHUNK) {
      final int rows = Math.min(CHUNK, n - i0);
      for (int k = 0; k < rows; k++) {
        final int src = (i0 + k) * p;
        final int xr = xOff + k * q;
        final int ur = uOff + k * q;
        final double dk = d[i0 + k];
        for (int j = 0; j < p; j++) {
          double v = x[src + j];
          s[xr + j] = v;
          s[ur + j] = dk * v;
        }
        s[xr + p] = 1.0;
        s[ur + p] = dk;
      }
      accumulateTiles(s, xOff, uOff, gOff, q, rows);
    }
    final int p1 = p + 1;
    for (int a = 0; a < p1; a++) {
      final int g = gOff + a * q;
      final int h = a * p1;
      for (int b = a; b < p1; b++) {
        hessOut[h + b] += s[g + b];
      }
    }
    return s;
  }

  /** {@code G[a][b0..b0+L) += sum_k U[k][a] X1[k][b0..b0+L)} for 4 rows {@code a} per tile, upper tiles only. */
  private static void accumulateTiles(double[] s, int xOff, int uOff, int gOff, int q, int rows) {
    final int lanes = S.length();
    for (int a0 = 0; a0 < q; a0 += 4) {
      final int g0 = gOff + a0 * q;
      final int g1 = g0 + q;
      final int g2 = g1 + q;
      final int g3 = g2 + q;
      for (int b0 = a0 / lanes * lanes; b0 < q; b0 += lanes) {
        DoubleVector acc0 = DoubleVector.fromArray(S, s, g0 + b0);
        DoubleVector acc1 = DoubleVector.fromArray(S, s, g1 + b0);
        DoubleVector acc2 = DoubleVector.fromArray(S, s, g2 + b0);
        DoubleVector acc3 = DoubleVector.fromArray(S, s, g3 + b0);
        for (int k = 0; k < rows; k++) {
          final int u = uOff + k * q + a0;
          DoubleVector xv = DoubleVector.fromArray(S, s, xOff + k * q + b0);
          acc0 = xv.fma(DoubleVector.broadcast(S, s[u]), acc0);
          acc1 = xv.fma(DoubleVector.broadcast(S, s[u + 1]), acc1);
          acc2 = xv.fma(DoubleVector.broadcast(S, s[u + 2]), acc2);
          acc3 = xv.fma(DoubleVector.broadcast(S, s[u + 3]), acc3);
        }
        acc0.intoArray(s, g0 + b0);
        acc1.intoArray(s, g1 + b0);
        acc2.intoArray(s, g2 + b0);
        acc3.intoArray(s, g3 + b0);
      }
    }
  }
}
