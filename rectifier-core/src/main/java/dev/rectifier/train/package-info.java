/**
 * Supervised training: minibatch SGD, seeds split per component, early stopping on a
 * validation set, and the records a run produces.
 */
package dev.rectifier.train;
