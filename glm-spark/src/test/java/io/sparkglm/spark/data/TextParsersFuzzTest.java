package io.sparkglm.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.spark.data.FuzzRows.Line;
import io.sparkglm.spark.data.FuzzRows.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzz tests of the CSV and LIBSVM readers below Spark: the fuzzer's bytes are a whole file, cut
 * into lines as Hadoop's text reader cuts them, parsed by {@link CsvParser} / {@link LibsvmParser} and packed into
 * blocks by {@link BlockIterator} (directly, and through {@link RowBuffer#pack()} as across a repartition), for
 * every family's label domain. Every file must end in one of two ways: the rows an independent, plain reading of
 * the format gives (same numbers, zero weights dropped), or a {@link DataFormatException} for the first bad line
 * that names its byte offset (whose line number {@link LineNumbers#lineAt} finds), a column and what is wrong.
 * Any other exception, a hang or a row the plain reading rejects is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} (the normal build) each method runs once per seed in
 * {@code TextParsersFuzzTestInputs/<method>/}; {@code scripts/fuzz} fuzzes them.
 */
class TextParsersFuzzTest {
  private static final Family[] FAMILIES = {Family.gaussian(), Family.binomial(), Family.poisson(), Family.gamma()};
  private static final int BLOCK_ROWS = 3;
  private static final Configuration CONF = new Configuration();

  private static final Path DIR = FuzzRows.scratchDir("sparkglm-text-fuzz");
  private static final String CSV_FILE = DIR.resolve("data.csv").toUri().toString();
  private static final String LIBSVM_FILE = DIR.resolve("data.libsvm").toUri().toString();

  @FuzzTest(maxDuration = "60s")
  void csv(byte[] bytes) {
    String file = CSV_FILE;
    List<Line> lines = FuzzRows.lines(bytes);
    Set<Line> bad = new LinkedHashSet<>();
    for (Family family : FAMILIES) {
      checkCsv(bytes, file, lines, family, bad);
    }
    checkLineNumbers(bytes, file, lines, bad);
  }

  @FuzzTest(maxDuration = "60s")
  void libsvm(byte[] bytes) {
    String file = LIBSVM_FILE;
    List<Line> lines = FuzzRows.lines(bytes);
    int inferred = 0;
    for (Line line : lines) {
      inferred = Math.max(inferred, LibsvmParser.lastIndex(line.text()));
    }
    Set<Line> bad = new LinkedHashSet<>();
    for (Family family : FAMILIES) {
      checkLibsvm(file, lines, inferred, family, bad);
    }
    checkLibsvm(file, lines, 4, Family.gaussian(), bad);
    checkLineNumbers(bytes, file, lines, bad);
  }

  /**
   * The driver turns an error's byte offset into the line number of its message ({@code BlockLoader.describe},
   * {@link LineNumbers#lineAt}, reading the file): it must be the number of the line the offset starts.
   */
  private static void checkLineNumbers(byte[] bytes, String file, List<Line> lines, Set<Line> bad) {
    // With only \n terminators before it the count is plain; reading the file costs more than the rest of a run.
    bad.removeIf(line -> !hasCr(bytes, line.offset()));
    if (bad.isEmpty()) {
      return;
    }
    try {
      Files.write(Path.of(java.net.URI.create(file)), bytes);
      for (Line line : bad) {
        assertEquals(line.number(), LineNumbers.lineAt(CONF, file, line.offset()),
            () -> "line number of byte offset " + line.offset() + " in " + Arrays.toString(lines.toArray()));
      }
    } catch (IOException io) {
      throw new UncheckedIOException(io);
    }
  }

  /**
   * LIBSVM indices may have leading zeros, as Spark's reader allows: up to 10 characters were read, longer ones
   * rejected as "not an integer >= 1" (a fuzzer finding, issue 14; seeds leading-zeros-index*.libsvm).
   */
  @Test
  void libsvmIndicesMayHaveLeadingZeros() {
    LibsvmParser parser = new LibsvmParser(5, Family.gaussian());
    RowBuffer row = new RowBuffer();
    assertTrue(parser.parseInto("f", 0, "0 00000000000001:02 000000000000000000000005:2", row));
    assertEquals(2, row.count);
    assertEquals(List.of(0, 4), List.of(row.indices[0], row.indices[1]));
    assertEquals(List.of(2.0, 2.0), List.of(row.values[0], row.values[1]));
    assertEquals(5, LibsvmParser.lastIndex("0 1:1 0000000000005:2"));
    DataFormatException zero = assertThrows(DataFormatException.class, () -> parser.parseInto("f", 7, "1 000:1",
        row));
    assertEquals("f byte offset 7, token 2 '000:1': index '000' is not an integer >= 1", zero.getMessage());
    DataFormatException big = assertThrows(DataFormatException.class, () -> parser.parseInto("f", 7,
        "1 0000000000006:1", row));
    assertEquals("f byte offset 7, token 2 '0000000000006:1': index 6 exceeds numFeatures 5", big.getMessage());
  }

  private static boolean hasCr(byte[] bytes, long end) {
    for (int i = 0; i < end; i++) {
      if (bytes[i] == '\r') {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------- CSV

  private static void checkCsv(byte[] bytes, String file, List<Line> lines, Family family, Set<Line> bad) {
    if (bytes.length == 0) {
      return; // TextBlocks: "every file at ... is empty" before any parsing
    }
    String header = LineNumbers.stripBom(firstLine(bytes));
    if (header.isBlank()) {
      return; // TextBlocks: "the header row is empty"
    }
    List<String> names = headerNames(LineNumbers.stripBom(header).strip());
    String label = names.contains("y") ? "y" : "label";
    String weight = firstPresent(names, "wt", "w", "weight");
    String offset = firstPresent(names, "off", "offset");
    CsvParser parser;
    try {
      parser = CsvParser.forHeader(file, header, label, weight, offset, family);
    } catch (IllegalArgumentException e) {
      boolean repeats = names.stream().distinct().count() < names.size();
      assertTrue(repeats || !names.contains(label), "header accepted by the plain reading: " + e.getMessage());
      assertTrue(e.getMessage().startsWith(file + (repeats ? " line 1: " : ": ")), e.getMessage());
      return;
    }
    int p = parser.numFeatures();
    Expected expected = csvReference(lines, LineNumbers.stripBom(header).strip(), names, label, weight, offset,
        family);
    Outcome direct = run(lines, parser, p, weight != null, offset != null, false, file);
    Outcome packed = run(lines, parser, p, weight != null, offset != null, true, file);
    compare(expected, direct, packed, bad);
  }

  /** {@link LineNumbers#firstLine}: the bytes up to the first line terminator, as UTF-8. */
  private static String firstLine(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
      end++;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  private static String firstPresent(List<String> names, String... candidates) {
    for (String c : candidates) {
      if (names.contains(c)) {
        return c;
      }
    }
    return null;
  }

  private static List<String> headerNames(String header) {
    List<String> names = new ArrayList<>();
    for (String field : header.split(",", -1)) {
      names.add(unquote(field.strip()));
    }
    return names;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  /** The plain reading of a CSV file: split on commas, trim, unquote, Double.parseDouble. */
  private static Expected csvReference(List<Line> lines, String header, List<String> names, String label,
      String weight, String offset, Family family) {
    List<Row> rows = new ArrayList<>();
    for (Line line : lines) {
      String text = line.text();
      if (line.offset() == 0) {
        if (!LineNumbers.stripBom(text).strip().equals(header)) {
          return Expected.error(line, "the header differs");
        }
        continue;
      }
      if (text.isBlank()) {
        continue;
      }
      String[] fields = text.split(",", -1);
      if (fields.length != names.size()) {
        return Expected.error(line, fields.length + " fields, the header has " + names.size());
      }
      double y = 0;
      double w = 1;
      double off = 0;
      List<Integer> idx = new ArrayList<>();
      List<Double> val = new ArrayList<>();
      for (int k = 0; k < fields.length; k++) {
        Double v = number(unquote(fields[k].strip()));
        if (v == null) {
          return Expected.error(line, "field " + (k + 1) + " '" + fields[k] + "' is not a finite number");
        }
        String name = names.get(k);
        if (name.equals(label)) {
          if (!family.isValidLabel(v)) {
            return Expected.error(line, "label " + v + " outside " + family.labelDomain());
          }
          y = v;
        } else if (name.equals(weight)) {
          if (v < 0) {
            return Expected.error(line, "negative weight");
          }
          w = v;
        } else if (name.equals(offset)) {
          off = v;
        } else {
          idx.add(idx.size());
          val.add(v);
        }
      }
      if (w > 0) {
        rows.add(Row.of(y, w, off, idx, val));
      }
    }
    return Expected.rows(rows);
  }

  /** Double.parseDouble's value when finite, else null. */
  private static Double number(String s) {
    try {
      double v = Double.parseDouble(s);
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------- LIBSVM

  private static void checkLibsvm(String file, List<Line> lines, int p, Family family, Set<Line> bad) {
    LibsvmParser parser = new LibsvmParser(p, family);
    Expected expected = libsvmReference(lines, p, family);
    Outcome direct = run(lines, parser, p, false, false, false, file);
    Outcome packed = run(lines, parser, p, false, false, true, file);
    compare(expected, direct, packed, bad);
  }

  /** The plain reading of a LIBSVM file: '#' starts a comment, whitespace separates tokens, idx:value. */
  private static Expected libsvmReference(List<Line> lines, int p, Family family) {
    List<Row> rows = new ArrayList<>();
    for (Line line : lines) {
      String text = line.text();
      int hash = text.indexOf('#');
      List<String> tokens = tokens(hash < 0 ? text : text.substring(0, hash));
      if (tokens.isEmpty()) {
        continue;
      }
      Double y = number(tokens.get(0));
      if (y == null || !family.isValidLabel(y)) {
        return Expected.error(line, "bad label '" + tokens.get(0) + "'");
      }
      List<Integer> idx = new ArrayList<>();
      List<Double> val = new ArrayList<>();
      long previous = 0;
      for (String token : tokens.subList(1, tokens.size())) {
        int colon = token.indexOf(':');
        String digits = colon < 0 ? "" : token.substring(0, colon);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
          return Expected.error(line, "token '" + token + "' is not index:value");
        }
        BigInteger index = new BigInteger(digits);
        if (index.compareTo(BigInteger.valueOf(previous)) <= 0 || index.compareTo(BigInteger.valueOf(p)) > 0) {
          return Expected.error(line, "index " + index + " after " + previous + ", p = " + p);
        }
        Double v = number(token.substring(colon + 1));
        if (v == null) {
          return Expected.error(line, "value of '" + token + "' is not a finite number");
        }
        previous = index.longValueExact();
        idx.add((int) previous - 1);
        val.add(v);
      }
      rows.add(Row.of(y, 1.0, 0.0, idx, val));
    }
    return Expected.rows(rows);
  }

  private static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------- both

  /** What the plain reading expects: the kept rows, or an error at a line. */
  private record Expected(List<Row> rows, Line badLine, String why) {
    static Expected rows(List<Row> rows) {
      return new Expected(rows, null, null);
    }

    static Expected error(Line line, String why) {
      return new Expected(null, line, why);
    }
  }

  /** What the reader gave: the rows of its blocks, or its data error. */
  private record Outcome(List<Row> rows, DataFormatException error) {}

  /**
   * Parses every line into blocks of {@link #BLOCK_ROWS} rows as a partition of {@link TextBlocks} does, the rows
   * optionally packed and unpacked on the way (the repartition path); a data error ends the run.
   */
  private static Outcome run(List<Line> lines, LineParser parser, int p, boolean hasWeights, boolean hasOffsets,
      boolean packed, String file) {
    int[] next = {0};
    RowBuffer parsed = new RowBuffer();
    RowSource source = row -> {
      while (next[0] < lines.size()) {
        Line line = lines.get(next[0]++);
        RowBuffer target = packed ? parsed : row;
        if (parser.parseInto(file, line.offset(), line.text(), target)) {
          if (packed) {
            row.unpack(parsed.pack());
          }
          return true;
        }
      }
      return false;
    };
    List<Block> blocks = new ArrayList<>();
    try {
      BlockIterator it = new BlockIterator(source, p, BLOCK_ROWS, hasWeights, hasOffsets);
      while (it.hasNext()) {
        blocks.add(it.next());
      }
    } catch (DataFormatException e) {
      FuzzRows.checkMessage(e, file);
      return new Outcome(null, e);
    }
    return new Outcome(FuzzRows.rows(blocks, p, hasWeights, hasOffsets), null);
  }

  /** Checks the reader's outcome against the plain reading; adds the line of a data error to {@code bad}. */
  private static void compare(Expected expected, Outcome direct, Outcome packed, Set<Line> bad) {
    if (expected.rows() != null) {
      if (direct.error() != null) {
        fail("rejected a file the plain reading accepts: " + direct.error().getMessage());
      }
      assertEquals(expected.rows(), direct.rows());
      assertEquals(expected.rows(), packed.rows(), "packed rows");
      return;
    }
    if (direct.error() == null) {
      fail("accepted line " + expected.badLine().number() + " '" + expected.badLine().text()
          + "' the plain reading rejects (" + expected.why() + "): " + direct.rows());
    }
    DataFormatException e = direct.error();
    assertEquals(expected.badLine().offset(), e.byteOffset(), () -> "error at the wrong line (expected line "
        + expected.badLine().number() + ", " + expected.why() + "): " + e.getMessage());
    assertTrue(packed.error() != null && packed.error().getMessage().equals(e.getMessage()),
        () -> "packed: " + packed);
    bad.add(expected.badLine());
  }
}
