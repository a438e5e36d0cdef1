/**
 * From a specification to a solver's problem: {@link io.sparkglm.core.fit.GlmSpec} (what to fit),
 * {@link io.sparkglm.core.fit.FeatureStats} (one pass of weighted moments) and
 * {@link io.sparkglm.core.fit.FitSetup} (penalty, fixed coordinates, change of variables, start, certificate).
 */
package io.sparkglm.core.fit;
