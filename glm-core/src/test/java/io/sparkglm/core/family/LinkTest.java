package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinkTest {

  /** Means inside each link's range. */
  private static double[] means(Link link) {
    switch (link) {
      case LOGIT:
      case PROBIT:
      case CLOGLOG:
        return new double[] {1e-12, 0.01, 0.3, 0.5, 0.77, 0.999};
      case IDENTITY:
        return new double[] {-3.0, 0.0, 0.4, 17.0};
      default:
        return new double[] {1e-8, 0.2, 1.0, 3.7, 250.0};
    }
  }

  @Test
  void inverseUndoesTheLink() {
    for (Link link : Link.values()) {
      for (double mu : means(link)) {
        double back = link.inverse(link.linkFn(mu));
        assertTrue(LossCases.close(mu, back, 1e-14, 0.0), link + " mu=" + mu + " back=" + back);
      }
    }
  }

  @Test
  void derivativesMatchCentralFiniteDifferences() {
    for (Link link : Link.values()) {
      for (double eta : LossCases.etas(link)) {
        double h = 1e-5 * Math.max(1.0, Math.abs(eta));
        double fd1 = (link.inverse(eta + h) - link.inverse(eta - h)) / (2 * h);
        double fd2 = (link.dmuDeta(eta + h) - link.dmuDeta(eta - h)) / (2 * h);
        double d1 = link.dmuDeta(eta);
        double d2 = link.d2muDeta2(eta);
        assertTrue(LossCases.close(d1, fd1, 1e-7, 1e-10), link + " eta=" + eta + " d1=" + d1 + " fd=" + fd1);
        assertTrue(LossCases.close(d2, fd2, 1e-7, 1e-10), link + " eta=" + eta + " d2=" + d2 + " fd=" + fd2);
      }
    }
  }

  @Test
  void inverseAndDerivativesStayFiniteAtExtremes() {
    for (Link link : Link.values()) {
      for (double eta : new double[] {-700, -300, -30, 30, 300, 700}) {
        assertTrue(Double.isFinite(link.inverse(eta)), link + " inverse at " + eta);
        assertTrue(Double.isFinite(link.dmuDeta(eta)), link + " dmuDeta at " + eta);
        assertTrue(Double.isFinite(link.d2muDeta2(eta)), link + " d2muDeta2 at " + eta);
      }
    }
    assertEquals(1.0, Link.LOGIT.inverse(700));
    assertEquals(0.0, Link.LOGIT.inverse(-700), 1e-300);
    assertEquals(1.0, Link.CLOGLOG.inverse(700));
    assertTrue(LossCases.close(Math.exp(-700), Link.CLOGLOG.inverse(-700), 1e-14, 0.0));
    assertTrue(LossCases.close(Math.exp(-30), Link.LOGIT.inverse(-30), 1e-12, 0.0));
  }

  @Test
  void knownValues() {
    assertEquals(0.0, Link.LOGIT.linkFn(0.5));
    assertTrue(LossCases.close(1.959963984540054, Link.PROBIT.linkFn(0.975), 1e-15, 0.0));
    assertTrue(LossCases.close(0.9750021048517795, Link.PROBIT.inverse(1.96), 1e-15, 0.0));
    assertTrue(LossCases.close(Math.log(-Math.log(0.5)), Link.CLOGLOG.linkFn(0.5), 1e-15, 0.0));
    assertEquals(0.25, Link.INVERSE.linkFn(4.0));
    assertEquals(9.0, Link.SQRT.inverse(3.0));
  }

  @Test
  void parseIsCaseInsensitiveAndNamesTheKnownLinks() {
    for (Link link : Link.values()) {
      assertEquals(link, Link.parse(" " + link.linkName().toUpperCase() + " "));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Link.parse("loglog"));
    assertTrue(e.getMessage().contains("'loglog'") && e.getMessage().contains("cloglog"), e.getMessage());
  }
}
