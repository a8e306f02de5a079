/**
 * Dense row-major float matrices, the storage every layer and kernel works on, and compressed
 * sparse row (CSR) matrices for sparse layer inputs such as bag-of-words text.
 */
package dev.rectifier.tensor;
