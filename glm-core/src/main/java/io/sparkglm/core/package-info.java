/**
 * sparkglm's pure-Java core: everything that is mathematics and nothing that is distribution.
 *
 * <ul>
 *   <li>{@link io.sparkglm.core.family}: exponential families, links, and the pointwise loss
 *       {@code l(y, eta)} (half the unit deviance) with its first and second derivatives in eta;</li>
 *   <li>{@link io.sparkglm.core.data}: blocks of rows in contiguous primitive arrays (dense row-major
 *       or sparse CSR), with labels, weights and offsets;</li>
 *   <li>{@link io.sparkglm.core.kernel}: the one fused block kernel (value, gradient, Hessian) and its
 *       accumulator;</li>
 *   <li>{@link io.sparkglm.core.simd}: the kernel's hot loops (exp/log1p losses, dense Gram) on the Vector API
 *       when {@code jdk.incubator.vector} is present, in plain Java otherwise;</li>
 *   <li>{@link io.sparkglm.core.penalty}: elastic-net penalties and their proximal operators;</li>
 *   <li>{@link io.sparkglm.core.solver}: solvers written against an abstract data term, so the same code
 *       runs on local blocks or on a Spark RDD.</li>
 * </ul>
 *
 * <p>This module has no Spark dependency (the build enforces it).
 */
package io.sparkglm.core;
