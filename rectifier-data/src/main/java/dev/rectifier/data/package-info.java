/**
 * Loaders for data-set files and the catalog of known data sets.
 *
 * <p>This package contains what every loader shares: {@link dev.rectifier.data.DataFormatException}
 * for corrupt files and gzip detection by content. Format readers live in subpackages such as
 * {@code idx}; {@code fetch} downloads and verifies files; {@code catalog} names the data sets.
 */
package dev.rectifier.data;
