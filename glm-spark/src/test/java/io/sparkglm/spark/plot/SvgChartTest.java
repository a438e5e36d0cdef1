package io.sparkglm.spark.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The chart is well-formed SVG; log axes drop what they cannot draw; a reversed x axis runs right to left. */
class SvgChartTest {
  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static double[][] points(Element polyline) {
    String[] pairs = polyline.getAttribute("points").trim().split("\\s+");
    double[][] out = new double[pairs.length][];
    for (int i = 0; i < pairs.length; i++) {
      String[] xy = pairs[i].split(",");
      out[i] = new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
    }
    return out;
  }

  @Test
  void panelsLinesLegendAndAxes() throws Exception {
    SvgChart.Series a = new SvgChart.Series("a <&>", new double[] {0, 1, 2, 3}, new double[] {1, 1e-3, 0, 1e-6}, 0);
    SvgChart.Series b = new SvgChart.Series("b", new double[] {0, 1, 2}, new double[] {1, 0.5, 0.25}, 1, true, false);
    SvgChart.Panel log = new SvgChart.Panel("log", "seconds", true, false, null, null, 1e-4, List.of(a, b));
    SvgChart.Series c = new SvgChart.Series("c", new double[] {-2, -1, 0}, new double[] {0, 0.5, 1.5}, 2);
    SvgChart.Panel reversed = new SvgChart.Panel("reversed", "log10(lambda)", false, true, null, null, Double.NaN,
        List.of(c));
    Document doc = parse(SvgChart.render("title", List.of(log, reversed), 300, 200));
    NodeList lines = doc.getElementsByTagName("polyline");
    assertEquals(3, lines.getLength());
    // y = 0 has no logarithm: 3 of a's 4 points are drawn.
    assertEquals(3, points((Element) lines.item(0)).length);
    assertTrue(((Element) lines.item(1)).getAttribute("stroke-dasharray").length() > 0, "b is dashed");
    // Smaller y is lower (larger pixel y) on both axes.
    double[][] pa = points((Element) lines.item(0));
    assertTrue(pa[0][1] < pa[1][1] && pa[1][1] < pa[2][1]);
    // Reversed x: the first (smallest) x is drawn rightmost.
    double[][] pc = points((Element) lines.item(2));
    assertTrue(pc[0][0] > pc[1][0] && pc[1][0] > pc[2][0]);
    List<String> texts = new java.util.ArrayList<>();
    NodeList t = doc.getElementsByTagName("text");
    for (int i = 0; i < t.getLength(); i++) {
      texts.add(t.item(i).getTextContent());
    }
    assertEquals(1, texts.stream().filter("a <&>"::equals).count(), "a's legend, escaped and read back: " + texts);
    assertEquals(0, texts.stream().filter("b"::equals).count(), "b has no legend entry: " + texts);
    assertTrue(texts.contains("1e-6") && texts.contains("1e0"), "decade ticks: " + texts);
  }
}
