/** Dense row-major float matrices, the storage every layer and kernel works on. */
package dev.rectifier.tensor;
