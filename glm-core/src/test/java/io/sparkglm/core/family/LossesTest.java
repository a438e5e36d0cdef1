package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class LossesTest {

  @Test
  void unsupportedLinksAreRejectedNamingTheSupportedOnes() {
    assertEquals("link 'log' is not supported for family binomial; supported: logit, probit, cloglog",
        assertThrows(IllegalArgumentException.class, () -> GlmLoss.of(Family.binomial(), Link.LOG)).getMessage());
    assertEquals("link 'identity' is not supported for family tweedie; supported: log",
        assertThrows(IllegalArgumentException.class,
            () -> Losses.of(Family.tweedie(1.5), Link.IDENTITY)).getMessage());
    assertEquals("link 'sqrt' is not supported for family gaussian; supported: identity, log",
        assertThrows(IllegalArgumentException.class, () -> Losses.of(Family.gaussian(), Link.SQRT)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Losses.of(null, Link.LOG));
  }

  @Test
  void hotPairsGetSpecializedImplementations() {
    assertInstanceOf(GaussianIdentityLoss.class, Losses.of(Family.gaussian(), Link.IDENTITY));
    assertInstanceOf(BinomialLogitLoss.class, Losses.of(Family.binomial(), Link.LOGIT));
    assertInstanceOf(PoissonLogLoss.class, Losses.of(Family.poisson(), Link.LOG));
    assertInstanceOf(GammaLogLoss.class, Losses.of(Family.gamma(), Link.LOG));
    assertInstanceOf(TweedieLogLoss.class, Losses.of(Family.tweedie(1.5), Link.LOG));
    assertInstanceOf(PoissonLogLoss.class, Losses.of(Family.tweedie(1.0), Link.LOG));
    assertInstanceOf(GammaLogLoss.class, Losses.of(Family.tweedie(2.0), Link.LOG));
    assertInstanceOf(CompositeLoss.class, Losses.of(Family.binomial(), Link.PROBIT));
    assertInstanceOf(CompositeLoss.class, Losses.of(Family.gamma(), Link.INVERSE));
  }

  @Test
  void lossesKnowTheirFamilyAndLinkAndSurviveSerialization() throws IOException, ClassNotFoundException {
    GlmLoss tweedieOne = Losses.of(Family.tweedie(1.0), Link.LOG);
    assertEquals(Family.tweedie(1.0), tweedieOne.family());
    assertEquals(Link.LOG, tweedieOne.link());
    for (GlmLoss loss : LossCases.all()) {
      GlmLoss copy = (GlmLoss) FamilyTest.roundTrip(loss);
      assertEquals(loss, copy);
      double y = LossCases.labels(loss.family())[0];
      assertEquals(loss.value(y, 1.0), copy.value(y, 1.0));
    }
    assertEquals("BinomialLogitLoss(binomial, logit)", Losses.of(Family.binomial(), Link.LOGIT).toString());
  }
}
