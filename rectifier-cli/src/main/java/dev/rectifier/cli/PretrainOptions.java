package dev.rectifier.cli;

import dev.rectifier.nn.Activation;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.pretrain.MaskingNoise;
import dev.rectifier.pretrain.PretrainingConfig;
import dev.rectifier.pretrain.ReconstructionStrategy;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options of unsupervised pre-training and of semi-supervised runs on {@code rectifier train}. */
final class PretrainOptions {

  @Option(names = "--pretrain-epochs", defaultValue = "0", paramLabel = "N",
      description = "Pre-train each hidden layer as a denoising autoencoder for N epochs before supervised"
          + " fine-tuning; 0 switches pre-training off (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--reconstruction", paramLabel = "STRATEGY",
      description = "How each autoencoder reconstructs its input: 1 or softplus (softplus units, squared error),"
          + " 2 or scaled-sigmoid (input divided by its maximum, sigmoid units, cross-entropy), 3 or linear,"
          + " 4 or rectifier, or min-max-sigmoid (input mapped from [min, max] onto [0, 1], for tanh units)"
          + " (default: 1 for rectifier and softplus units, min-max-sigmoid for tanh and sigmoid, 3 for linear).")
  String reconstruction;

  @Option(names = "--untied",
      description = "Give each autoencoder its own decoder weights instead of the transposed encoder weights"
          + " (default: tied).")
  boolean untied;

  @Option(names = "--noise", defaultValue = "0.25", paramLabel = "P",
      description = "Masking noise level: the probability (or fraction, see --noise-kind) of autoencoder inputs"
          + " set to 0 (default: ${DEFAULT-VALUE}).")
  double noiseLevel;

  @Option(names = "--noise-kind", defaultValue = "independent", paramLabel = "KIND",
      description = "independent: each input is set to 0 with probability P; exact-fraction: exactly"
          + " round(P x inputs) inputs of each example are set to 0 (default: ${DEFAULT-VALUE}).")
  String noiseKind;

  @Option(names = "--pretrain-lr", defaultValue = "0.01", paramLabel = "RATE",
      description = "Constant SGD learning rate of pre-training (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--pretrain-batch-size", paramLabel = "N",
      description = "Examples per pre-training minibatch (default: the --batch-size value).")
  Integer batchSize;

  @Option(names = "--pretrain-l1", paramLabel = "LAMBDA",
      description = "L1 penalty on each autoencoder's code, normalised as --l1 (default: the --l1 value).")
  Double l1Coefficient;

  @Option(names = "--labelled", paramLabel = "AMOUNT",
      description = "Fine-tune on a labelled subset of the training set, stratified by class and drawn with the"
          + " run's seed: a fraction such as 0.01 or a count such as 600. Pre-training still uses every"
          + " training input, without labels (default: all examples are labelled).")
  String labelled;

  boolean enabled() {
    return epochs > 0;
  }

  /** Checks the settings that need no data, so a bad value fails before any work starts. */
  void validate() {
    if (epochs < 0) {
      throw new IllegalArgumentException("--pretrain-epochs must be 0 (off) or more, got " + epochs);
    }
    parseNoiseKind();
    if (reconstruction != null) {
      ReconstructionStrategy.parse(reconstruction);
    }
  }

  /** Returns the pre-training settings for hidden units {@code unit}, falling back to the supervised ones. */
  PretrainingConfig config(Activation unit, WeightInit init, int defaultBatchSize, double defaultL1, long seed) {
    ReconstructionStrategy strategy = reconstruction != null
        ? ReconstructionStrategy.parse(reconstruction) : ReconstructionStrategy.defaultFor(unit);
    strategy.requireCompatible(unit);
    return new PretrainingConfig(strategy, !untied, parseNoiseKind(), noiseLevel, epochs, learningRate,
        batchSize != null ? batchSize : defaultBatchSize, l1Coefficient != null ? l1Coefficient : defaultL1, init,
        seed);
  }

  private MaskingNoise.Kind parseNoiseKind() {
    return switch (noiseKind.strip().toLowerCase(Locale.ROOT)) {
      case "independent" -> MaskingNoise.Kind.INDEPENDENT;
      case "exact-fraction" -> MaskingNoise.Kind.EXACT_FRACTION;
      default -> throw new IllegalArgumentException("unknown --noise-kind '" + noiseKind
          + "': expected independent or exact-fraction");
    };
  }
}
