/**
 * Asynchronous consensus ADMM on Spark, registered as solver {@code async-admm}. Not implemented yet: see
 * the project's async-ADMM issue.
 */
package io.sparkglm.asyncadmm;
