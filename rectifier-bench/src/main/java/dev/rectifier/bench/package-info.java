/** JMH benchmarks of Rectifier's kernels; run with {@code bench/run-kernels}. */
package dev.rectifier.bench;
