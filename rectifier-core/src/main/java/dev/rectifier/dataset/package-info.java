/** In-memory labelled data sets as the trainer consumes them. */
package dev.rectifier.dataset;
