/**
 * Catalog of the data sets that Rectifier can fetch and load by name, such as {@code mnist}.
 *
 * <p>{@link dev.rectifier.data.catalog.DataCatalog} maps names to
 * {@link dev.rectifier.data.catalog.CatalogEntry}s. An entry fetches and verifies its files into
 * {@code <dataDirectory>/<name>/} and returns the training, validation and test sets as
 * {@link dev.rectifier.data.catalog.PreparedData}, with the checksums to record for the run.
 */
package dev.rectifier.data.catalog;
