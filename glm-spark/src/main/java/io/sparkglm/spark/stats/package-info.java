/**
 * R-style statistics at a fitted solution, from one pass that is also the fit's certificate: deviance, null
 * deviance, dispersion, AIC (the family's terms), the coefficient table with standard errors from the Fisher
 * information ({@link io.sparkglm.spark.stats.GlmStatisticsCalculator}).
 */
package io.sparkglm.spark.stats;
