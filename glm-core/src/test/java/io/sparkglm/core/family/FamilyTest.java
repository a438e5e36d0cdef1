package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyTest {

  @Test
  void parseIsCaseInsensitive() {
    assertSame(Family.gaussian(), Family.parse("Gaussian", Double.NaN));
    assertSame(Family.binomial(), Family.parse(" BINOMIAL ", Double.NaN));
    assertSame(Family.poisson(), Family.parse("poisson", Double.NaN));
    assertSame(Family.gamma(), Family.parse("gamma", 0.0)); // the power is ignored outside tweedie
    assertEquals(Family.tweedie(1.5), Family.parse("Tweedie", 1.5));
  }

  @Test
  void parseNamesTheProblem() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Family.parse("negbin", Double.NaN));
    assertTrue(unknown.getMessage().contains("'negbin'"), unknown.getMessage());
    for (String known : List.of("gaussian", "binomial", "poisson", "gamma", "tweedie",
        "negative-binomial")) {
      assertTrue(unknown.getMessage().contains(known), unknown.getMessage());
    }
    IllegalArgumentException noPower = assertThrows(IllegalArgumentException.class,
        () -> Family.parse("tweedie", Double.NaN));
    assertTrue(noPower.getMessage().contains("variancePower"), noPower.getMessage());
    IllegalArgumentException badPower = assertThrows(IllegalArgumentException.class,
        () -> Family.parse("tweedie", 2.5));
    assertEquals("variancePower must be in [1, 2], got 2.5", badPower.getMessage());
    assertEquals("variancePower must be in [1, 2], got 0.99",
        assertThrows(IllegalArgumentException.class, () -> Family.tweedie(0.99)).getMessage());
    assertEquals("variancePower must be in [1, 2], got NaN",
        assertThrows(IllegalArgumentException.class, () -> Family.tweedie(Double.NaN)).getMessage());
  }

  @Test
  void namesPowersLinksAndDispersion() {
    assertEquals("tweedie", Family.tweedie(1.0).name());
    assertEquals(0.0, Family.gaussian().variancePower());
    assertTrue(Double.isNaN(Family.binomial().variancePower()));
    assertEquals(1.0, Family.poisson().variancePower());
    assertEquals(2.0, Family.gamma().variancePower());
    assertEquals(1.3, Family.tweedie(1.3).variancePower());

    assertEquals(Link.IDENTITY, Family.gaussian().defaultLink());
    assertEquals(Link.LOGIT, Family.binomial().defaultLink());
    assertEquals(Link.LOG, Family.poisson().defaultLink());
    assertEquals(Link.INVERSE, Family.gamma().defaultLink());
    assertEquals(Link.LOG, Family.tweedie(1.5).defaultLink());

    assertEquals(List.of(Link.IDENTITY, Link.LOG), Family.gaussian().supportedLinks());
    assertEquals(List.of(Link.LOGIT, Link.PROBIT, Link.CLOGLOG), Family.binomial().supportedLinks());
    assertEquals(List.of(Link.LOG, Link.IDENTITY, Link.SQRT), Family.poisson().supportedLinks());
    assertEquals(List.of(Link.INVERSE, Link.LOG, Link.IDENTITY), Family.gamma().supportedLinks());
    assertEquals(List.of(Link.LOG), Family.tweedie(2.0).supportedLinks());
    for (Family f : LossCases.families()) {
      assertEquals(f.defaultLink(), f.supportedLinks().get(0), f.toString());
    }

    assertTrue(Family.gaussian().estimatesDispersion());
    assertFalse(Family.binomial().estimatesDispersion());
    assertFalse(Family.poisson().estimatesDispersion());
    assertTrue(Family.gamma().estimatesDispersion());
    assertTrue(Family.tweedie(1.0).estimatesDispersion());
  }

  @Test
  void varianceAndItsDerivative() {
    assertEquals(1.0, Family.gaussian().variance(7.0));
    assertEquals(0.21, Family.binomial().variance(0.3), 1e-15);
    assertEquals(7.0, Family.poisson().variance(7.0));
    assertEquals(49.0, Family.gamma().variance(7.0));
    assertEquals(Math.pow(7.0, 1.5), Family.tweedie(1.5).variance(7.0), 1e-12);
    for (Family f : LossCases.families()) {
      for (double mu : new double[] {0.1, 0.45, 0.8}) {
        double h = 1e-6;
        double fd = (f.variance(mu + h) - f.variance(mu - h)) / (2 * h);
        assertEquals(fd, f.varianceDerivative(mu), 1e-8, f + " mu=" + mu);
      }
    }
  }

  @Test
  void labelDomains() {
    assertTrue(Family.gaussian().isValidLabel(-1e300));
    assertFalse(Family.gaussian().isValidLabel(Double.NaN));
    assertFalse(Family.gaussian().isValidLabel(Double.POSITIVE_INFINITY));
    assertTrue(Family.binomial().isValidLabel(0.0) && Family.binomial().isValidLabel(0.25)
        && Family.binomial().isValidLabel(1.0));
    assertFalse(Family.binomial().isValidLabel(2.0) || Family.binomial().isValidLabel(-0.1));
    assertTrue(Family.poisson().isValidLabel(0.0) && Family.poisson().isValidLabel(3.5));
    assertFalse(Family.poisson().isValidLabel(-1.0));
    assertFalse(Family.gamma().isValidLabel(0.0));
    assertTrue(Family.gamma().isValidLabel(1e-300));
    assertTrue(Family.tweedie(1.5).isValidLabel(0.0) && Family.tweedie(1.0).isValidLabel(0.0));
    assertFalse(Family.tweedie(2.0).isValidLabel(0.0) || Family.tweedie(1.5).isValidLabel(-1e-9));
    assertEquals("{0, 1}, or a proportion in [0, 1] (a proportion with weight = number of trials)",
        Family.binomial().labelDomain());
    assertEquals("a non-negative count", Family.poisson().labelDomain());
    assertTrue(Family.gamma().labelDomain().contains("positive"));
  }

  @Test
  void valueSemanticsAndSerialization() throws IOException, ClassNotFoundException {
    assertEquals(Family.tweedie(1.5), Family.tweedie(1.5));
    assertEquals(Family.tweedie(1.5).hashCode(), Family.tweedie(1.5).hashCode());
    assertNotEquals(Family.tweedie(1.5), Family.tweedie(1.6));
    assertNotEquals(Family.poisson(), Family.tweedie(1.0));
    assertEquals("tweedie(p=1.5)", Family.tweedie(1.5).toString());
    assertEquals("binomial", Family.binomial().toString());
    for (Family f : LossCases.families()) {
      assertEquals(f, roundTrip(f));
    }
  }

  static Object roundTrip(Object o) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }
}
