/** Error rate, likelihood, exact-zero sparsity and dead-unit counts of a network on data. */
package dev.rectifier.metrics;
