package dev.rectifier.nn;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.tensor.CsrMatrix;
import dev.rectifier.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deep feed-forward network: hidden {@link DenseLayer}s followed by a linear output layer whose
 * values are the logits of a {@link SoftmaxCrossEntropy} cost or the predictions of a
 * {@link SquaredError} cost, as the spec's {@link OutputLoss} says.
 *
 * <p>Training step, for a batch x with labels or targets y:
 * forward {@code h_l = s ⊙ f(h_{l−1}·W_l + b_l)}; output deltas {@code (softmax − onehot)/B} or
 * {@code (output − y)/B};
 * then from the top layer down: propagate {@code ∂loss/∂h_{l−1} = δ_l · W_lᵀ} (masked by the exact
 * zeros of a rectifier layer), add the L1 activation penalty's gradient, multiply by
 * {@code s ⊙ f'}, and hand layer l's gradient to the {@link ParameterUpdate}.
 */
public final class Network {
  private final NetworkSpec spec;
  private final List<DenseLayer> layers;

  /** Creates a network with zero parameters; call {@link #initialize} before training. */
  public Network(NetworkSpec spec) {
    this.spec = spec;
    List<DenseLayer> built = new ArrayList<>();
    int inputs = spec.inputSize();
    for (int units : spec.hiddenSizes()) {
      built.add(new DenseLayer(inputs, units, spec.activation(), spec.halfNegated()));
      inputs = units;
    }
    built.add(new DenseLayer(inputs, spec.outputSize(), new Linear(), false));
    this.layers = List.copyOf(built);
  }

  public NetworkSpec spec() {
    return spec;
  }

  /** All layers, hidden first, output last. */
  public List<DenseLayer> layers() {
    return layers;
  }

  public int hiddenLayerCount() {
    return layers.size() - 1;
  }

  /**
   * Draws the hidden layers' weights from the spec's distribution and sets every bias and the
   * output layer's weights to 0.
   */
  public void initialize(SplittableRandom random) {
    for (int l = 0; l < layers.size(); l++) {
      DenseLayer layer = layers.get(l);
      layer.bias().fill(0f);
      if (l == layers.size() - 1) {
        layer.weights().fill(0f);
      } else {
        spec.weightInit().fill(layer.weights().data(), layer.inputSize(), layer.outputSize(), random);
      }
    }
  }

  /** Creates buffers for batches of exactly {@code batchSize} examples. */
  public Workspace workspace(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    return new Workspace(batchSize, layers);
  }

  /**
   * Runs the forward pass; the logits end up in {@link Workspace#outputs()}.
   *
   * @param input batchSize × inputSize, not modified
   */
  public void forward(Kernels kernels, Matrix input, Workspace workspace) {
    workspace.setActivationSum(0, layers.get(0).forward(kernels, input, null, workspace.preActivations(0),
        workspace.activations(0), workspace.nonZeros(0)));
    forwardAboveFirst(kernels, workspace);
  }

  /**
   * Runs the forward pass on a sparse input batch, such as bag-of-words text; the first layer's
   * work is proportional to the number of stored values.
   *
   * @param input batchSize × inputSize in CSR form, not modified
   */
  public void forward(Kernels kernels, CsrMatrix input, Workspace workspace) {
    workspace.setActivationSum(0, layers.get(0).forward(kernels, input, workspace.preActivations(0),
        workspace.activations(0), workspace.nonZeros(0)));
    forwardAboveFirst(kernels, workspace);
  }

  private void forwardAboveFirst(Kernels kernels, Workspace workspace) {
    for (int l = 1; l < layers.size(); l++) {
      workspace.setActivationSum(l, layers.get(l).forward(kernels, workspace.activations(l - 1),
          workspace.nonZeros(l - 1), workspace.preActivations(l), workspace.activations(l), workspace.nonZeros(l)));
    }
  }

  /**
   * Runs forward and backward on one batch of a classifier and passes every layer's gradient to
   * {@code update}.
   *
   * @param input batchSize × inputSize, not modified
   * @param labels the batch's classes, at least batchSize of them, not modified
   * @return the batch's mean negative log-likelihood plus the L1 activation penalty
   * @throws IllegalStateException if the network's output is not {@link OutputLoss#SOFTMAX_NLL}
   */
  public double trainStep(Kernels kernels, Matrix input, int[] labels, Workspace workspace,
      L1ActivationPenalty penalty, ParameterUpdate update) {
    spec.requireLoss(OutputLoss.SOFTMAX_NLL);
    forward(kernels, input, workspace);
    int batchSize = workspace.batchSize();
    double loss = SoftmaxCrossEntropy.lossAndGradient(workspace.outputs(), labels,
        workspace.deltas(layers.size() - 1), 1.0 / batchSize);
    return finishStep(kernels, input, workspace, penalty, update, loss);
  }

  /**
   * Runs forward and backward on one sparse batch of a classifier and passes every layer's
   * gradient to {@code update}; the same step as {@link #trainStep(Kernels, Matrix, int[],
   * Workspace, L1ActivationPenalty, ParameterUpdate)} on the dense form of {@code input}.
   *
   * @param input batchSize × inputSize in CSR form, not modified
   */
  public double trainStep(Kernels kernels, CsrMatrix input, int[] labels, Workspace workspace,
      L1ActivationPenalty penalty, ParameterUpdate update) {
    spec.requireLoss(OutputLoss.SOFTMAX_NLL);
    forward(kernels, input, workspace);
    double loss = SoftmaxCrossEntropy.lossAndGradient(workspace.outputs(), labels,
        workspace.deltas(layers.size() - 1), 1.0 / workspace.batchSize());
    double meanLoss = (loss + penaltySum(workspace, penalty)) / workspace.batchSize();
    backwardAboveFirst(kernels, workspace, penalty, update);
    update.apply(0, layers.get(0), input, workspace.deltas(0));
    return meanLoss;
  }

  /**
   * Runs forward and backward on one batch of a regression network and passes every layer's
   * gradient to {@code update}.
   *
   * @param input batchSize × inputSize, not modified
   * @param targets batchSize × outputSize, not modified
   * @return the batch's mean squared error (½‖output − target‖² per example) plus the L1 penalty
   * @throws IllegalStateException if the network's output is not {@link OutputLoss#SQUARED_ERROR}
   */
  public double trainStep(Kernels kernels, Matrix input, Matrix targets, Workspace workspace,
      L1ActivationPenalty penalty, ParameterUpdate update) {
    spec.requireLoss(OutputLoss.SQUARED_ERROR);
    forward(kernels, input, workspace);
    int batchSize = workspace.batchSize();
    double loss = SquaredError.lossAndGradient(workspace.outputs(), targets,
        workspace.deltas(layers.size() - 1), 1.0 / batchSize);
    return finishStep(kernels, input, workspace, penalty, update, loss);
  }

  /** Adds the L1 penalty to the summed output loss, back-propagates, and returns the batch mean. */
  private double finishStep(Kernels kernels, Matrix input, Workspace workspace, L1ActivationPenalty penalty,
      ParameterUpdate update, double outputLossSum) {
    double penaltySum = penaltySum(workspace, penalty);
    backward(kernels, input, workspace, penalty, update);
    return (outputLossSum + penaltySum) / workspace.batchSize();
  }

  private double penaltySum(Workspace workspace, L1ActivationPenalty penalty) {
    double sum = 0;
    if (!penalty.isZero()) {
      for (int l = 0; l < hiddenLayerCount(); l++) {
        // A listing layer's forward pass has already added up its activations.
        sum += workspace.nonZeros(l) != null
            ? penalty.sumOf(workspace.activationSum(l))
            : penalty.sum(workspace.activations(l));
      }
    }
    return sum;
  }

  /**
   * Back-propagates the output deltas already in the workspace, top layer first.
   */
  public void backward(Kernels kernels, Matrix input, Workspace workspace, L1ActivationPenalty penalty,
      ParameterUpdate update) {
    backwardAboveFirst(kernels, workspace, penalty, update);
    update.apply(0, layers.get(0), input, workspace.deltas(0));
  }

  /**
   * Back-propagates from the top layer down to the first layer's deltas and updates every layer
   * but the first, whose input the caller has in dense or sparse form. When the update's weight
   * step is a plain scaled product, each layer's step is fused with the back-propagation through
   * it, so the weights are read once.
   */
  private void backwardAboveFirst(Kernels kernels, Workspace workspace, L1ActivationPenalty penalty,
      ParameterUpdate update) {
    for (int l = layers.size() - 1; l > 0; l--) {
      DenseLayer layer = layers.get(l);
      Matrix deltas = workspace.deltas(l);
      DenseLayer below = layers.get(l - 1);
      Matrix belowActivations = workspace.activations(l - 1);
      Matrix mask = below.activation().hasExactZeros() ? belowActivations : null;
      Matrix belowGradients = workspace.deltas(l - 1);
      float fusedStep = update.fusedWeightStep(l);
      if (fusedStep != 0f) {
        // The forward pass listed a rectifier layer's non-zero outputs: the backward pass reuses that listing.
        CsrMatrix maskNonZeros = mask != null ? workspace.nonZeros(l - 1) : null;
        kernels.backPropagateAndStep(deltas, layer.weights(), belowGradients, mask, maskNonZeros, fusedStep,
            belowActivations);
      } else {
        kernels.multiplyTransposeB(deltas, layer.weights(), belowGradients, mask);
      }
      below.backwardToPreActivations(kernels, workspace.preActivations(l - 1), belowActivations, belowGradients,
          penalty, workspace.batchSize());
      if (fusedStep != 0f) {
        update.applyWithoutWeightStep(l, layer, deltas);
      } else {
        update.apply(l, layer, belowActivations, deltas);
      }
    }
  }
}
