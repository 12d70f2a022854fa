/** JMH benchmarks of the pipeline's domain code. */
package io.reviewflow.benchmarks;
