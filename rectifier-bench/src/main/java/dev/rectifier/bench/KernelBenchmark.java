package dev.rectifier.bench;

import dev.rectifier.kernel.Kernels;
import dev.rectifier.kernel.ReferenceKernels;
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
 * Times the three training products on a hidden layer of the paper's network
 * (batchSize × 1000 inputs, 1000 × 1000 weights) at a chosen density of non-zero inputs.
 *
 * <p>The density is the share of non-zero layer inputs. In the MNIST network that
 * {@code ./rectifier train} trains with its default L1 penalty, 13–27% of each hidden layer's
 * units are active (docs/benchmarks.md); a dense layer has density 1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {

  /**
   * {@code vector}: zero skipping chosen per call by density (the default kernels);
   * {@code sparse}: the zero-skipping loops on every call; {@code dense}: never skipping, as a
   * dense library computes; {@code reference}: the plain loops.
   */
  @Param({"vector", "dense", "reference"})
  public String kernels;

  @Param({"10", "128"})
  public int batchSize;

  @Param({"1.0", "0.2"})
  public double density;

  @Param({"2"})
  public int threads;

  private Kernels implementation;
  private Matrix input;
  private Matrix weights;
  private Matrix output;
  private Matrix deltas;
  private Matrix inputGradients;

  @Setup(Level.Trial)
  public void setUp() {
    int units = 1000;
    SplittableRandom random = new SplittableRandom(42);
    implementation = switch (kernels) {
      case "vector" -> new VectorKernels(threads, VectorKernels.ZeroSkipping.AUTO);
      case "sparse" -> new VectorKernels(threads, VectorKernels.ZeroSkipping.ALWAYS);
      case "dense" -> new VectorKernels(threads, VectorKernels.ZeroSkipping.NEVER);
      case "reference" -> new ReferenceKernels();
      default -> throw new IllegalArgumentException("unknown kernels '" + kernels
          + "': expected vector, sparse, dense or reference");
    };
    input = new Matrix(batchSize, units);
    for (int i = 0; i < input.data().length; i++) {
      input.data()[i] = random.nextDouble() < density ? (float) random.nextDouble() : 0f;
    }
    weights = new Matrix(units, units);
    for (int i = 0; i < weights.data().length; i++) {
      weights.data()[i] = (float) random.nextGaussian(0, 0.03);
    }
    output = new Matrix(batchSize, units);
    deltas = new Matrix(batchSize, units);
    for (int i = 0; i < deltas.data().length; i++) {
      deltas.data()[i] = (float) random.nextGaussian(0, 0.01);
    }
    inputGradients = new Matrix(batchSize, units);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    implementation.close();
  }

  /** Forward product: output += input · weights. */
  @Benchmark
  public Matrix forward() {
    implementation.multiplyAdd(input, weights, output);
    return output;
  }

  /** Backward product: inputGradients = deltas · weightsᵀ, masked by the input's zeros. */
  @Benchmark
  public Matrix backward() {
    implementation.multiplyTransposeB(deltas, weights, inputGradients, input);
    return inputGradients;
  }

  /**
   * Backward product and fused SGD update in one pass over the weights, as a training step runs
   * them for every layer above the first.
   */
  @Benchmark
  public Matrix backwardAndUpdate() {
    implementation.backPropagateAndStep(deltas, weights, inputGradients, input, -1e-6f, input);
    return inputGradients;
  }

  /** Fused SGD update: weights += −learningRate · inputᵀ · deltas. */
  @Benchmark
  public Matrix weightUpdate() {
    implementation.addTransposeAProduct(-1e-6f, input, deltas, weights);
    return weights;
  }
}
