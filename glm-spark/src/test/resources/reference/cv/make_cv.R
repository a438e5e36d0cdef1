# Cross-validation references (issue 15, item 4): R glmnet 4.1-6 cv.glmnet on data sets of ../data, written to
# ./<id>.json. Run from anywhere: Rscript make_cv.R
#
# cv.glmnet(x, y, family, foldid, lambda, alpha = 1, type.measure = "deviance", grouped = TRUE, standardize,
#           thresh = 1e-14, maxit = 1e7), with glmnet.control(fdev = 0, devmax = 1) so no path stops early.
# foldid: set.seed(seed); sample(rep(seq(K), length = n)) (cv.glmnet's own draw), saved in the JSON.
# lambdas: 30 values log-spaced from lambda_max (the intercept-only model's max_j |x_j'(y - ybar)| / n / s_j,
#   s_j the weighted population sd of x_j with standardize, else 1) down to lambda_max * 1e-3, on sparkglm's scale.
# Gaussian: sparkglm's objective (README "The objective") is glmnet's on y / sd_y with lambda / sd_y (alpha = 1;
#   ../README.md), so glmnet runs on y / s with lambda / s and its cvm and cvsd (mean squared errors) are
#   multiplied by s^2, its lambda.min and lambda.1se by s.
suppressPackageStartupMessages(library(glmnet))
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
data_dir <- file.path(here, "..", "data")
glmnet.control(fdev = 0, devmax = 1)
wsd <- function(v) sqrt(mean((v - mean(v))^2))
num <- function(x) sprintf("%.17g", x)
json <- function(v) {
  if (is.list(v)) return(paste0("{\n", paste0("  \"", names(v), "\": ", vapply(v, json, ""), collapse = ",\n"), "\n}"))
  if (is.character(v)) return(paste0("\"", gsub("\"", "\\\\\"", v), "\""))
  if (is.logical(v)) return(if (v) "true" else "false")
  if (length(v) == 1 && is.null(attr(v, "array"))) return(num(v))
  paste0("[", paste(vapply(v, num, ""), collapse = ", "), "]")
}
arr <- function(v) structure(v, array = TRUE)

cv_case <- function(id, set, family, standardize, folds, seed) {
  d <- read.csv(file.path(data_dir, paste0(set, ".csv")))
  x <- as.matrix(d[, grep("^x", names(d))]); y <- d$label; n <- nrow(x)
  s <- if (family == "gaussian") wsd(y) else 1
  xs <- if (standardize) apply(x, 2, wsd) else rep(1, ncol(x))
  lmax <- max(abs(crossprod(x, y - mean(y))) / n / xs)
  lambdas <- lmax * 10^seq(0, -3, length.out = 30)
  set.seed(seed)
  foldid <- sample(rep(seq(folds), length = n))
  cv <- cv.glmnet(x, y / s, family = family, foldid = foldid, lambda = lambdas / s, alpha = 1,
                  type.measure = "deviance", grouped = TRUE, standardize = standardize, intercept = TRUE,
                  thresh = 1e-14, maxit = 1e7)
  stopifnot(length(cv$lambda) == length(lambdas))
  res <- list(id = id, dataset = set, family = family, standardize = standardize, alpha = 1, folds = folds,
              lambdas = arr(lambdas), cvm = arr(cv$cvm * s^2), cvsd = arr(cv$cvsd * s^2),
              lambdaMin = cv$lambda.min * s, lambda1se = cv$lambda.1se * s,
              indexMin = match(cv$lambda.min, cv$lambda) - 1, index1se = match(cv$lambda.1se, cv$lambda) - 1,
              foldid = arr(foldid),
              peer = sprintf("glmnet %s (R %s)", packageDescription("glmnet")$Version, getRversion()),
              call = sprintf(paste0("set.seed(%d); foldid <- sample(rep(seq(%d), length = n)); cv.glmnet(x, y/%.17g, ",
                                    "family='%s', foldid=foldid, lambda=lambdas/%.17g, alpha=1, ",
                                    "type.measure='deviance', grouped=TRUE, standardize=%s, thresh=1e-14); ",
                                    "cvm, cvsd times %.17g^2, lambda.min, lambda.1se times %.17g"),
                             seed, folds, s, family, s, standardize, s, s))
  writeLines(json(res), file.path(here, paste0(id, ".json")))
  cat(id, ": lambda.min", res$lambdaMin, "(", res$indexMin, ") lambda.1se", res$lambda1se, "(", res$index1se, ")\n")
}

cv_case("binom_cv", "binom", "binomial", FALSE, 5, 15)
cv_case("gauss_corr_cv_std", "gauss_corr", "gaussian", TRUE, 4, 4)
