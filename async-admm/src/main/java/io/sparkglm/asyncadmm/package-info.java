/**
 * Asynchronous consensus ADMM on Spark, registered as solver {@code async-admm}: single-partition local
 * updates kept in flight as independent Spark jobs ({@link io.sparkglm.asyncadmm.PartitionTasks}), a running
 * consensus updated as results arrive ({@link io.sparkglm.asyncadmm.RunningConsensus}), bounded staleness and
 * cancellation on stop.
 */
package io.sparkglm.asyncadmm;
