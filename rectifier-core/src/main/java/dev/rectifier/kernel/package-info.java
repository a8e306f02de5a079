/**
 * Matrix-product kernels: a narrow interface, the plain reference implementation that defines
 * it, and the fast zero-skipping Vector API implementation that tests compare against it.
 */
package dev.rectifier.kernel;
