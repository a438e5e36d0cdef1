package io.sparkglm.spark.solver;

import breeze.linalg.DenseVector;
import breeze.optimize.DiffFunction;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;
import scala.Tuple2;

/**
 * Breeze {@code DiffFunction<DenseVector<Double>>}s whose {@code calculate(x)} is a Java function.
 *
 * <p>Why this is not a plain {@code implements}: the Scala trait inherits both {@code scala.Function1}'s
 * abstract {@code Object apply(T)} and {@code StochasticDiffFunction}'s default {@code double apply(T)}. The
 * Scala compiler reconciles them with a bridge method; javac cannot declare both, refuses any Java subclass
 * of a Scala class that has them ({@code CachedDiffFunction}), and {@link java.lang.reflect.Proxy} refuses the
 * interface too. {@link LambdaMetafactory} (the machinery behind Java and Scala lambdas) has no such check:
 * it spins a class implementing {@code calculate}, and every default method of the trait ({@code valueAt},
 * {@code gradientAt}, {@code cached}, the {@code double apply}) works through it. Only the erased
 * {@code Object apply(Object)} of {@code Function1} is left unimplemented; Breeze's L-BFGS and OWL-QN never
 * call it (they call {@code calculate}, or {@code valueAt}/{@code gradientAt} which call it), and a call
 * through a {@code Function1}-typed reference would throw {@link AbstractMethodError}.
 */
final class BreezeDiffFunction {
  private static final MethodHandle FACTORY = factory();

  private BreezeDiffFunction() {
  }

  /**
   * The Breeze function whose {@code calculate(x)} is {@code calculate.apply(x)}.
   *
   * @param calculate returns {@code (f(x), grad f(x))}, the value boxed as a {@link Double}
   */
  @SuppressWarnings("unchecked")
  static DiffFunction<DenseVector<Object>> of(
      Function<DenseVector<Object>, Tuple2<Object, DenseVector<Object>>> calculate) {
    try {
      return (DiffFunction<DenseVector<Object>>) FACTORY.invoke(calculate);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot create a Breeze DiffFunction", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Tuple2<Object, DenseVector<Object>> calculate(Function<DenseVector<Object>,
      Tuple2<Object, DenseVector<Object>>> calculate, Object x) {
    return calculate.apply((DenseVector<Object>) x);
  }

  private static MethodHandle factory() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodType erased = MethodType.methodType(Tuple2.class, Object.class);
      MethodHandle impl = lookup.findStatic(BreezeDiffFunction.class, "calculate",
          MethodType.methodType(Tuple2.class, Function.class, Object.class));
      CallSite site = LambdaMetafactory.metafactory(lookup, "calculate",
          MethodType.methodType(DiffFunction.class, Function.class), erased, impl, erased);
      return site.getTarget();
    } catch (ReflectiveOperationException | java.lang.invoke.LambdaConversionException | RuntimeException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
