/**
 * Unsupervised pre-training with denoising autoencoders, after Glorot, Bordes and Bengio,
 * "Deep Sparse Rectifier Neural Networks" (AISTATS 2011). The package contains the masking noise,
 * one-layer autoencoders with the paper's four reconstruction strategies and one for tanh units,
 * and the greedy layer-wise loop, whose layers are folded into a network for fine-tuning.
 */
package dev.rectifier.pretrain;
