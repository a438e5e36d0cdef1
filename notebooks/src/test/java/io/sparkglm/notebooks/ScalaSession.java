package io.sparkglm.notebooks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import scala.Console$;
import scala.jdk.javaapi.CollectionConverters;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;
import scala.tools.nsc.interpreter.shell.ReplReporterImpl;

/**
 * A Scala 2.13 interpreter set up as Zeppelin's {@code %spark} interpreter sets up its own: class-based line
 * wrappers ({@code -Yrepl-class-based}, what Spark needs for closures defined in a REPL) and the JVM's
 * class path. Everything a line prints (its REPL echo, compiler messages, an exception's stack trace,
 * {@code println} and {@code System.out}) goes to one buffer, read and cleared with {@link #takeOutput()}.
 */
final class ScalaSession implements AutoCloseable {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
  private final IMain intp;

  /** A new interpreter compiling against {@code classPath} (the test JVM's full class path). */
  ScalaSession(String classPath) {
    Settings settings = new Settings();
    settings.processArguments(CollectionConverters.asScala(List.of("-Yrepl-class-based", "-feature", "-deprecation",
        "-classpath", classPath)).toList(), true);
    PrintWriter writer = new PrintWriter(out, true);
    intp = new IMain(settings, new ReplReporterImpl(settings, writer));
    if (!intp.initializeCompiler()) {
      throw new IllegalStateException("the Scala interpreter did not initialize: " + takeOutput());
    }
  }

  /** The class loader of the interpreted lines (Spark's executors must load their closures from it). */
  ClassLoader classLoader() {
    return intp.classLoader();
  }

  /** Binds {@code value} to {@code name} with the static type {@code type}. */
  void bind(String name, String type, Object value) {
    Results.Result r = intp.bind(name, type, value, CollectionConverters.asScala(List.<String>of()).toList());
    if (r != Results.Success$.MODULE$) {
      throw new IllegalStateException("could not bind " + name + ": " + takeOutput());
    }
  }

  /**
   * Compiles and runs {@code code} (any number of statements, as one Zeppelin paragraph).
   *
   * @return whether it compiled and ran without an exception
   */
  boolean run(String code) {
    PrintStream systemOut = System.out;
    System.setOut(out);
    try {
      Results.Result r = Console$.MODULE$.withOut(out, () -> intp.interpret(code));
      return r == Results.Success$.MODULE$;
    } finally {
      System.setOut(systemOut);
      out.flush();
    }
  }

  /** The output since the last call; clears it. */
  String takeOutput() {
    out.flush();
    String s = buffer.toString(StandardCharsets.UTF_8);
    buffer.reset();
    return s;
  }

  /** Where lines print; for stand-ins that print results. */
  PrintStream out() {
    return out;
  }

  @Override
  public void close() {
    intp.close();
  }
}
