package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The unit deviance against the loss and closed forms. */
class UnitDevianceTest {

  /** d(y, mu(eta)) = 2 [l(y, eta) - l(y, g(y))]: the loss drops exactly the eta-free terms. */
  @Test
  void deviancesIsTwiceTheLossAboveItsMinimum() {
    int checked = 0;
    for (GlmLoss loss : LossCases.all()) {
      Family family = loss.family();
      for (double y : LossCases.labels(family)) {
        if (y == 0.0 || y == 1.0 && family.name().equals("binomial")) {
          continue; // g(y) is infinite on the boundary; see binomialBoundaryLabels
        }
        if (!Double.isFinite(loss.linkOf(y))) {
          continue; // y outside the link's range, e.g. log(-1.5)
        }
        for (double eta : LossCases.etas(loss.link())) {
          double fromLoss = 2 * (loss.value(y, eta) - loss.value(y, loss.linkOf(y)));
          double mu = loss.mean(eta);
          double deviance = family.unitDeviance(y, mu);
          // A binomial mean rounded to double carries a relative error eps / (1 - mu) into log(1 - mu).
          double rel = family.name().equals("binomial") ? Math.max(1e-10, 1e-13 / Math.min(mu, 1 - mu)) : 1e-10;
          assertTrue(LossCases.close(deviance, fromLoss, rel, 1e-12 * (1 + Math.abs(loss.value(y, eta)))),
              loss + " y=" + y + " eta=" + eta + ": deviance " + deviance + ", from loss " + fromLoss);
          checked++;
        }
      }
    }
    assertTrue(checked > 80, "checked " + checked);
  }

  @Test
  void binomialBoundaryLabels() {
    Family binomial = Family.binomial();
    for (Link link : binomial.supportedLinks()) {
      GlmLoss loss = GlmLoss.of(binomial, link);
      for (double eta : LossCases.etas(link)) {
        double mu = link.inverse(eta);
        assertEquals(-2 * Math.log(mu), binomial.unitDeviance(1.0, mu), 1e-15 * (1 - 2 * Math.log(mu)));
        assertEquals(-2 * Math.log1p(-mu), binomial.unitDeviance(0.0, mu), 1e-15 * (1 - 2 * Math.log1p(-mu)));
        // The deviance sees mu rounded to double: log(1 - mu) is only good to about eps / (1 - mu).
        double rel = 1e-13 / Math.min(mu, 1 - mu);
        assertTrue(LossCases.close(binomial.unitDeviance(1.0, mu), 2 * loss.value(1.0, eta), rel, 1e-15),
            link + " y=1 eta=" + eta + ": " + binomial.unitDeviance(1.0, mu) + " vs " + 2 * loss.value(1.0, eta));
        assertTrue(LossCases.close(binomial.unitDeviance(0.0, mu), 2 * loss.value(0.0, eta), rel, 1e-15),
            link + " y=0 eta=" + eta + ": " + binomial.unitDeviance(0.0, mu) + " vs " + 2 * loss.value(0.0, eta));
      }
    }
  }

  @Test
  void knownValues() {
    assertEquals(2.25, Family.gaussian().unitDeviance(1.0, -0.5));
    assertEquals(2 * 3.5, Family.poisson().unitDeviance(0.0, 3.5), 1e-15);
    assertEquals(2 * (2 * Math.log(2) - 1), Family.poisson().unitDeviance(2.0, 1.0), 1e-15);
    assertEquals(2 * (-Math.log(2) + 1), Family.gamma().unitDeviance(2.0, 1.0), 1e-15);
    assertEquals(0.0, Family.gamma().unitDeviance(3.0, 3.0), 1e-15);
    assertEquals(0.0, Family.binomial().unitDeviance(0.3, 0.3), 1e-15);
    assertEquals(4 * Math.sqrt(2.0), Family.tweedie(1.5).unitDeviance(0.0, 2.0), 1e-14);
    for (double y : new double[] {0.0, 0.5, 3.0}) {
      for (double mu : new double[] {0.2, 1.0, 4.0}) {
        assertEquals(Family.poisson().unitDeviance(y, mu), Family.tweedie(1.0).unitDeviance(y, mu));
        if (y > 0) {
          assertEquals(Family.gamma().unitDeviance(y, mu), Family.tweedie(2.0).unitDeviance(y, mu));
        }
        // Continuity in p at both ends.
        double nearPoisson = Family.tweedie(1 + 1e-7).unitDeviance(y, mu);
        assertTrue(LossCases.close(Family.poisson().unitDeviance(y, mu), nearPoisson, 1e-5, 1e-7), "p -> 1");
        if (y > 0) {
          double nearGamma = Family.tweedie(2 - 1e-7).unitDeviance(y, mu);
          assertTrue(LossCases.close(Family.gamma().unitDeviance(y, mu), nearGamma, 1e-5, 1e-7), "p -> 2");
        }
      }
    }
  }

  @Test
  void devianceIsNonNegativeAndZeroAtTheLabel() {
    for (Family family : LossCases.families()) {
      for (double y : LossCases.labels(family)) {
        assertEquals(0.0, family.unitDeviance(y, y == 0 ? 0.0 : y), 1e-15, family + " y=" + y);
        for (double mu : new double[] {0.05, 0.5, 0.9, 2.0, 6.0}) {
          if (family.name().equals("binomial") && mu >= 1) {
            continue;
          }
          assertTrue(family.unitDeviance(y, mu) >= 0, family + " y=" + y + " mu=" + mu);
        }
      }
    }
  }
}
