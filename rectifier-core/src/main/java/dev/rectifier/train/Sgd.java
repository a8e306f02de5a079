package dev.rectifier.train;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.nn.ParameterUpdate;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;

/**
 * Minibatch stochastic gradient descent with a constant learning rate and optional momentum.
 *
 * <p>Without momentum the step {@code W −= learningRate · inputᵀ·deltas} is applied straight
 * from the layer's input and deltas by one kernel call, so the weight gradient is never stored
 * and each weight is read and written once per step. With momentum μ the optimiser keeps a
 * velocity per parameter: {@code v = μ·v − learningRate·g; W += v}.
 */
public final class Sgd implements ParameterUpdate {
  private final Kernels kernels;
  private final float learningRate;
  private final float momentum;
  private final Matrix[] weightVelocities;
  private final Matrix[] biasVelocities;

  /**
   * Creates the optimiser for a network with {@code layerCount} layers.
   *
   * @param learningRate step size, finite and greater than 0
   * @param momentum μ in [0, 1); 0 switches momentum off
   */
  public Sgd(Kernels kernels, double learningRate, double momentum, int layerCount) {
    TrainingConfig.checkLearningRate(learningRate);
    TrainingConfig.checkMomentum(momentum);
    this.kernels = kernels;
    this.learningRate = (float) learningRate;
    this.momentum = (float) momentum;
    this.weightVelocities = new Matrix[layerCount];
    this.biasVelocities = new Matrix[layerCount];
  }

  @Override
  public void apply(int layerIndex, DenseLayer layer, Matrix input, Matrix deltas) {
    Matrix target = weightStepTarget(layerIndex, layer);
    kernels.addTransposeAProduct(-learningRate, input, deltas, target);
    finishStep(layerIndex, layer, deltas);
  }

  @Override
  public void apply(int layerIndex, DenseLayer layer, CsrMatrix input, Matrix deltas) {
    Matrix target = weightStepTarget(layerIndex, layer);
    kernels.addTransposeAProduct(-learningRate, input, deltas, target);
    finishStep(layerIndex, layer, deltas);
  }

  /** Returns −learningRate without momentum, when the weight step is a plain scaled product. */
  @Override
  public float fusedWeightStep(int layerIndex) {
    return momentum == 0f ? -learningRate : 0f;
  }

  @Override
  public void applyWithoutWeightStep(int layerIndex, DenseLayer layer, Matrix deltas) {
    if (momentum != 0f) {
      throw new UnsupportedOperationException("SGD with momentum has no fusable weight step");
    }
    finishStep(layerIndex, layer, deltas);
  }

  /**
   * Returns the matrix that receives −learningRate·inputᵀ·deltas: without momentum the weights
   * themselves, with momentum the weight velocity after its decay by μ.
   */
  private Matrix weightStepTarget(int layerIndex, DenseLayer layer) {
    if (momentum == 0f) {
      return layer.weights();
    }
    Matrix weightVelocity = velocity(weightVelocities, layerIndex, layer.weights());
    scale(weightVelocity, momentum);
    return weightVelocity;
  }

  /** Steps the bias and, with momentum, moves the parameters by their velocities. */
  private void finishStep(int layerIndex, DenseLayer layer, Matrix deltas) {
    if (momentum == 0f) {
      ParameterUpdate.addColumnSums(deltas, -learningRate, layer.bias().data());
      return;
    }
    Matrix biasVelocity = velocity(biasVelocities, layerIndex, layer.bias());
    scale(biasVelocity, momentum);
    ParameterUpdate.addColumnSums(deltas, -learningRate, biasVelocity.data());
    add(weightVelocities[layerIndex], layer.weights());
    add(biasVelocity, layer.bias());
  }

  private static Matrix velocity(Matrix[] velocities, int layerIndex, Matrix parameter) {
    if (velocities[layerIndex] == null) {
      velocities[layerIndex] = new Matrix(parameter.rows(), parameter.cols());
    }
    return velocities[layerIndex];
  }

  private static void scale(Matrix values, float factor) {
    float[] v = values.data();
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
  }

  private static void add(Matrix source, Matrix target) {
    float[] s = source.data();
    float[] t = target.data();
    for (int i = 0; i < s.length; i++) {
      t[i] += s[i];
    }
  }
}
