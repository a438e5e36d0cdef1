package io.sparkglm.spark.ml;

import java.io.Serializable;

/**
 * How a model does on (new) data: the weighted deviance and its per-weight mean, and the family's usual
 * metrics: RMSE and MAE (gaussian), log-loss and AUC (binomial); {@code NaN} where a metric does not apply.
 *
 * @param deviance {@code sum_i w_i d(y_i, mu_i)}
 * @param meanDeviance deviance / sum of weights
 * @param rmse root mean squared error of mu (weighted)
 * @param mae mean absolute error of mu (weighted)
 * @param logLoss mean negative log-likelihood of a {0,1} label (weighted; binomial)
 * @param auc area under the ROC curve of mu (binomial, unweighted, exact)
 * @param rows rows scored
 */
public record GlmEvaluation(double deviance, double meanDeviance, double rmse, double mae, double logLoss,
    double auc, long rows) implements Serializable {
}
