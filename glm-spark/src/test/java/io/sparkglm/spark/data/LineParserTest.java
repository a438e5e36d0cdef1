package io.sparkglm.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The text parsers' number reader ({@link LineParser#parseDouble}, FastDoubleParser) against
 * {@code Double.parseDouble}: the same bits for every accepted literal, an exception for the same rejected ones,
 * read from inside a longer line.
 */
class LineParserTest {
  @Test
  void agreesWithDoubleParseDoubleBitForBit() {
    List<String> texts = new ArrayList<>(List.of("0", "-0", "1", "+1.5", "1e10", "1E-310", "4.9e-324",
        "1.7976931348623157e308", "1e309", "0.1", "3.141592653589793238462643383279", ".5", "5.", "1d", "2f",
        "0x1p3", "0x1.8p-2", "NaN", "Infinity", "-Infinity", "  7.25 ", "123456789012345678901234567890"));
    Random rnd = new Random(1);
    for (int i = 0; i < 2000; i++) {
      double v = Double.longBitsToDouble(rnd.nextLong());
      texts.add(Double.toString(v));
      double scaled = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
      texts.add(String.format(java.util.Locale.ROOT, "%.17g", scaled));
    }
    for (String t : texts) {
      String line = "x,y " + t + " ,z";
      int from = 4;
      int to = 4 + t.length();
      double expected;
      try {
        expected = Double.parseDouble(t);
      } catch (NumberFormatException e) {
        assertThrows(NumberFormatException.class, () -> LineParser.parseDouble(line, from, to), t);
        continue;
      }
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(
          LineParser.parseDouble(line, from, to)), t);
    }
  }

  @Test
  void rejectsWhatDoubleParseDoubleRejects() {
    for (String t : List.of("", "abc", "1..2", "1e", "--1", "1,5", "0x", "nan", "inf", "1 2")) {
      assertThrows(NumberFormatException.class, () -> Double.parseDouble(t), t);
      assertThrows(NumberFormatException.class, () -> LineParser.parseDouble("[" + t + "]", 1, 1 + t.length()), t);
    }
  }
}
