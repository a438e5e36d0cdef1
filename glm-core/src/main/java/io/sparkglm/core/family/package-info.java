/**
 * Exponential families, links, and the pointwise GLM loss {@code l(y, eta)} with its derivatives in
 * {@code eta}: the only place where the choice of family and link enters the kernels, and the only code that
 * branches on which family it is. Everything else asks the family or the loss (the starting mean, the label domain,
 * the AIC terms, {@code predictsProbability}, {@code takesVariancePower}, {@code takesTheta}, {@code curvatureBound},
 * {@code isQuadratic}),
 * so a new family is added here and nowhere else.
 *
 * <p>The symbols ({@code y}, {@code eta}, {@code mu}, {@code g}, {@code V}, {@code w}, {@code phi}, {@code p},
 * {@code d(y, mu)}, {@code l(y, eta)}) are those of the glossary in README.md (section "Glossary"), the one list
 * of names for the code, the Javadoc and the notebooks.
 *
 * <p>{@link io.sparkglm.core.family.GlmLoss#of} returns a fused, allocation-free implementation for
 * gaussian-identity, binomial-logit, poisson-log, gamma-log, tweedie-log and negative-binomial-log, and a
 * composition of {@code Family} and {@code Link} for the other supported pairs. {@link
 * io.sparkglm.core.family.StandardNormal} supplies the normal distribution function for the probit link, {@link
 * io.sparkglm.core.family.NegativeBinomialTheta} the negative binomial's likelihood in {@code theta}.
 */
package io.sparkglm.core.family;
