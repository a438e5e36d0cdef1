/**
 * From a specification to a solver's problem: {@link io.sparkglm.core.fit.GlmSpec} (what to fit),
 * {@link io.sparkglm.core.fit.FeatureStats} (one pass of weighted moments),
 * {@link io.sparkglm.core.fit.ColumnRank} (one pass: the aliased columns of an unpenalized fit) and
 * {@link io.sparkglm.core.fit.FitSetup} (penalty, fixed and aliased coordinates, change of variables, start, the
 * solver's tolerance, certificate and its scale); {@link io.sparkglm.core.fit.ThetaSums} (one pass: the negative
 * binomial's likelihood in theta at fixed means) and {@link io.sparkglm.core.fit.ThetaEstimator} (MASS's theta.ml
 * on those passes).
 */
package io.sparkglm.core.fit;
