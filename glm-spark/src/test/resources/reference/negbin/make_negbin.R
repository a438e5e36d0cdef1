# Negative binomial (NB2) reference data and fits for sparkglm's tests (R >= 4, MASS, glmnet 4.1).
# Run from this folder:  Rscript make_negbin.R
#   (writes negbin.csv, negbin_weighted.csv, negbin_poisson.csv, negbin.json)
#
# negbin.csv: 2000 rows, x1..x5 ~ N(0, 1) (rounded to 4 places), mu = exp(0.5 + 0.3 x1 - 0.2 x2 + 0.1 x3 + 0 x4
#   + 0.25 x5), label ~ rnegbin(mu, theta = 1.5); negbin_weighted.csv the same rows with a weight in {0.5, 1, 2}
#   (the weighted fits' prior weights).
# negbin_poisson.csv: the same design with label ~ Poisson(mu): no overdispersion, glm.nb's theta runs away.
# Fits (glm.control(epsilon = 1e-12, maxit = 100) so that the alternation and IRLS converge well below the
# tests' tolerances):
#   estimated, estimated_weighted: MASS::glm.nb(label ~ x1 + ... + x5 [, weights = weight])
#   fixed, fixed_weighted:         glm(label ~ ., family = MASS::negative.binomial(2) [, weights = weight])
#   fixed_sqrt:                    glm(label ~ ., family = MASS::negative.binomial(2, link = "sqrt"))
#                                  (their tables from summary(fit, dispersion = 1), as summary.negbin: theta
#                                  known, so no dispersion is estimated and the tests are z tests; the
#                                  coefficients polished by Fisher scoring, see polish())
#   enet:                          glmnet(x, y, family = MASS::negative.binomial(2), alpha = 0.5, lambda = <path
#                                  ending at 0.02>, standardize = TRUE, thresh = 1e-14): glmnet minimizes
#                                  (1/sum w) sum w_i d_i / 2 + lambda pen, sparkglm's objective.
#   poisson_data:                  MASS::glm.nb on negbin_poisson.csv (its warnings recorded)
suppressPackageStartupMessages({ library(MASS); library(glmnet) })
# A minimal JSON writer (no jsonlite here): named lists are objects, vectors of length != 1 arrays, numbers with
# 17 significant digits, non-finite numbers null.
to_json <- function(v, indent = "") {
  inner <- paste0(indent, "  ")
  scalar <- function(e) {
    if (is.character(e)) return(paste0("\"", e, "\""))  # no quotes or backslashes in our strings
    if (is.logical(e)) return(if (e) "true" else "false")
    if (!is.finite(e)) return("null")
    sprintf("%.17g", e)
  }
  if (is.list(v)) {
    items <- vapply(names(v), function(k) paste0(inner, "\"", k, "\": ", to_json(v[[k]], inner)), "")
    return(paste0("{\n", paste(items, collapse = ",\n"), "\n", indent, "}"))
  }
  if (length(v) == 1 && is.null(names(v)) && !inherits(v, "AsIs")) return(scalar(v))
  paste0("[", paste(vapply(as.list(v), scalar, ""), collapse = ", "), "]")
}
set.seed(20261203)
n <- 2000; p <- 5
x <- matrix(round(rnorm(n * p), 4), n, p, dimnames = list(NULL, paste0("x", 1:p)))
beta <- c(0.3, -0.2, 0.1, 0, 0.25)
mu <- exp(0.5 + drop(x %*% beta))
y <- rnegbin(n, mu = mu, theta = 1.5)
w <- sample(c(0.5, 1, 2), n, replace = TRUE)
d <- data.frame(label = y, weight = w, x)
write.csv(d[, c("label", colnames(x))], "negbin.csv", row.names = FALSE, quote = FALSE)
write.csv(d, "negbin_weighted.csv", row.names = FALSE, quote = FALSE)
set.seed(7)
yp <- rpois(n, mu)
dp <- data.frame(label = yp, x)
write.csv(dp, "negbin_poisson.csv", row.names = FALSE, quote = FALSE)

ctrl <- glm.control(epsilon = 1e-12, maxit = 100)
f <- label ~ x1 + x2 + x3 + x4 + x5
table_of <- function(fit, dispersion = NULL) {
  s <- summary(fit, dispersion = dispersion)$coefficients
  list(names = I(rownames(s)), estimate = unname(s[, 1]), std_error = unname(s[, 2]), statistic = unname(s[, 3]),
       p_value = unname(s[, 4]))
}
warnings_of <- function(expr) {
  warn <- character(0)
  value <- withCallingHandlers(expr, warning = function(wr) {
    warn <<- c(warn, conditionMessage(wr)); invokeRestart("muffleWarning") })
  list(value = value, warnings = warn)
}
nb_case <- function(data, weighted, call) {
  r <- warnings_of(if (weighted) glm.nb(f, data = data, weights = weight, control = ctrl)
                   else glm.nb(f, data = data, control = ctrl))
  fit <- r$value
  # glm.nb's SE.theta comes from the information at the iterate before theta.ml's last step (a step of up to
  # .Machine$double.eps^0.25): also the information at the reported theta and means.
  info <- function(th, mu, y, w) sum(w * (-trigamma(th + y) + trigamma(th) - 1/th + 2/(mu + th) - (y + th)/(mu + th)^2))
  se_at <- 1 / sqrt(info(fit$theta, fitted(fit), fit$y, fit$prior.weights))
  c(list(theta_std_err_at_estimate = se_at, call = call, weighted = weighted, theta_estimated = TRUE, theta = fit$theta, theta_std_err = fit$SE.theta,
         two_log_lik = fit$twologlik, aic = fit$aic, deviance = fit$deviance, null_deviance = fit$null.deviance,
         df_residual = fit$df.residual, intercept = unname(coef(fit)[1]), coefficients = unname(coef(fit)[-1]),
         warnings = I(r$warnings), th_warn = if (is.null(fit$th.warn)) "" else fit$th.warn), table_of(fit))
}
# glm.fit stops on the change of the deviance, which leaves coefficients good to about 1e-9; 30 more Fisher
# scoring steps from its answer take them to rounding level, and a last IRLS step (maxit = 1) from there gives the
# glm object that summary() prints.
polish <- function(fit, fam, wt) {
  X <- model.matrix(fit); b <- coef(fit)
  for (k in 1:30) {
    eta <- drop(X %*% b); mu <- fam$linkinv(eta); me <- fam$mu.eta(eta); v <- fam$variance(mu)
    b <- b + solve(crossprod(X, wt * me^2 / v * X), crossprod(X, wt * (y - mu) * me / v))
  }
  drop(b)
}
fixed_case <- function(weighted, link, call) {
  fam <- negative.binomial(2, link = link)
  wt <- if (weighted) w else rep(1, n)
  dw <- cbind(d, wt = wt)
  fit0 <- glm(f, data = dw, weights = wt, family = fam, control = ctrl)
  fit <- suppressWarnings(glm(f, data = dw, weights = wt, family = fam, start = polish(fit0, fam, wt),
                              control = glm.control(epsilon = 1e-16, maxit = 1)))
  ll <- sum(wt * dnbinom(y, size = 2, mu = fitted(fit), log = TRUE))
  c(list(call = call, weighted = weighted, theta_estimated = FALSE, theta = 2, link = link, aic = fit$aic,
         two_log_lik = 2 * ll, deviance = fit$deviance, null_deviance = fit$null.deviance,
         df_residual = fit$df.residual, intercept = unname(coef(fit)[1]), coefficients = unname(coef(fit)[-1])),
    table_of(fit, dispersion = 1))
}

cases <- list(
  estimated = nb_case(d, FALSE, "glm.nb(label ~ x1+...+x5, data = negbin.csv, control = glm.control(epsilon = 1e-12, maxit = 100))"),
  estimated_weighted = nb_case(d, TRUE, "glm.nb(label ~ x1+...+x5, data = negbin.csv, weights = weight, control = glm.control(epsilon = 1e-12, maxit = 100))"),
  fixed = fixed_case(FALSE, "log", "glm(label ~ x1+...+x5, family = negative.binomial(2), control = glm.control(epsilon = 1e-12, maxit = 100))"),
  fixed_weighted = fixed_case(TRUE, "log", "glm(label ~ x1+...+x5, weights = weight, family = negative.binomial(2), control = glm.control(epsilon = 1e-12, maxit = 100))"),
  fixed_sqrt = fixed_case(FALSE, "sqrt", "glm(label ~ x1+...+x5, family = negative.binomial(2, link = 'sqrt'), control = glm.control(epsilon = 1e-12, maxit = 100))"),
  poisson_data = nb_case(dp, FALSE, "glm.nb(label ~ x1+...+x5, data = negbin_poisson.csv, control = glm.control(epsilon = 1e-12, maxit = 100))")
)

# The penalized fixed-theta fit: glmnet with the family object, a path ending at the target lambda.
lam <- 0.02; a <- 0.5
glmnet.control(fdev = 0, devmax = 1, epsnr = 1e-12, mxitnr = 200)
wn <- rep(1 / n, n); mu0 <- mean(y)
xs <- apply(x, 2, function(v) sqrt(mean((v - mean(v))^2)))
lmax <- max(abs(crossprod(x, wn * (y - mu0) / (1 + mu0 / 2)))) / max(xs) / a * 2
seq_l <- exp(seq(log(max(lmax, 2 * lam)), log(lam), length.out = 40)); seq_l[40] <- lam
g <- glmnet(x, y, family = negative.binomial(2), alpha = a, lambda = seq_l, standardize = TRUE, intercept = TRUE,
            thresh = 1e-14, maxit = 1e6)
k <- length(g$lambda)
stopifnot(abs(g$lambda[k] - lam) < 1e-15)
b0 <- as.numeric(g$a0[k]); b <- as.numeric(g$beta[, k])
eta <- b0 + drop(x %*% b); m <- exp(eta); th <- 2
grad <- drop(crossprod(x, th * (m - y) / (m + th))) / n
cases$enet <- list(call = "glmnet(x, y, family = negative.binomial(2), alpha = 0.5, lambda = <40 log-spaced values ending at 0.02>, standardize = TRUE, intercept = TRUE, thresh = 1e-14, maxit = 1e6); glmnet.control(epsnr = 1e-12, mxitnr = 200)",
                   theta = 2, lambda = lam, alpha = a, standardize = TRUE, intercept = b0, coefficients = b,
                   objective = mean(negative.binomial(2)$dev.resids(y, m, rep(1, n))) / 2 -
                     mean(negative.binomial(2)$dev.resids(y, y, rep(1, n))) / 2 + lam * sum(xs * (a * abs(b) + (1 - a) / 2 * xs * b^2)),
                   gradient = grad, r_version = as.character(getRversion()))
info <- list(generator = "make_negbin.R", r = as.character(getRversion()),
             mass = as.character(packageVersion("MASS")), glmnet = as.character(packageVersion("glmnet")),
             cases = cases)
writeLines(to_json(info), "negbin.json")
