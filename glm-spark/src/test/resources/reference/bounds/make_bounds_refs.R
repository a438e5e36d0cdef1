# Reference fits with coefficient bounds (issue 15, item 3): R glmnet 4.1-6 with lower.limits / upper.limits on the
# data sets of ../data, written to ./<id>.json. Run from anywhere: Rscript make_bounds_refs.R
#
# The objective is sparkglm's (README "The objective"; ../README.md):
#   F = (1/sum w) sum_i w_i l(y_i, eta_i) + lambda * sum_j f_j (alpha |b_j| + (1-alpha)/2 b_j^2)   (on s_j b_j with
#   standardize), subject to lower_j <= b_j <= upper_j on the original scale, the intercept free.
# Gaussian: glmnet divides the penalty by sd_y, so (as ../README.md "Gaussian, alpha < 1") glmnet is run on y/s with
#   lambda' = lambda*alpha/s + lambda*(1-alpha), alpha' = (lambda*alpha/s)/lambda', bounds/s, coefficients times s.
# Penalty factors are given summing to p, so glmnet's rescaling to sum p leaves them as they are.
# glmnet runs a decreasing sequence of 60 lambdas ending at the target (lambda = 0: then 0), thresh 1e-14.
suppressPackageStartupMessages(library(glmnet))
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
data_dir <- file.path(here, "..", "data")
glmnet.control(fdev = 0, devmax = 1)
wsd <- function(v) sqrt(mean((v - mean(v))^2))
# A minimal JSON writer (jsonlite is not installed): numbers with 17 significant digits, infinities as "inf"/"-inf".
num <- function(x) if (is.infinite(x)) (if (x > 0) '"inf"' else '"-inf"') else sprintf("%.17g", x)
json <- function(v) {
  if (is.list(v)) return(paste0("{\n", paste0("  \"", names(v), "\": ", vapply(v, json, ""), collapse = ",\n"), "\n}"))
  if (is.character(v)) return(paste0("\"", gsub("\"", "\\\\\"", v), "\""))
  if (is.logical(v)) return(if (v) "true" else "false")
  if (length(v) == 1 && is.null(attr(v, "array"))) return(num(v))
  paste0("[", paste(vapply(v, num, ""), collapse = ", "), "]")
}
arr <- function(v) structure(v, array = TRUE)

fit_case <- function(id, set, family, lambda, alpha, standardize, lower, upper, factors = NULL) {
  d <- read.csv(file.path(data_dir, paste0(set, ".csv")))
  x <- as.matrix(d[, grep("^x", names(d))]); y <- d$label; p <- ncol(x)
  if (is.null(factors)) factors <- rep(1, p)
  stopifnot(abs(sum(factors) - p) < 1e-12)
  s <- if (family == "gaussian") wsd(y) else 1
  if (family == "gaussian" && lambda > 0) {
    l1 <- lambda * alpha / s; l2 <- lambda * (1 - alpha); lam_fit <- l1 + l2; a_fit <- l1 / lam_fit
  } else { lam_fit <- lambda; a_fit <- alpha }
  xs <- if (standardize) apply(x, 2, wsd) else rep(1, p)
  mu0 <- mean(y / s)
  pen <- factors > 0
  lmax <- max((abs(crossprod(x, y / s - mu0)) / nrow(x) / (xs * factors))[pen]) / max(a_fit, 1e-3)
  seq_l <- if (lam_fit == 0) c(lmax * 10^seq(0, -6, length.out = 60), 0) else
    exp(seq(log(max(lmax, 2 * lam_fit)), log(lam_fit), length.out = 60))
  fit <- glmnet(x, y / s, family = family, alpha = a_fit, lambda = seq_l, standardize = standardize,
                intercept = TRUE, thresh = 1e-14, maxit = 1e7, penalty.factor = factors,
                lower.limits = lower / s, upper.limits = upper / s)
  k <- length(fit$lambda)
  stopifnot(abs(fit$lambda[k] - seq_l[length(seq_l)]) <= 1e-12 * max(1, lam_fit))
  b <- as.numeric(fit$beta[, k]) * s; b0 <- as.numeric(fit$a0[[k]]) * s
  eta <- b0 + as.numeric(x %*% b)
  loss <- if (family == "gaussian") 0.5 * (y - eta)^2 else log1p(exp(eta)) - y * eta
  c_ <- b * xs
  objective <- mean(loss) + lambda * sum(factors * (alpha * abs(c_) + (1 - alpha) / 2 * c_^2))
  res <- list(id = id, dataset = set, family = family, lambda = lambda, alpha = alpha, standardize = standardize,
              penaltyFactors = arr(factors), lowerBounds = arr(lower), upperBounds = arr(upper),
              intercept = b0, coefficients = arr(b), objective = objective,
              atLower = arr(which(b == lower)), atUpper = arr(which(b == upper)),
              peer = sprintf("glmnet %s (R %s)", packageDescription("glmnet")$Version, getRversion()),
              call = sprintf(paste0("glmnet(x, y/%.17g, family='%s', alpha=%.17g, lambda=<60 down to %.17g>, ",
                                    "standardize=%s, thresh=1e-14, penalty.factor=f, lower.limits=l/%.17g, ",
                                    "upper.limits=u/%.17g); coefficients times %.17g"),
                             s, family, a_fit, lam_fit, standardize, s, s, s))
  writeLines(json(res), file.path(here, paste0(id, ".json")))
  cat(id, ": objective", format(objective, digits = 17), " at lower", res$atLower, " at upper", res$atUpper, "\n")
}

inf <- Inf
# Unpenalized binomial: four bounds bind (x1, x2, x4, x6) and x9's non-negativity.
fit_case("binom_unpenalized_bounds", "binom", "binomial", 0, 0, FALSE,
         c(-inf, -1, -inf, -inf, -inf, -0.5, -inf, -inf, 0, -inf, -inf, -inf, -inf, -inf, -inf),
         c(2, inf, inf, 0.8, inf, inf, inf, inf, inf, inf, inf, inf, inf, inf, inf))
# Binomial lasso: x4, x10 capped, x12 floored, x6 non-negative.
fit_case("binom_lasso_bounds", "binom", "binomial", 0.034, 1, FALSE,
         c(-inf, -inf, -inf, -inf, -inf, 0, -inf, -inf, -inf, -inf, -inf, -0.05, -inf, -inf, -inf),
         c(inf, inf, inf, 0.1, inf, inf, inf, inf, inf, 0.2, inf, inf, inf, inf, inf))
# Binomial ridge on the standardized scale with penalty factors (summing to p = 15): bounds on the original scale.
fit_case("binom_ridge_std_factors_bounds", "binom", "binomial", 0.046, 0, TRUE,
         c(-inf, -1, -inf, -inf, -inf, -0.3, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf),
         c(1.5, inf, inf, inf, inf, inf, inf, inf, inf, 0.25, inf, inf, inf, inf, inf),
         factors = c(0.5, 1.5, 1, 1, 1, 2, 1, 1, 1, 0, 1, 1, 1, 1, 1))
# Gaussian elastic net (the sd_y mapping above): x1 capped, x3 floored, x5 capped.
fit_case("gauss_corr_enet_bounds", "gauss_corr", "gaussian", 0.061, 0.5, FALSE,
         c(-inf, -inf, -0.5, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf, -inf),
         c(1, inf, inf, inf, 0.5, inf, inf, inf, inf, inf, inf, inf))
