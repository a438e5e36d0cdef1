package io.sparkglm.core.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * In a fresh JVM without {@code --add-modules=jdk.incubator.vector} (as on an executor without the project's
 * JVM flags) the scalar implementations are selected, the Vector API classes are never linked, and the
 * results are bit-for-bit those of the scalar implementations here.
 */
class ScalarFallbackTest {

  @Test
  void withoutTheModuleTheScalarLoopsRun() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process proc = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        FallbackProbe.class.getName())).redirectErrorStream(true).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    proc.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, proc.exitValue(), out);
    double expected = FallbackProbe.checksum(LossLoops.scalar(), DenseGram.scalar());
    assertEquals("false true " + Long.toHexString(Double.doubleToRawLongBits(expected)), out);
  }
}
