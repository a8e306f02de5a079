package dev.rectifier.cli;

import dev.rectifier.data.catalog.PreparedData;
import dev.rectifier.kernel.Kernels;
import dev.rectifier.metrics.Evaluation;
import dev.rectifier.metrics.Evaluator;
import dev.rectifier.model.ModelFiles;
import dev.rectifier.nn.DenseLayer;
import dev.rectifier.tensor.Matrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rectifier evaluate}: reloads a saved model and reports its test metrics. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Loads a model (a run directory, its model/ folder, or its pretrained/ folder when it has no"
        + " model/) and prints its test error,"
        + " NLL, sparsity and dead units on the data set's test split; without --dataset, on the data set the"
        + " model was trained on.")
final class EvaluateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @ParentCommand
  RectifierCommand parent;

  @Mixin
  DataOptions data = new DataOptions();

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Run directory or model directory to load.")
  Path model;

  @Mixin
  ComputeOptions compute = new ComputeOptions();

  @Override
  public Integer call() throws Exception {
    Path modelDirectory = StartingModel.resolve(model, "--model",
        List.of(RunDirectory.MODEL_DIRECTORY, RunDirectory.PRETRAINED_DIRECTORY));
    ModelFiles.LoadedModel loaded = ModelFiles.load(modelDirectory);
    String recorded = loaded.settings().path("dataset").asText("");
    if (!spec.commandLine().getParseResult().hasMatchedOption("--dataset") && !recorded.isEmpty()) {
      data.dataset = recorded;
    }
    PreparedData prepared = data.prepare(parent);
    var out = spec.commandLine().getOut();
    DenseLayer output = loaded.network().layers().getLast();
    if (isZero(output.weights()) && isZero(output.bias())) {
      out.printf(Locale.ROOT, "Note: the output layer of %s is all zeros, as in a pre-trained model before"
          + " fine-tuning, so every example gets class 0%n", modelDirectory);
    }
    int hidden = loaded.network().hiddenLayerCount();
    int pretrained = loaded.settings().path(StartingModel.PRETRAINED_LAYERS_SETTING).asInt(hidden);
    if (pretrained < hidden) {
      out.printf(Locale.ROOT, "Note: %d of the %d hidden layers of %s were pre-trained; the others still have their"
          + " initial weights%n", pretrained, hidden, modelDirectory);
    }
    try (Kernels kernels = compute.createKernels()) {
      Evaluation test = new Evaluator(kernels).evaluate(loaded.network(), prepared.test());
      out.printf(Locale.ROOT, "Model %s (%s) on %s test set: %d examples%n", modelDirectory,
          loaded.network().spec().describe(), data.dataset, test.examples());
      out.printf(Locale.ROOT, "Test error %.2f%% (%d wrong), test NLL %.4g, hidden sparsity %.1f%% %s,"
              + " dead units %s%n",
          100 * test.errorRate(), Math.round(test.errorRate() * test.examples()), test.meanNll(),
          100 * test.meanSparsity(), TrainingProgress.percentages(test.sparsityPerLayer()),
          test.deadUnitsPerLayer());
      out.printf(Locale.ROOT, "testError=%s%n", test.errorRate());
      out.flush();
    }
    return 0;
  }

  private static boolean isZero(Matrix values) {
    for (float value : values.data()) {
      if (value != 0f) {
        return false;
      }
    }
    return true;
  }
}
