package dev.rectifier.bench;

import dev.rectifier.kernel.VectorKernels;
import dev.rectifier.tensor.CsrMatrix;
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
 * Times the first-layer products on a sparse input in CSR form against the dense Vector API
 * products on the same input stored densely.
 *
 * <p>The layer has {@code inputs} inputs (a bag-of-words vocabulary) and {@code outputs} units,
 * and a share {@code density} of the input elements is non-zero. Both sides run on
 * {@code new VectorKernels(1)}, one thread, and the dense side skips the input's exact zeros too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SparseInputBenchmark {

  @Param({"10", "128"})
  public int batchSize;

  @Param({"5000"})
  public int inputs;

  @Param({"1000"})
  public int outputs;

  @Param({"0.01"})
  public double density;

  private VectorKernels kernels;
  private CsrMatrix sparseInput;
  private Matrix denseInput;
  private Matrix weights;
  private Matrix output;
  private Matrix deltas;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    kernels = new VectorKernels(1);
    denseInput = new Matrix(batchSize, inputs);
    for (int i = 0; i < denseInput.data().length; i++) {
      denseInput.data()[i] = random.nextDouble() < density ? (float) random.nextDouble() : 0f;
    }
    sparseInput = CsrMatrix.fromDense(denseInput);
    weights = new Matrix(inputs, outputs);
    for (int i = 0; i < weights.data().length; i++) {
      weights.data()[i] = (float) random.nextGaussian(0, 0.03);
    }
    output = new Matrix(batchSize, outputs);
    deltas = new Matrix(batchSize, outputs);
    for (int i = 0; i < deltas.data().length; i++) {
      deltas.data()[i] = (float) random.nextGaussian(0, 0.01);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    kernels.close();
  }

  /** Times the forward product on the CSR input: output += input · weights. */
  @Benchmark
  public Matrix sparseForward() {
    kernels.multiplyAdd(sparseInput, weights, output);
    return output;
  }

  /** Times the forward product on the dense copy of the same input. */
  @Benchmark
  public Matrix denseForward() {
    kernels.multiplyAdd(denseInput, weights, output);
    return output;
  }

  /** Times the fused SGD update on the CSR input: weights += −learningRate · inputᵀ · deltas. */
  @Benchmark
  public Matrix sparseWeightUpdate() {
    kernels.addTransposeAProduct(-1e-6f, sparseInput, deltas, weights);
    return weights;
  }

  /** Times the fused SGD update on the dense copy of the same input. */
  @Benchmark
  public Matrix denseWeightUpdate() {
    kernels.addTransposeAProduct(-1e-6f, denseInput, deltas, weights);
    return weights;
  }
}
