# A data set on which the sequential strong rule (Tibshirani et al. 2012) discards a feature that then violates
# the KKT conditions: issue 15 item 4, RegularizationPath's strong rules must find and correct it.
# R 4.2, glmnet 4.1-6. Run from anywhere: Rscript make_strong.R (rewrites strong_violation.csv).
# 40 rows, 30 features in three correlated groups, binomial labels. Checked here on glmnet's own path (binomial
# lasso, standardize = FALSE, the default 100 lambdas down to lambda_max * 1e-4, thresh 1e-14): the rule
# discards a feature at some lambda_k whose |gradient| then exceeds lambda_k (printed below).
suppressPackageStartupMessages(library(glmnet))
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
glmnet.control(fdev = 0, devmax = 1)
set.seed(224)
n <- 40; p <- 30
z <- matrix(rnorm(n * 3), n, 3)
x <- z[, rep(1:3, length.out = p)] + 0.4 * matrix(rnorm(n * p), n, p)
y <- rbinom(n, 1, 1 / (1 + exp(-(x[, 1] - x[, 2] + 0.5 * x[, 5]))))
fit <- glmnet(x, y, family = "binomial", alpha = 1, nlambda = 100, lambda.min.ratio = 1e-4, standardize = FALSE,
              thresh = 1e-14, maxit = 1e6)
grad <- function(k) {
  pr <- 1 / (1 + exp(-(fit$a0[k] + as.numeric(x %*% fit$beta[, k]))))
  as.numeric(crossprod(x, pr - y)) / n
}
found <- 0
for (k in 2:length(fit$lambda)) {
  g0 <- grad(k - 1); g <- grad(k)
  disc <- fit$beta[, k - 1] == 0 & abs(g0) < 2 * fit$lambda[k] - fit$lambda[k - 1]
  bad <- which(disc & abs(g) > fit$lambda[k])
  for (j in bad) {
    cat(sprintf("lambda[%d] = %.6g: x%d discarded, |g| / lambda = %.8f\n", k, fit$lambda[k], j, abs(g[j]) / fit$lambda[k]))
  }
  found <- found + length(bad)
}
stopifnot(found > 0)
d <- data.frame(label = y, x)
names(d) <- c("label", paste0("x", 1:p))
write.csv(d, file.path(here, "strong_violation.csv"), row.names = FALSE, quote = FALSE)
