# Reference fits for multinomial (softmax) regression (issue 15, item 1): R glmnet 4.1-6 (penalized) and
# nnet::multinom 7.3 (unpenalized) on a synthetic 3-class data set written here. Run from anywhere:
#   Rscript make_multinomial.R
# It rewrites multinomial.csv, multinomial_weighted.csv and multinomial.json in this folder.
#
# The objective is sparkglm's (README "The objective", multinomial), symmetric parametrization, classes 0..K-1:
#   F(B, b0) = (1/sum w) sum_i w_i (-log p_{i,y_i}) + lambda * sum_k sum_j (alpha |s_j b_kj| + (1-alpha)/2 (s_j b_kj)^2)
#   p_ik = exp(eta_ik) / sum_l exp(eta_il),  eta_ik = b0_k + x_i'b_k,
# s_j the weighted population sd of feature j under standardize, else 1. This is glmnet's multinomial objective
# (type.multinomial = "ungrouped": glmnet normalizes the weights to mean 1, so its -loglik/N is the weighted mean
# above, and its lambda and alpha are ours). glmnet centres the intercepts to sum 0 and, per feature, shifts the K
# coefficients by the penalty-minimizing constant, so its answer is the (unique, for K = 3) minimizer above.
# glmnet runs a decreasing sequence of 60 lambdas ending at the target, thresh 1e-14; the JSON records its KKT
# violation (as sparkglm measures it, on the penalty's scale).
#
# Unpenalized: nnet::multinom fits the baseline parametrization (class 0's coefficients 0); its answer is then
# polished by Newton steps on the same (identifiable) parametrization until the gradient is below 1e-13, and mapped
# to the symmetric one by centring every coefficient (and the intercept) across classes: the minimum-norm point of
# the set of minimizers {B + 1 v'}, which is what sparkglm reports for lambda = 0. Both nnet's own answer
# ("nnetCoefficients", centred the same way) and the polished one are stored.
suppressPackageStartupMessages({ library(glmnet); library(nnet) })
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
glmnet.control(fdev = 0, devmax = 1)
num <- function(x) sprintf("%.17g", x)
vec <- function(v) paste0("[", paste(vapply(v, num, ""), collapse = ", "), "]")
mat <- function(m) paste0("[", paste(apply(m, 1, vec), collapse = ",\n      "), "]")   # rows = classes
str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")

set.seed(20261207)
n <- 300; p <- 5; K <- 3
scales <- c(1, 2, 0.5, 3, 1)
x <- matrix(rnorm(n * p), n, p) %*% diag(scales)
x[, 5] <- 0.6 * x[, 1] + 0.8 * x[, 5]                      # correlated features
x <- round(x, 4)
B <- rbind(c(0.8, -0.3, 0, 0.2, 0), c(-0.5, 0.4, 1.2, 0, 0), c(0, 0, -1, -0.3, 0.4))
b0 <- c(0.3, -0.2, 0)
eta <- sweep(x %*% t(B), 2, b0, "+")
pr <- exp(eta) / rowSums(exp(eta))
y <- apply(pr, 1, function(q) sample(0:(K - 1), 1, prob = q))
w <- sample(c(0.5, 1, 2, 3), n, replace = TRUE)
colnames(x) <- paste0("x", 1:p)
write.csv(data.frame(x, label = y), file.path(here, "multinomial.csv"), row.names = FALSE, quote = FALSE)
write.csv(data.frame(x, label = y, weight = w), file.path(here, "multinomial_weighted.csv"), row.names = FALSE,
          quote = FALSE)

wsd <- function(v, w) { w <- w / sum(w); m <- sum(w * v); sqrt(sum(w * (v - m)^2)) }
Y <- outer(y, 0:(K - 1), "==") * 1
# Data term, its gradient (K x (p+1), intercept last) and the KKT violation of the whole objective.
data_term <- function(B, b0, w) {
  e <- sweep(x %*% t(B), 2, b0, "+"); m <- apply(e, 1, max)
  lse <- m + log(rowSums(exp(e - m))); P <- exp(e - lse)
  list(value = sum(w * (lse - rowSums(Y * e))) / sum(w), grad = t(P - Y) %*% (w * cbind(x, 1)) / sum(w))
}
kkt <- function(B, b0, w, lambda, alpha, s) {
  g <- data_term(B, b0, w)$grad; worst <- max(abs(g[, p + 1]))
  for (k in 1:K) for (j in 1:p) {
    l1 <- lambda * alpha * s[j]; l2 <- lambda * (1 - alpha) * s[j]^2; sm <- g[k, j] + l2 * B[k, j]
    v <- if (B[k, j] != 0) abs(sm + l1 * sign(B[k, j])) else max(0, abs(sm) - l1)
    worst <- max(worst, v)
  }
  worst
}
objective <- function(B, b0, w, lambda, alpha, s) {
  C <- sweep(B, 2, s, "*")
  data_term(B, b0, w)$value + lambda * sum(alpha * abs(C) + (1 - alpha) / 2 * C^2)
}
# Deviance -2 sum_i w_i log p_{i,y_i} (the saturated model's log-likelihood is 0: one trial per row, weights as
# frequencies, as nnet::multinom takes them) and the null model's (intercepts only), from nnet::multinom(label ~ 1).
deviance_of <- function(B, b0, w) 2 * sum(w) * data_term(B, b0, w)$value
null_deviance <- function(w) {
  d <- data.frame(label = factor(y, levels = 0:(K - 1)))
  multinom(label ~ 1, data = d, weights = w, reltol = 1e-16, abstol = 1e-300, maxit = 10000, trace = FALSE)$deviance
}
# AIC = deviance + 2 k, k the parameters the fit determines: per column (intercept, each feature) the non-zero
# entries across the K classes, less one where all K are non-zero (the centring constraint). For an unpenalized fit
# k = (K-1)(p+1), nnet's edf.
aic_df <- function(B, b0) sum(apply(cbind(B, b0), 2, function(col) min(sum(col != 0), K - 1)))
cases <- list()
glmnet_case <- function(id, lambda, alpha, standardize, weighted) {
  ww <- if (weighted) w else rep(1, n)
  s <- if (standardize) apply(x, 2, wsd, w = ww) else rep(1, p)
  ybar <- colSums(ww * Y) / sum(ww)
  lmax <- max(abs(t(x) %*% (ww * sweep(Y, 2, ybar))) / sum(ww) / s) / max(alpha, 1e-3)
  seq_l <- exp(seq(log(max(lmax, 2 * lambda)), log(lambda), length.out = 60))
  fit <- glmnet(x, factor(y, levels = 0:(K - 1)), family = "multinomial", weights = ww, alpha = alpha,
                lambda = seq_l, standardize = standardize, intercept = TRUE, thresh = 1e-14, maxit = 1e7)
  k <- length(fit$lambda)
  stopifnot(abs(fit$lambda[k] - lambda) <= 1e-12 * lambda)
  Bh <- t(sapply(fit$beta, function(b) as.numeric(b[, k])))
  b0h <- as.numeric(fit$a0[, k])
  cases[[length(cases) + 1]] <<- list(id = id, weighted = weighted, lambda = lambda, alpha = alpha,
    standardize = standardize, B = Bh, b0 = b0h, objective = objective(Bh, b0h, ww, lambda, alpha, s),
    kkt = kkt(Bh, b0h, ww, lambda, alpha, s) / 1, deviance = deviance_of(Bh, b0h, ww),
    nullDeviance = null_deviance(ww), df = aic_df(Bh, b0h), peer = sprintf("glmnet %s (R %s)",
      packageDescription("glmnet")$Version, getRversion()),
    call = sprintf(paste0("glmnet(x, factor(y), family='multinomial', weights=%s, alpha=%.17g, ",
      "lambda=<60 down to %.17g>, standardize=%s, thresh=1e-14, maxit=1e7)"),
      if (weighted) "w" else "1", alpha, lambda, standardize), nnet = NULL)
}
# referenceKkt is the KKT violation on the original scale (penalty weights lambda*alpha*s_j and lambda*(1-alpha)*s_j^2),
# recorded to show how exact the reference is; the tests certify sparkglm's own fits.
glmnet_case("lasso", 0.02, 1, FALSE, FALSE)
glmnet_case("lasso_std", 0.02, 1, TRUE, FALSE)
glmnet_case("enet_std", 0.03, 0.5, TRUE, FALSE)
glmnet_case("ridge", 0.05, 0, FALSE, FALSE)
glmnet_case("enet_std_weighted", 0.015, 0.7, TRUE, TRUE)
glmnet_case("ridge_weighted", 0.04, 0, FALSE, TRUE)

centre <- function(Bfull) sweep(Bfull, 2, colMeans(Bfull))       # K x (p+1), intercept last
nnet_case <- function(id, weighted) {
  ww <- if (weighted) w else rep(1, n)
  d <- data.frame(x, label = factor(y, levels = 0:(K - 1)))
  m <- multinom(label ~ ., data = d, weights = ww, reltol = 1e-16, abstol = 1e-300, maxit = 10000, trace = FALSE)
  cf <- coef(m)                                                  # (K-1) x (1 + p): intercept first
  base <- rbind(0, cbind(cf[, -1], cf[, 1]))                     # K x (p+1), intercept last
  # Newton polish on the baseline parametrization (classes 1..K-1 free).
  th <- base
  for (it in 1:50) {
    e <- cbind(x, 1) %*% t(th); m_ <- apply(e, 1, max); P <- exp(e - m_) / rowSums(exp(e - m_))
    X1 <- cbind(x, 1); g <- as.numeric(t(X1) %*% (ww * (P - Y))[, -1, drop = FALSE]) / sum(ww)
    if (max(abs(g)) < 1e-13) break
    q <- p + 1; H <- matrix(0, (K - 1) * q, (K - 1) * q)
    for (a in 2:K) for (b in 2:K) {
      d_ <- ww * P[, a] * ((a == b) - P[, b])
      H[((a - 2) * q + 1):((a - 1) * q), ((b - 2) * q + 1):((b - 1) * q)] <- t(X1) %*% (d_ * X1) / sum(ww)
    }
    step <- solve(H, g)
    th[-1, ] <- th[-1, ] - matrix(step, K - 1, q, byrow = TRUE)
  }
  stopifnot(max(abs(g)) < 1e-12)
  C <- centre(th); Cn <- centre(base)
  cases[[length(cases) + 1]] <<- list(id = id, weighted = weighted, lambda = 0, alpha = 0, standardize = FALSE,
    B = C[, 1:p], b0 = C[, p + 1], objective = objective(C[, 1:p], C[, p + 1], ww, 0, 0, rep(1, p)),
    kkt = kkt(C[, 1:p], C[, p + 1], ww, 0, 0, rep(1, p)),
    deviance = deviance_of(C[, 1:p], C[, p + 1], ww), nullDeviance = null_deviance(ww),
    df = aic_df(C[, 1:p], C[, p + 1]),
    nnetFit = list(deviance = m$deviance, aic = m$AIC, edf = m$edf),
    peer = sprintf("nnet %s (R %s), Newton-polished", packageDescription("nnet")$Version, getRversion()),
    call = sprintf(paste0("multinom(label ~ ., weights=%s, reltol=1e-16, abstol=1e-300, maxit=10000), then Newton ",
      "steps to |gradient| < 1e-13, centred across classes"), if (weighted) "w" else "1"), nnet = Cn)
}
nnet_case("unpenalized", FALSE)
nnet_case("unpenalized_weighted", TRUE)

out <- vapply(cases, function(c) {
  f <- c(id = str(c$id), dataset = str(if (c$weighted) "multinomial_weighted.csv" else "multinomial.csv"),
         numClasses = K, lambda = num(c$lambda), alpha = num(c$alpha),
         standardize = if (c$standardize) "true" else "false", intercept = vec(c$b0), coefficients = mat(c$B),
         objective = num(c$objective), referenceKkt = num(c$kkt), deviance = num(c$deviance),
         nullDeviance = num(c$nullDeviance), df = c$df, aic = num(c$deviance + 2 * c$df), peer = str(c$peer),
         call = str(c$call))
  if (!is.null(c$nnet)) f <- c(f, nnetIntercept = vec(c$nnet[, p + 1]), nnetCoefficients = mat(c$nnet[, 1:p]),
                               nnetDeviance = num(c$nnetFit$deviance), nnetAIC = num(c$nnetFit$aic),
                               nnetEdf = c$nnetFit$edf)
  paste0("  {\n", paste0("    \"", names(f), "\": ", f, collapse = ",\n"), "\n  }")
}, "")
writeLines(paste0("[\n", paste(out, collapse = ",\n"), "\n]"), file.path(here, "multinomial.json"))
for (c in cases) cat(c$id, ": objective", format(c$objective, digits = 17), " kkt", format(c$kkt, digits = 3), "\n")
cat("class counts:", table(y), "\n")
