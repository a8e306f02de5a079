/**
 * Network building blocks: unit types, dense layers, the softmax and squared-error costs, the L1
 * activation penalty, and the network that composes them for forward and backward passes.
 */
package dev.rectifier.nn;
