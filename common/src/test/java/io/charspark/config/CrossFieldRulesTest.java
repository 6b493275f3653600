package io.charspark.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The validation rules that relate two settings, each on both sides of its boundary, with the
 * whole one-line message it gives (the user reads it instead of a stack trace).
 */
class CrossFieldRulesTest {
  static final Path SPOILERS = Path.of("../conf/spoilers.conf");
  static final Path TOXIC = Path.of("../conf/toxic.conf");
  static final Path SHOWERTHOUGHTS = Path.of("../conf/showerthoughts.conf");

  private static void rejects(Path conf, String expected, String... set) {
    ConfigException e = assertThrows(ConfigException.class, () -> CharsparkConfig.load(conf, List.of(set)));
    assertEquals(expected, e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  private static void accepts(Path conf, String... set) {
    assertDoesNotThrow(() -> CharsparkConfig.load(conf, List.of(set)));
  }

  @Test
  void cnnNeedsTwoConvolutionsAndAPoolWithinMaxLength() {
    // 2 × (kernel 10 − 1) + pool 3 = 21 characters at least.
    rejects(SPOILERS, "etl.max_length = 20 is too short for two convolutions of kernel 10 and a pool of 3",
        "model.arch=cnn", "model.conv_kernel=10", "model.pool_size=3", "etl.max_length=20");
    accepts(SPOILERS, "model.arch=cnn", "model.conv_kernel=10", "model.pool_size=3", "etl.max_length=21");
    rejects(SPOILERS, "etl.max_length = 8 is too short for two convolutions of kernel 3 and a pool of 5",
        "model.arch=cnn_lstm", "model.conv_kernel=3", "model.pool_size=5", "etl.max_length=8");
    // The LSTM has no convolution: any length of at least 3 will do.
    accepts(SPOILERS, "model.arch=lstm", "model.conv_kernel=10", "etl.max_length=3");
  }

  @Test
  void ngramOrderNeedsAWindowOfOrderMinusOne() {
    rejects(SHOWERTHOUGHTS, "lm.ngram_order = 4 needs lm.window >= 3", "lm.window=2", "lm.ngram_order=4");
    accepts(SHOWERTHOUGHTS, "lm.window=2", "lm.ngram_order=3");
  }

  @Test
  void temperaturesMustAllBePositive() {
    rejects(SHOWERTHOUGHTS, "lm.temperatures must all be > 0, got [0.5, 0.0]", "lm.temperatures=[0.5, 0]");
    rejects(SHOWERTHOUGHTS, "lm.temperatures must all be > 0, got [-1.0]", "lm.temperatures=[-1]");
    accepts(SHOWERTHOUGHTS, "lm.temperatures=[0.01, 2]");
  }

  @Test
  void positiveWeightsNeedOneWeightPerLabel() {
    rejects(TOXIC, "toxic.positive_weights has 2 values but toxic.labels has 6 (one weight per label, or [] for off)",
        "toxic.positive_weights=[1, 5]");
    rejects(TOXIC, "toxic.positive_weights has 1 values but toxic.labels has 2 (one weight per label, or [] for off)",
        "toxic.labels=[toxic, insult]", "toxic.positive_weights=[3]");
    accepts(TOXIC, "toxic.labels=[toxic, insult]", "toxic.positive_weights=[3, 1.5]");
    accepts(TOXIC, "toxic.positive_weights=[]");
    rejects(TOXIC, "toxic.positive_weights must all be > 0, got [1.0, 0.0]",
        "toxic.labels=[toxic, insult]", "toxic.positive_weights=[1, 0]");
  }

  @Test
  void stratifyOnMustBeALabel() {
    rejects(TOXIC, "toxic.stratify_on = 'insults' is not one of toxic.labels "
        + "[toxic, severe_toxic, obscene, threat, insult, identity_hate]", "toxic.stratify_on=insults");
    // Changing the labels without stratify_on leaves it on a label that is gone.
    rejects(TOXIC, "toxic.stratify_on = 'toxic' is not one of toxic.labels [insult, threat]",
        "toxic.labels=[insult, threat]");
    accepts(TOXIC, "toxic.labels=[insult, threat]", "toxic.stratify_on=threat");
  }

  @Test
  void fromMustBeBeforeUntil() {
    rejects(SPOILERS, "input.from (2020-02-01) must be before input.until (2020-02-01)",
        "input.from=\"2020-02-01\"", "input.until=\"2020-02-01\"");
    rejects(SPOILERS, "input.from (2021-01-01) must be before input.until (2020-02-01)",
        "input.from=\"2021-01-01\"", "input.until=\"2020-02-01\"");
    accepts(SPOILERS, "input.from=\"2020-01-31\"", "input.until=\"2020-02-01\"");
    accepts(SPOILERS, "input.from=\"2020-01-31\"", "input.until=\"\"");
  }

  @Test
  void trainingNeedsTrainAndValidationSplitsAndALabel() {
    rejects(SPOILERS, "split.train and split.validation must be > 0 (training needs both)",
        "split.train=0.9", "split.validation=0", "split.test=0.1");
    accepts(SPOILERS, "split.train=0.9", "split.validation=0.1", "split.test=0");
    rejects(SPOILERS, "input.label_field must not be empty for workload spoilers", "input.label_field=\"\"");
  }
}
