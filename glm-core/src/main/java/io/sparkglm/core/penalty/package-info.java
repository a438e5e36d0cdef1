/**
 * Separable elastic-net penalties, their values, smooth-part gradients, proximal operators
 * (soft-thresholding) and optimality (KKT) measures. The intercept is never penalized.
 */
package io.sparkglm.core.penalty;
