package dev.rectifier.bench;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.tensor.Matrix;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Times every matrix product of one SGD step of the 784-1000-1000-1000-10 MNIST network of
 * Glorot, Bordes and Bengio (2011), with layer inputs and deltas as sparse as in a trained one.
 *
 * <p>Per layer l the step runs the forward product on an input of density d_l, the backward
 * product with deltas of density d_{l+1} masked by the input's zeros (layers above the first),
 * and the fused weight update. The densities come from the {@code profile} parameter:
 * {@code trained} is MNIST pixels (19% non-zero) followed by the hidden densities that
 * {@code ./rectifier train --dataset mnist} measured on the best model of a run on 2026-12-04
 * (10%, 22%, 23%, at 1.45% test error). A rectifier unit's delta is zero wherever its output is,
 * so the deltas share those densities.
 * {@code dense} fills everything. Elementwise work (activations, softmax) is left out, so the
 * figures are the products' share of a step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingStepBenchmark {
  private static final int[] SIZES = {784, 1000, 1000, 1000, 10};

  /** {@code vector}: the default zero-skipping kernels; {@code dense}: never skipping. */
  @Param({"vector", "dense"})
  public String kernels;

  @Param({"10", "128"})
  public int batchSize;

  @Param({"trained", "dense"})
  public String profile;

  @Param({"2"})
  public int threads;

  private Kernels implementation;
  private Matrix[] inputs;
  private Matrix[] weights;
  private Matrix[] outputs;
  private Matrix[] deltas;
  private Matrix[] inputGradients;

  @Setup(Level.Trial)
  public void setUp() {
    double[] densities = switch (profile) {
      case "trained" -> new double[] {0.19, 0.10, 0.22, 0.23, 1.0};
      case "dense" -> new double[] {1.0, 1.0, 1.0, 1.0, 1.0};
      default -> throw new IllegalArgumentException("unknown profile '" + profile + "': expected trained or dense");
    };
    implementation = new VectorKernels(threads,
        kernels.equals("dense") ? VectorKernels.ZeroSkipping.NEVER : VectorKernels.ZeroSkipping.AUTO);
    SplittableRandom random = new SplittableRandom(42);
    int layers = SIZES.length - 1;
    inputs = new Matrix[layers];
    weights = new Matrix[layers];
    outputs = new Matrix[layers];
    deltas = new Matrix[layers];
    inputGradients = new Matrix[layers];
    for (int l = 0; l < layers; l++) {
      inputs[l] = randomMatrix(batchSize, SIZES[l], densities[l], random);
      weights[l] = randomMatrix(SIZES[l], SIZES[l + 1], 1.0, random);
      outputs[l] = new Matrix(batchSize, SIZES[l + 1]);
      deltas[l] = randomMatrix(batchSize, SIZES[l + 1], densities[l + 1], random);
      inputGradients[l] = new Matrix(batchSize, SIZES[l]);
    }
  }

  private static Matrix randomMatrix(int rows, int cols, double density, SplittableRandom random) {
    Matrix matrix = new Matrix(rows, cols);
    float[] values = matrix.data();
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble() < density ? (float) random.nextGaussian(0, 0.03) : 0f;
    }
    return matrix;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    implementation.close();
  }

  /**
   * Runs one plain-SGD step's products for all layers, as {@code Network.trainStep} calls them:
   * above the first layer, back-propagation and weight step fused in one pass over the weights.
   * The tiny learning rate keeps the weights in range.
   */
  @Benchmark
  public Matrix step() {
    for (int l = 0; l < inputs.length; l++) {
      implementation.multiplyAdd(inputs[l], weights[l], outputs[l]);
    }
    for (int l = inputs.length - 1; l > 0; l--) {
      implementation.backPropagateAndStep(deltas[l], weights[l], inputGradients[l], inputs[l], -1e-9f, inputs[l]);
    }
    implementation.addTransposeAProduct(-1e-9f, inputs[0], deltas[0], weights[0]);
    return weights[0];
  }
}
