/**
 * Unsupervised pre-training with denoising autoencoders, after Glorot, Bordes and Bengio,
 * "Deep Sparse Rectifier Neural Networks" (AISTATS 2011): masking noise, one-layer autoencoders
 * with the paper's four reconstruction strategies (and one for tanh units), and greedy
 * layer-wise pre-training whose layers are folded into a network for supervised fine-tuning.
 */
package dev.rectifier.pretrain;
