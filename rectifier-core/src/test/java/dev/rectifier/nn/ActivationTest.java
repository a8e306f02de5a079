package dev.rectifier.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ActivationTest {

  /**
   * Step of the central difference, relative to max(1, |x|). With it the truncation error
   * h²·|f'''|/6 stays below 1e-10 for every unit here (|f'''| ≤ 0.1·α² ≤ 90 at α = 30), and the
   * rounding error ulp(f(x))/h stays below 1e-9.
   */
  private static final double RELATIVE_STEP = 1e-6;

  /** Allowed gap between f' and the central difference; every f' here lies in [0, 1]. */
  private static final double DERIVATIVE_TOLERANCE = 1e-7;

  /** Rounding slack when comparing the rescaled softplus with max(0, x) in double. */
  private static final double ROUNDING_SLACK = 1e-12;

  private static List<Activation> allUnits() {
    return List.of(new Rectifier(), new Softplus(), new RescaledSoftplus(0.5), new RescaledSoftplus(1),
        new RescaledSoftplus(4), new RescaledSoftplus(30), new Tanh(), new Sigmoid(), new Linear());
  }

  /** Fixed points from tiny to huge magnitudes plus random ones on several scales, 0 excluded. */
  private static List<Double> checkPoints() {
    List<Double> points = new ArrayList<>();
    double[] magnitudes = {1e-3, 0.1, 0.5, 1, 2.5, 10, 30, 100, 1000, 1e4};
    for (double magnitude : magnitudes) {
      points.add(magnitude);
      points.add(-magnitude);
    }
    SplittableRandom random = new SplittableRandom(11);
    for (double scale : new double[] {0.1, 1, 5, 50}) {
      for (int i = 0; i < 50; i++) {
        double x = random.nextDouble(-scale, scale);
        if (Math.abs(x) > 1e-4) {
          points.add(x);
        }
      }
    }
    return points;
  }

  @Test
  void derivativeMatchesCentralDifference() {
    int checked = 0;
    for (Activation unit : allUnits()) {
      for (double x : checkPoints()) {
        double h = RELATIVE_STEP * Math.max(1, Math.abs(x));
        double numeric = (unit.value(x + h) - unit.value(x - h)) / ((x + h) - (x - h));

        assertThat(unit.derivative(x))
            .as("%s'(%s)", unit.spec(), x)
            .isCloseTo(numeric, within(DERIVATIVE_TOLERANCE));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(allUnits().size() * checkPoints().size());
  }

  @Test
  void softplusLargeInputsStayFinite() {
    Softplus softplus = new Softplus();

    assertThat(softplus.value(1000)).isEqualTo(1000.0);
    assertThat(softplus.value(-700)).isPositive().isCloseTo(Math.exp(-700), within(1e-310));
    // ln(1 + e⁻¹⁰⁰⁰) ≈ 5e-435 is below the smallest double (4.9e-324), so 0 is its correct rounding.
    assertThat(softplus.value(-1000)).isBetween(0.0, Double.MIN_NORMAL);
    assertThat(softplus.derivative(1e4)).isEqualTo(1.0);
    assertThat(softplus.derivative(-1e4)).isBetween(0.0, Double.MIN_NORMAL);
  }

  @Test
  void everyUnitFiniteOnAnyFloat() {
    List<Float> inputs = new ArrayList<>(List.of(Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, 0f, -0f, 1e30f, -1e30f, 88.7f, -103.9f));
    SplittableRandom random = new SplittableRandom(12);
    while (inputs.size() < 5_000) {
      // Random bit patterns spread the inputs evenly over all binary exponents.
      float x = Float.intBitsToFloat(random.nextInt());
      if (Float.isFinite(x)) {
        inputs.add(x);
      }
    }

    List<String> nonFinite = new ArrayList<>();
    for (Activation unit : allUnits()) {
      float[] preActivations = toArray(inputs);
      float[] activations = new float[preActivations.length];
      float[] gradients = new float[preActivations.length];
      Arrays.fill(gradients, 1f);
      unit.apply(preActivations, activations, preActivations.length);
      unit.multiplyByDerivative(preActivations, activations, gradients, preActivations.length);

      for (int i = 0; i < preActivations.length; i++) {
        float x = preActivations[i];
        boolean finite = Double.isFinite(unit.value(x)) && Double.isFinite(unit.derivative(x))
            && Float.isFinite(activations[i]) && Float.isFinite(gradients[i]);
        if (!finite) {
          nonFinite.add(unit.spec() + " at " + x + ": value " + unit.value(x) + ", derivative "
              + unit.derivative(x) + ", float value " + activations[i] + ", float derivative " + gradients[i]);
        }
      }
    }
    assertThat(nonFinite).isEmpty();
  }

  @Test
  void rescaledSoftplusAtOneIsSoftplus() {
    Softplus softplus = new Softplus();
    RescaledSoftplus rescaled = new RescaledSoftplus(1);

    for (double x : checkPoints()) {
      assertThat(rescaled.value(x)).as("value at %s", x).isEqualTo(softplus.value(x));
      assertThat(rescaled.derivative(x)).as("derivative at %s", x).isEqualTo(softplus.derivative(x));
    }
  }

  @Test
  void rescaledSoftplusApproachesRectifier() {
    Rectifier rectifier = new Rectifier();
    double previousGapAtZero = Double.POSITIVE_INFINITY;
    for (double alpha : new double[] {4, 30, 1000, 1e6}) {
      RescaledSoftplus rescaled = new RescaledSoftplus(alpha);

      // f_α(x) − max(0, x) = ln(1 + e^(−α|x|)) / α, largest at x = 0 where it is ln 2 / α.
      double gapAtZero = rescaled.value(0);
      assertThat(gapAtZero).as("gap at 0 for alpha %s", alpha).isCloseTo(Math.log(2) / alpha, within(1e-15));
      assertThat(gapAtZero).isLessThan(previousGapAtZero);
      previousGapAtZero = gapAtZero;
      for (double x : checkPoints()) {
        double gap = rescaled.value(x) - rectifier.value(x);
        assertThat(gap).as("gap at %s for alpha %s", x, alpha)
            .isBetween(-ROUNDING_SLACK * Math.max(1, Math.abs(x)), gapAtZero + ROUNDING_SLACK);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"rectifier", "softplus", "rescaled-softplus:0.5", "rescaled-softplus:1", "rescaled-softplus:4",
      "rescaled-softplus:30", "tanh", "sigmoid", "linear"})
  void floatMethodsMatchDoubleDefinitions(String spec) {
    Activation unit = Activation.parse(spec);
    float[] preActivations = {-1e4f, -30f, -2.5f, -1f, -0.3f, -1e-6f, -0f, 0f, 1e-6f, 0.3f, 1f, 2.5f, 30f, 1e4f,
        Float.MAX_VALUE, -Float.MAX_VALUE};
    float[] incoming = new float[preActivations.length];
    for (int i = 0; i < incoming.length; i++) {
      incoming[i] = i % 2 == 0 ? 0.75f : -1.25f;
    }
    float[] activations = new float[preActivations.length];
    float[] gradients = incoming.clone();

    unit.apply(preActivations, activations, preActivations.length);
    unit.multiplyByDerivative(preActivations, activations, gradients, preActivations.length);

    for (int i = 0; i < preActivations.length; i++) {
      float x = preActivations[i];
      float expectedActivation = (float) unit.value(x);
      float expectedGradient = incoming[i] * (float) unit.derivative(x);
      // Adding +0f turns −0 into +0, so the comparison is exact except for the sign of zero.
      assertThat(activations[i] + 0f).as("apply at %s", x).isEqualTo(expectedActivation + 0f);
      assertThat(gradients[i] + 0f).as("multiplyByDerivative at %s", x).isEqualTo(expectedGradient + 0f);
    }
  }

  @Test
  void rectifierOutputsExactZeroWhenNonPositive() {
    Rectifier rectifier = new Rectifier();
    float[] preActivations = {0f, -0f, -Float.MIN_VALUE, -1e-30f, -1f, -Float.MAX_VALUE};
    float[] activations = new float[preActivations.length];
    Arrays.fill(activations, 7f);
    float[] gradients = {0.5f, -0.5f, 2f, -2f, 3f, -3f};

    rectifier.apply(preActivations, activations, preActivations.length);
    rectifier.multiplyByDerivative(preActivations, activations, gradients, preActivations.length);

    for (int i = 0; i < preActivations.length; i++) {
      assertThat(Float.floatToRawIntBits(activations[i])).as("bits of f(%s)", preActivations[i]).isZero();
      assertThat(gradients[i]).as("gradient at %s", preActivations[i]).isZero();
    }
    assertThat(rectifier.value(0)).isZero();
    assertThat(rectifier.value(-3)).isZero();
    assertThat(rectifier.derivative(0)).isZero();
    assertThat(rectifier.derivative(-0.0)).isZero();
    assertThat(rectifier.derivative(Double.MIN_VALUE)).isEqualTo(1.0);
  }

  @Test
  void parseRoundTripsSpec() {
    for (Activation unit : allUnits()) {
      assertThat(Activation.parse(unit.spec())).as(unit.spec()).isEqualTo(unit);
    }
    assertThat(Activation.parse("relu")).isEqualTo(new Rectifier());
    assertThat(Activation.parse("  TANH ")).isEqualTo(new Tanh());
    assertThat(Activation.parse("rescaled-softplus:4")).isEqualTo(new RescaledSoftplus(4));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "relu6 | unknown unit 'relu6'",
      "\"\" | unknown unit ''",
      "soft plus | unknown unit 'soft plus'",
      "rescaled-softplus: | invalid alpha ''",
      "rescaled-softplus:abc | invalid alpha 'abc'",
      "rescaled-softplus:0 | got 0.0",
      "rescaled-softplus:-2 | got -2.0",
      "rescaled-softplus:1e400 | got Infinity"})
  void parseRejectsBadSpec(String spec, String messageFragment) {
    assertThatThrownBy(() -> Activation.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(messageFragment);
  }

  private static float[] toArray(List<Float> values) {
    float[] array = new float[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }
}
