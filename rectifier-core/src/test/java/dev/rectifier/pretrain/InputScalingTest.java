package dev.rectifier.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.tensor.Matrix;
import org.junit.jupiter.api.Test;

class InputScalingTest {

  @Test
  void divideByMaximumUsesMaximum() {
    Matrix inputs = new Matrix(2, 3, new float[] {0f, 2f, 4f, 1f, 0.5f, 3f});

    InputScaling scaling = InputScaling.fit(ReconstructionStrategy.SCALED_SIGMOID, inputs, "counts");

    assertThat(scaling.offset()).isEqualTo(0.0);
    assertThat(scaling.scale()).isEqualTo(4.0);
    assertThat(scaling.isIdentity()).isFalse();
  }

  @Test
  void divideByMaximumMapsIntoUnitInterval() {
    Matrix inputs = new Matrix(2, 3, new float[] {0f, 2f, 4f, 1f, 0.5f, 3f});
    InputScaling scaling = InputScaling.fit(ReconstructionStrategy.SCALED_SIGMOID, inputs, "counts");

    scaling.apply(inputs);

    assertThat(inputs.data()).containsExactly(0f, 0.5f, 1f, 0.25f, 0.125f, 0.75f);
  }

  @Test
  void divideByZeroMaximumIsIdentity() {
    InputScaling scaling = InputScaling.fit(ReconstructionStrategy.SCALED_SIGMOID, new Matrix(2, 2), "zeros");

    assertThat(scaling.isIdentity()).isTrue();
  }

  @Test
  void minMaxMapsSignedRange() {
    Matrix inputs = new Matrix(1, 5, new float[] {-1f, -0.5f, 0f, 0.5f, 1f});

    InputScaling scaling = InputScaling.fit(ReconstructionStrategy.MIN_MAX_SIGMOID, inputs, "tanh codes");
    scaling.apply(inputs);

    assertThat(scaling.offset()).isEqualTo(-1.0);
    assertThat(scaling.scale()).isEqualTo(2.0);
    assertThat(inputs.data()).containsExactly(0f, 0.25f, 0.5f, 0.75f, 1f);
  }

  @Test
  void minMaxConstantInputShiftedOnly() {
    Matrix inputs = new Matrix(2, 2);
    inputs.fill(3f);

    InputScaling scaling = InputScaling.fit(ReconstructionStrategy.MIN_MAX_SIGMOID, inputs, "constant");

    assertThat(scaling.offset()).isEqualTo(3.0);
    assertThat(scaling.scale()).isEqualTo(1.0);
  }

  @Test
  void applyClipsBeyondTrainingRange() {
    InputScaling scaling = new InputScaling(-1, 2);
    Matrix values = new Matrix(1, 3, new float[] {-5f, 0f, 3f});

    scaling.apply(values);

    assertThat(values.data()).containsExactly(0f, 0.5f, 1f);
  }

  @Test
  void identityLeavesValuesUnclipped() {
    Matrix values = new Matrix(1, 3, new float[] {-5f, 0.5f, 3f});

    InputScaling.IDENTITY.apply(values);

    assertThat(values.data()).containsExactly(-5f, 0.5f, 3f);
  }

  @Test
  void quadraticStrategiesKeepInputs() {
    Matrix inputs = new Matrix(1, 2, new float[] {0.5f, 7f});

    assertThat(InputScaling.fit(ReconstructionStrategy.SOFTPLUS, inputs, "input").isIdentity()).isTrue();
    assertThat(InputScaling.fit(ReconstructionStrategy.RECTIFIER, inputs, "input").isIdentity()).isTrue();
    assertThat(InputScaling.fit(ReconstructionStrategy.LINEAR, inputs, "input").isIdentity()).isTrue();
  }

  @Test
  void linearAcceptsNegativeInput() {
    Matrix inputs = new Matrix(1, 2, new float[] {-0.5f, 7f});

    assertThat(InputScaling.fit(ReconstructionStrategy.LINEAR, inputs, "input").isIdentity()).isTrue();
  }

  @Test
  void scaledSigmoidRejectsNegative() {
    Matrix inputs = new Matrix(3, 4);
    inputs.set(1, 2, -0.5f);
    inputs.set(2, 0, -3f);

    assertThatThrownBy(() -> InputScaling.fit(ReconstructionStrategy.SCALED_SIGMOID, inputs, "network input"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("network input")
        .hasMessageContaining("value -0.5 at example 1, component 2")
        .hasMessageContaining("negative")
        .hasMessageContaining("min-max-sigmoid");
  }

  @Test
  void softplusRejectsNegative() {
    Matrix inputs = new Matrix(2, 3);
    inputs.set(0, 1, -2f);

    assertThatThrownBy(() -> InputScaling.fit(ReconstructionStrategy.SOFTPLUS, inputs, "network input"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value -2.0 at example 0, component 1")
        .hasMessageContaining("softplus reconstruction");
  }

  @Test
  void rectifierRejectsNegative() {
    Matrix inputs = new Matrix(2, 3);
    inputs.set(1, 0, -1f);

    assertThatThrownBy(() -> InputScaling.fit(ReconstructionStrategy.RECTIFIER, inputs, "code of hidden layer 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("code of hidden layer 1")
        .hasMessageContaining("value -1.0 at example 1, component 0");
  }

  @Test
  void nanRejected() {
    Matrix inputs = new Matrix(2, 3);
    inputs.set(1, 2, Float.NaN);

    for (ReconstructionStrategy strategy : ReconstructionStrategy.values()) {
      assertThatThrownBy(() -> InputScaling.fit(strategy, inputs, "network input"))
          .as("%s", strategy)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("value NaN at example 1, component 2")
          .hasMessageContaining("not finite");
    }
  }

  @Test
  void infinityRejected() {
    Matrix inputs = new Matrix(1, 2);
    inputs.set(0, 1, Float.NEGATIVE_INFINITY);

    assertThatThrownBy(() -> InputScaling.fit(ReconstructionStrategy.LINEAR, inputs, "network input"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value -Infinity at example 0, component 1");
  }

  @Test
  void invalidScaleRejected() {
    assertThatThrownBy(() -> new InputScaling(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale 0.0");
    assertThatThrownBy(() -> new InputScaling(0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InputScaling(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset NaN");
  }
}
