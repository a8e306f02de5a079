package dev.rectifier.cli;

import dev.rectifier.nn.Activation;
import dev.rectifier.nn.WeightInit;
import dev.rectifier.pretrain.MaskingNoise;
import dev.rectifier.pretrain.PretrainingConfig;
import dev.rectifier.pretrain.ReconstructionStrategy;
import dev.rectifier.dataset.Dataset;
import dev.rectifier.dataset.LabelledSubset;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** Options of unsupervised pre-training and of semi-supervised runs on {@code rectifier train}. */
final class PretrainOptions {
  private static final Logger LOG = LoggerFactory.getLogger(PretrainOptions.class);

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
          + " run's seed: a fraction with a decimal point, such as 0.01 or 1.0, or a whole count such as 600."
          + " Pre-training still uses every training input, without labels (default: all examples are labelled).")
  String labelled;

  boolean enabled() {
    return epochs > 0;
  }

  /** The options that only matter with {@code --pretrain-epochs}. */
  private static final List<String> PRETRAINING_ONLY = List.of("--reconstruction", "--untied", "--noise",
      "--noise-kind", "--pretrain-lr", "--pretrain-batch-size", "--pretrain-l1");

  /**
   * Checks the settings that need no data, naming the option, so a bad value fails before any
   * work starts, and warns about pre-training options given without {@code --pretrain-epochs}.
   */
  void validate(ParseResult parsed) {
    if (epochs < 0) {
      throw new IllegalArgumentException("--pretrain-epochs must be 0 (off) or more, got " + epochs);
    }
    if (!(noiseLevel >= 0 && noiseLevel <= 1)) {
      throw new IllegalArgumentException("--noise " + noiseLevel + " is outside [0, 1]; give the probability (or"
          + " fraction) of autoencoder inputs set to 0, for example 0.25");
    }
    parseNoiseKind();
    if (reconstruction != null) {
      try {
        ReconstructionStrategy.parse(reconstruction);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--reconstruction: " + e.getMessage(), e);
      }
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("--pretrain-lr must be finite and > 0, got " + learningRate);
    }
    if (batchSize != null && batchSize < 1) {
      throw new IllegalArgumentException("--pretrain-batch-size must be at least 1, got " + batchSize);
    }
    if (l1Coefficient != null && (!(l1Coefficient >= 0) || !Double.isFinite(l1Coefficient))) {
      throw new IllegalArgumentException("--pretrain-l1 must be finite and >= 0, got " + l1Coefficient);
    }
    List<String> ignored = PRETRAINING_ONLY.stream().filter(parsed::hasMatchedOption).toList();
    if (!enabled() && !ignored.isEmpty()) {
      LOG.warn("{} only {} with --pretrain-epochs greater than 0, so {} ignored in this run",
          String.join(", ", ignored), ignored.size() == 1 ? "matters" : "matter", ignored.size() == 1 ? "it is" : "they are");
    }
  }

  /**
   * Returns the pre-training settings for a network of {@code hiddenLayers} layers of
   * {@code unit}, falling back to the supervised ones.
   */
  PretrainingConfig config(Activation unit, int hiddenLayers, WeightInit init, int defaultBatchSize,
      double defaultL1, long seed) {
    ReconstructionStrategy strategy = reconstruction != null
        ? ReconstructionStrategy.parse(reconstruction) : ReconstructionStrategy.defaultFor(unit);
    strategy.requireCompatible(unit, hiddenLayers);
    return new PretrainingConfig(strategy, !untied, parseNoiseKind(), noiseLevel, epochs, learningRate,
        batchSize != null ? batchSize : defaultBatchSize, l1Coefficient != null ? l1Coefficient : defaultL1, init,
        seed);
  }

  /**
   * Returns the labelled subset that {@code --labelled} requests, or {@code null} when every
   * example is labelled. Warns when some class gets no labelled example.
   */
  LabelledSubset labelledSubset(Dataset train, SplittableRandom random) {
    if (labelled == null) {
      return null;
    }
    LabelledSubset subset;
    try {
      subset = LabelledSubset.stratified(train, LabelledSubset.parseCount(labelled, train.size()), random);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--labelled: " + e.getMessage(), e);
    }
    int[] counts = subset.classCounts(train);
    List<Integer> unlabelled = IntStream.range(0, counts.length).filter(c -> counts[c] == 0).boxed().toList();
    if (!unlabelled.isEmpty()) {
      LOG.warn("--labelled {} leaves {} of the {} classes without a labelled example (classes {}), so the network"
          + " cannot learn them; label at least {} examples", labelled, unlabelled.size(), counts.length,
          unlabelled, counts.length);
    }
    return subset;
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
