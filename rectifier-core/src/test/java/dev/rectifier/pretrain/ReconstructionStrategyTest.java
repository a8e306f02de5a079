package dev.rectifier.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rectifier.nn.Linear;
import dev.rectifier.nn.Rectifier;
import dev.rectifier.nn.RescaledSoftplus;
import dev.rectifier.nn.Sigmoid;
import dev.rectifier.nn.Softplus;
import dev.rectifier.nn.Tanh;
import org.junit.jupiter.api.Test;

class ReconstructionStrategyTest {

  @Test
  void parseAcceptsPaperNumbers() {
    assertThat(ReconstructionStrategy.parse("1")).isEqualTo(ReconstructionStrategy.SOFTPLUS);
    assertThat(ReconstructionStrategy.parse("2")).isEqualTo(ReconstructionStrategy.SCALED_SIGMOID);
    assertThat(ReconstructionStrategy.parse("3")).isEqualTo(ReconstructionStrategy.LINEAR);
    assertThat(ReconstructionStrategy.parse("4")).isEqualTo(ReconstructionStrategy.RECTIFIER);
  }

  @Test
  void parseAcceptsNames() {
    for (ReconstructionStrategy strategy : ReconstructionStrategy.values()) {
      assertThat(ReconstructionStrategy.parse(strategy.spec())).isEqualTo(strategy);
    }
    assertThat(ReconstructionStrategy.parse(" Scaled-Sigmoid ")).isEqualTo(ReconstructionStrategy.SCALED_SIGMOID);
    assertThat(ReconstructionStrategy.parse("min-max-sigmoid")).isEqualTo(ReconstructionStrategy.MIN_MAX_SIGMOID);
  }

  @Test
  void parseRejectsFive() {
    assertThatThrownBy(() -> ReconstructionStrategy.parse("5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown reconstruction '5'")
        .hasMessageContaining("1 or softplus")
        .hasMessageContaining("min-max-sigmoid");
  }

  @Test
  void parseRejectsZero() {
    // MIN_MAX_SIGMOID reports number 0 because it is not one of strategies 1 to 4, so "0" names no strategy.
    assertThatThrownBy(() -> ReconstructionStrategy.parse("0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown reconstruction '0'");
  }

  @Test
  void paperNumbersAndRules() {
    assertThat(ReconstructionStrategy.SOFTPLUS.paperNumber()).isEqualTo(1);
    assertThat(ReconstructionStrategy.MIN_MAX_SIGMOID.paperNumber()).isZero();
    assertThat(ReconstructionStrategy.SCALED_SIGMOID.scalingRule()).isEqualTo(InputScaling.Rule.DIVIDE_BY_MAXIMUM);
    assertThat(ReconstructionStrategy.MIN_MAX_SIGMOID.scalingRule()).isEqualTo(InputScaling.Rule.MIN_MAX);
    assertThat(ReconstructionStrategy.SCALED_SIGMOID.cost()).isEqualTo(ReconstructionStrategy.Cost.CROSS_ENTROPY);
    assertThat(ReconstructionStrategy.RECTIFIER.cost()).isEqualTo(ReconstructionStrategy.Cost.QUADRATIC);
  }

  @Test
  void tanhRejectsNonNegativeStrategies() {
    for (ReconstructionStrategy strategy : new ReconstructionStrategy[] {ReconstructionStrategy.SOFTPLUS,
        ReconstructionStrategy.RECTIFIER, ReconstructionStrategy.SCALED_SIGMOID}) {
      assertThatThrownBy(() -> strategy.requireCompatible(new Tanh(), 2))
          .as("%s", strategy)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reconstruction " + strategy.spec())
          .hasMessageContaining("tanh units")
          .hasMessageContaining("use min-max-sigmoid or linear");
    }
  }

  @Test
  void singleLayerReconstructsNoCode() {
    assertThatCode(() -> ReconstructionStrategy.SOFTPLUS.requireCompatible(new Tanh(), 1)).doesNotThrowAnyException();
  }

  @Test
  void tanhAcceptsSignedStrategies() {
    assertThatCode(() -> ReconstructionStrategy.LINEAR.requireCompatible(new Tanh(), 2)).doesNotThrowAnyException();
    assertThatCode(() -> ReconstructionStrategy.MIN_MAX_SIGMOID.requireCompatible(new Tanh(), 2))
        .doesNotThrowAnyException();
  }

  @Test
  void linearUnitsRejectSoftplus() {
    assertThatThrownBy(() -> ReconstructionStrategy.SOFTPLUS.requireCompatible(new Linear(), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linear units");
  }

  @Test
  void nonNegativeUnitsAcceptEveryStrategy() {
    for (ReconstructionStrategy strategy : ReconstructionStrategy.values()) {
      assertThatCode(() -> strategy.requireCompatible(new Rectifier(), 2)).as("%s, rectifier").doesNotThrowAnyException();
      assertThatCode(() -> strategy.requireCompatible(new Softplus(), 2)).as("%s, softplus").doesNotThrowAnyException();
      assertThatCode(() -> strategy.requireCompatible(new RescaledSoftplus(4), 2)).as("%s, rescaled softplus")
          .doesNotThrowAnyException();
      assertThatCode(() -> strategy.requireCompatible(new Sigmoid(), 2)).as("%s, sigmoid").doesNotThrowAnyException();
    }
  }

  @Test
  void defaultsPerUnit() {
    assertThat(ReconstructionStrategy.defaultFor(new Rectifier())).isEqualTo(ReconstructionStrategy.SOFTPLUS);
    assertThat(ReconstructionStrategy.defaultFor(new Softplus())).isEqualTo(ReconstructionStrategy.SOFTPLUS);
    assertThat(ReconstructionStrategy.defaultFor(new Tanh())).isEqualTo(ReconstructionStrategy.MIN_MAX_SIGMOID);
    assertThat(ReconstructionStrategy.defaultFor(new Sigmoid())).isEqualTo(ReconstructionStrategy.MIN_MAX_SIGMOID);
    assertThat(ReconstructionStrategy.defaultFor(new Linear())).isEqualTo(ReconstructionStrategy.LINEAR);
  }

  @Test
  void defaultIsCompatible() {
    for (var unit : new dev.rectifier.nn.Activation[] {new Rectifier(), new Softplus(), new Tanh(), new Sigmoid(),
        new Linear()}) {
      ReconstructionStrategy strategy = ReconstructionStrategy.defaultFor(unit);
      assertThatCode(() -> strategy.requireCompatible(unit, 2)).as("%s", unit.spec()).doesNotThrowAnyException();
    }
  }
}
