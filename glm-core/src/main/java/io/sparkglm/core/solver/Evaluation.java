package io.sparkglm.core.solver;

import io.sparkglm.core.kernel.Order;

/**
 * The data term and its derivatives at one point, normalized by the weight sum.
 *
 * @param value {@code D(b)}
 * @param gradient {@code grad D(b)}, length p+1; {@code null} below {@link Order#GRADIENT}
 * @param hessian full symmetric row-major {@code (p+1)^2}; {@code null} below {@link Order#HESSIAN}
 * @param order what was computed
 */
public record Evaluation(double value, double[] gradient, double[] hessian, Order order) {
}
