package io.sparkglm.core.kernel;

/** How much of the local model one evaluation computes; each order includes the ones before it. */
public enum Order {
  /** The loss value only. */
  VALUE,
  /** Value and gradient. */
  GRADIENT,
  /** Value, gradient and Hessian. */
  HESSIAN;

  /** Whether this order includes {@code other}. */
  public boolean includes(Order other) {
    return compareTo(other) >= 0;
  }
}
