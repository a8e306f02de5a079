/**
 * Unsupervised pre-training with denoising autoencoders (Glorot, Bordes and Bengio 2011): the
 * masking noise that corrupts each autoencoder's input.
 */
package dev.rectifier.pretrain;
