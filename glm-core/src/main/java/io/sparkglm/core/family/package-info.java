/**
 * Exponential families, links, and the pointwise GLM loss {@code l(y, eta)} with its derivatives in
 * {@code eta}: the only place where the choice of family and link enters the kernels, and the only code that
 * branches on which family it is. Everything else asks the family or the loss (the starting mean, the label domain,
 * the AIC terms, {@code predictsProbability}, {@code takesVariancePower}, {@code curvatureBound}, {@code isQuadratic}),
 * so a new family is added here and nowhere else.
 *
 * <table>
 *   <caption>Glossary (the same names in code, Javadoc and notebooks)</caption>
 *   <tr><th>symbol</th><th>meaning</th></tr>
 *   <tr><td>{@code y}</td><td>the label (response) of a row</td></tr>
 *   <tr><td>{@code eta}</td><td>the linear predictor {@code x'beta + intercept + offset}</td></tr>
 *   <tr><td>{@code mu}</td><td>the mean {@code E[y] = g^-1(eta)}</td></tr>
 *   <tr><td>{@code g}</td><td>the {@link io.sparkglm.core.family.Link link}, {@code eta = g(mu)};
 *       {@code mu' = dmu/deta}, {@code mu'' = d2mu/deta2}</td></tr>
 *   <tr><td>{@code V}</td><td>the {@link io.sparkglm.core.family.Family family}'s variance function,
 *       {@code Var[y] = phi V(mu) / w}</td></tr>
 *   <tr><td>{@code w}</td><td>the prior weight of a row (number of trials for binomial proportions)</td></tr>
 *   <tr><td>{@code phi}</td><td>the dispersion; 1 for binomial and poisson</td></tr>
 *   <tr><td>{@code p}</td><td>the tweedie variance power, {@code V(mu) = mu^p}</td></tr>
 *   <tr><td>{@code d(y, mu)}</td><td>the unit deviance; the deviance is {@code sum_i w_i d(y_i, mu_i)}</td></tr>
 *   <tr><td>{@code l(y, eta)}</td><td>the {@link io.sparkglm.core.family.GlmLoss loss}, half the unit
 *       deviance up to terms free of {@code eta}: {@code d(y, mu) = 2 [l(y, g(mu)) - l(y, g(y))]}</td></tr>
 * </table>
 *
 * <p>{@link io.sparkglm.core.family.GlmLoss#of} returns a fused, allocation-free implementation for
 * gaussian-identity, binomial-logit, poisson-log, gamma-log and tweedie-log, and a composition of
 * {@code Family} and {@code Link} for the other supported pairs. {@link io.sparkglm.core.family.StandardNormal}
 * supplies the normal distribution function for the probit link.
 */
package io.sparkglm.core.family;
