/**
 * Reader for the IDX format of MNIST and Fashion-MNIST.
 *
 * <p>An IDX file is a big-endian header followed by the elements in row-major order: two zero
 * bytes, an element type code, the number of dimensions, then one 4-byte size per dimension.
 * {@link dev.rectifier.data.idx.IdxReader} parses any IDX file, raw or gzip-compressed, into an
 * {@link dev.rectifier.data.idx.IdxArray}; {@link dev.rectifier.data.idx.IdxLoader} turns image
 * and label files into matrices, label arrays and data sets.
 */
package dev.rectifier.data.idx;
