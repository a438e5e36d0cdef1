/**
 * Blocks of training rows in contiguous primitive arrays ({@link io.sparkglm.core.data.DenseBlock} row-major,
 * {@link io.sparkglm.core.data.SparseBlock} CSR) and the {@link io.sparkglm.core.data.BlockBuilder} that packs
 * rows into them. Coefficient vectors are laid out as {@code [beta_0 .. beta_{p-1}, intercept]}.
 */
package io.sparkglm.core.data;
