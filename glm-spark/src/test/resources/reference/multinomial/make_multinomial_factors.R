# Reference fits for multinomial regression with penalty factors (issue 15, item 1): R glmnet 4.1-6
# glmnet(family = "multinomial", penalty.factor = g) on the data of make_multinomial.R (multinomial.csv and
# multinomial_weighted.csv, read here, not rewritten). Run from anywhere:
#   Rscript make_multinomial_factors.R
# It rewrites multinomial_factors.json in this folder.
#
# The objective is sparkglm's (README "Penalty factors" and "Multinomial"), factors f_j used as given:
#   F(B, b0) = (1/sum w) sum_i w_i (-log p_{i,y_i}) + lambda * sum_k sum_j f_j (alpha |s_j b_kj| + (1-alpha)/2 (s_j b_kj)^2)
# glmnet rescales its penalty.factor g to sum to p (nvars) before it fits, so its fit with g at lambda is sparkglm's
# with f = g * p / sum(g) at the same lambda; the JSON stores both ("glmnetPenaltyFactor", "penaltyFactors"). Each
# case has a factor 0 (an unpenalized feature); one case has factors that do not sum to p, to exercise the mapping.
#
# Centring: an unpenalized feature's K coefficients are determined only up to a common shift, as the intercepts are;
# sparkglm reports them centred across classes (every coordinate without L1 weight is centred, README
# "Multinomial"), while glmnet shifts every feature by the elastic net's minimizing constant. The reference is
# glmnet's answer with the intercepts and the coefficients of zero-factor features centred (which changes neither
# the probabilities nor the objective); with alpha = 0 every feature is centred (glmnet's shift is then the mean too).
# referenceKkt is the KKT violation of this objective at the reference (penalty weights lambda*alpha*f_j*s_j and
# lambda*(1-alpha)*f_j*s_j^2).
suppressPackageStartupMessages(library(glmnet))
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
glmnet.control(fdev = 0, devmax = 1)
num <- function(x) sprintf("%.17g", x)
vec <- function(v) paste0("[", paste(vapply(v, num, ""), collapse = ", "), "]")
mat <- function(m) paste0("[", paste(apply(m, 1, vec), collapse = ",\n      "), "]")   # rows = classes
str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")

d <- read.csv(file.path(here, "multinomial_weighted.csv"))
d0 <- read.csv(file.path(here, "multinomial.csv"))
stopifnot(all(as.matrix(d[, 1:6]) == as.matrix(d0)))
p <- 5; K <- 3; n <- nrow(d)
x <- as.matrix(d[, paste0("x", 1:p)]); y <- d$label; w <- d$weight

wsd <- function(v, w) { w <- w / sum(w); m <- sum(w * v); sqrt(sum(w * (v - m)^2)) }
Y <- outer(y, 0:(K - 1), "==") * 1
data_term <- function(B, b0, w) {
  e <- sweep(x %*% t(B), 2, b0, "+"); m <- apply(e, 1, max)
  lse <- m + log(rowSums(exp(e - m))); P <- exp(e - lse)
  list(value = sum(w * (lse - rowSums(Y * e))) / sum(w), grad = t(P - Y) %*% (w * cbind(x, 1)) / sum(w))
}
kkt <- function(B, b0, w, lambda, alpha, s, f) {
  g <- data_term(B, b0, w)$grad; worst <- max(abs(g[, p + 1]))
  for (k in 1:K) for (j in 1:p) {
    l1 <- lambda * alpha * f[j] * s[j]; l2 <- lambda * (1 - alpha) * f[j] * s[j]^2; sm <- g[k, j] + l2 * B[k, j]
    v <- if (B[k, j] != 0) abs(sm + l1 * sign(B[k, j])) else max(0, abs(sm) - l1)
    worst <- max(worst, v)
  }
  worst
}
objective <- function(B, b0, w, lambda, alpha, s, f) {
  C <- sweep(B, 2, s, "*")
  data_term(B, b0, w)$value + lambda * sum(sweep(alpha * abs(C) + (1 - alpha) / 2 * C^2, 2, f, "*"))
}
cases <- list()
case <- function(id, lambda, alpha, standardize, weighted, g) {
  ww <- if (weighted) w else rep(1, n)
  f <- g * p / sum(g)                                           # glmnet's internal factors = sparkglm's
  s <- if (standardize) apply(x, 2, wsd, w = ww) else rep(1, p)
  ybar <- colSums(ww * Y) / sum(ww)
  grad0 <- abs(t(x) %*% (ww * sweep(Y, 2, ybar))) / sum(ww)     # p x K at the intercept-only fit
  pen <- f > 0
  lmax <- max(sweep(grad0[pen, , drop = FALSE], 1, s[pen] * f[pen], "/")) / max(alpha, 1e-3)
  seq_l <- exp(seq(log(max(lmax, 2 * lambda)), log(lambda), length.out = 60))
  fit <- glmnet(x, factor(y, levels = 0:(K - 1)), family = "multinomial", weights = ww, alpha = alpha,
                lambda = seq_l, standardize = standardize, intercept = TRUE, penalty.factor = g, thresh = 1e-14,
                maxit = 1e7)
  k <- length(fit$lambda)
  stopifnot(abs(fit$lambda[k] - lambda) <= 1e-12 * lambda)
  B <- t(sapply(fit$beta, function(b) as.numeric(b[, k])))
  b0 <- as.numeric(fit$a0[, k])
  b0 <- b0 - mean(b0)
  centred <- if (alpha == 0) rep(TRUE, p) else f == 0
  B[, centred] <- sweep(B[, centred, drop = FALSE], 2, colMeans(B[, centred, drop = FALSE]))
  cases[[length(cases) + 1]] <<- list(id = id, weighted = weighted, lambda = lambda, alpha = alpha,
    standardize = standardize, g = g, f = f, B = B, b0 = b0, objective = objective(B, b0, ww, lambda, alpha, s, f),
    kkt = kkt(B, b0, ww, lambda, alpha, s, f), peer = sprintf("glmnet %s (R %s)",
      packageDescription("glmnet")$Version, getRversion()),
    call = sprintf(paste0("glmnet(x, factor(y), family='multinomial', weights=%s, alpha=%.17g, ",
      "lambda=<60 down to %.17g>, standardize=%s, penalty.factor=%s, thresh=1e-14, maxit=1e7), intercepts and ",
      "zero-factor features centred"), if (weighted) "w" else "1", alpha, lambda, standardize, vec(g)))
}
case("factors_lasso", 0.02, 1, FALSE, FALSE, c(0, 1.5, 1, 2, 0.5))
case("factors_enet_std", 0.03, 0.5, TRUE, FALSE, c(1, 0, 2, 0.5, 1.5))
case("factors_enet_std_weighted", 0.015, 0.7, TRUE, TRUE, c(0.5, 2, 0, 1, 1.5))
case("factors_ridge", 0.05, 0, FALSE, FALSE, c(2, 0, 1, 1, 1))
case("factors_lasso_std_rescaled", 0.02, 1, TRUE, FALSE, c(0, 3, 1, 1, 1))    # sum 6: sparkglm's f = g * 5/6

out <- vapply(cases, function(c) {
  fl <- c(id = str(c$id), dataset = str(if (c$weighted) "multinomial_weighted.csv" else "multinomial.csv"),
          numClasses = K, lambda = num(c$lambda), alpha = num(c$alpha),
          standardize = if (c$standardize) "true" else "false", penaltyFactors = vec(c$f),
          glmnetPenaltyFactor = vec(c$g), intercept = vec(c$b0), coefficients = mat(c$B),
          objective = num(c$objective), referenceKkt = num(c$kkt), peer = str(c$peer), call = str(c$call))
  paste0("  {\n", paste0("    \"", names(fl), "\": ", fl, collapse = ",\n"), "\n  }")
}, "")
writeLines(paste0("[\n", paste(out, collapse = ",\n"), "\n]"), file.path(here, "multinomial_factors.json"))
for (c in cases) cat(c$id, ": objective", format(c$objective, digits = 17), " kkt", format(c$kkt, digits = 3), "\n")
