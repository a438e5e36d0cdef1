package io.sparkglm.core.simd;

/**
 * Picks the implementations of {@link LossLoops#best()} and {@link DenseGram#best()} once per JVM: the Vector
 * API ones when the module {@code jdk.incubator.vector} is in the boot layer and the system property
 * {@value #PROPERTY} is not {@code false}, the scalar ones otherwise (also when a vectorized class fails to
 * load).
 */
final class SimdSelection {
  /** System property that, set to {@code false}, forces the scalar implementations. */
  static final String PROPERTY = "sparkglm.simd";
  static final boolean VECTOR_API = !"false".equalsIgnoreCase(System.getProperty(PROPERTY))
      && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  static final LossLoops LOSS_LOOPS = load("io.sparkglm.core.simd.VectorLossLoops", LossLoops.class,
      ScalarLossLoops.INSTANCE);
  static final DenseGram DENSE_GRAM = load("io.sparkglm.core.simd.VectorDenseGram", DenseGram.class,
      ScalarDenseGram.INSTANCE);

  private SimdSelection() {
  }

  private static <T> T load(String className, Class<T> type, T fallback) {
    if (!VECTOR_API) {
      return fallback;
    }
    try {
      // Loaded by name so that a JVM without the module never links the class.
      return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException | LinkageError e) {
      return fallback;
    }
  }
}
