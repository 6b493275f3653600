package io.charspark.model;

import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharEtl;
import io.charspark.etl.LmEtl;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The four spoiler architectures of SPEC.md §1 ("Automated Movie Spoiler Tagging"), as DL4J
 * configurations. Input: {@code [minibatch, maxLength]} character indices (pre-padded, so the last
 * time step holds a real character); output: one sigmoid unit, binary cross-entropy.
 *
 * <ul>
 *   <li>{@code cnn}: Embedding → Conv1D(f, k, relu) ×2 → MaxPool1D(p) → global max pool →
 *       Dense(relu) → sigmoid. The original flattened here; a global max pool keeps the dense layer
 *       independent of {@code etl.max_length} (a 2000-long flatten would be a 60k-wide layer).
 *   <li>{@code lstm}: Embedding → LSTM → last time step → sigmoid.
 *   <li>{@code cnn_lstm}: the two Conv1D + MaxPool, then LSTM → last step → sigmoid.
 *   <li>{@code bilstm}: Embedding → Bidirectional(LSTM) → global max pool over time → sigmoid.
 *       (The last step of a DL4J bidirectional layer would give the backward pass one character.)
 * </ul>
 */
public final class NetworkFactory {
  private NetworkFactory() {}

  public static MultiLayerConfiguration spoilers(CharsparkConfig cfg) {
    return binary(cfg.model, cfg.optimizer, cfg.etl.maxLength(), cfg.seed);
  }

  public static IUpdater updater(CharsparkConfig.Optimizer o) {
    return switch (o.name()) {
      case "adam" -> new Adam(o.learningRate());
      case "rmsprop" -> new RmsProp(o.learningRate());
      default -> throw new IllegalArgumentException("unknown optimizer " + o.name());
    };
  }

  public static MultiLayerConfiguration binary(
      CharsparkConfig.Model m, CharsparkConfig.Optimizer o, int maxLength, long seed) {
    NeuralNetConfiguration.ListBuilder b =
        new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(updater(o))
            .weightInit(WeightInit.XAVIER)
            .list()
            .layer(
                new EmbeddingSequenceLayer.Builder()
                    .nIn(CharEtl.VOCAB_SIZE)
                    .nOut(m.embeddingDim())
                    .inputLength(maxLength)
                    .build());
    switch (m.arch()) {
      case "cnn" -> {
        conv(b, m);
        b.layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
        b.layer(new DenseLayer.Builder().nOut(m.denseUnits()).activation(Activation.RELU).build());
      }
      case "lstm" -> b.layer(new LastTimeStep(lstm(m, m.lstmUnits(), maxLength)));
      case "cnn_lstm" -> {
        conv(b, m);
        b.layer(new LastTimeStep(lstm(m, m.lstmUnits(), 0)));
      }
      case "bilstm" -> {
        b.layer(new Bidirectional(Bidirectional.Mode.CONCAT, lstm(m, m.bilstmUnits(), maxLength)));
        b.layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build());
      }
      default -> throw new IllegalArgumentException("unknown model.arch " + m.arch());
    }
    b.layer(
        new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
            .nOut(1)
            .activation(Activation.SIGMOID)
            .build());
    // The input "size" of an index sequence is the vocabulary: setInputType then keeps nIn = 99.
    return b.setInputType(InputType.recurrent(CharEtl.VOCAB_SIZE, maxLength)).build();
  }

  /**
   * The shower-thoughts language model (SPEC.md §1): Embedding(classes → embedding_dim) →
   * LSTM(lm_units, dropout on its input; recurrent dropout as DropConnect on its weights) → last
   * time step → Dense(classes, softmax), multi-class cross-entropy. Input: {@code [mb, window]}.
   */
  public static MultiLayerConfiguration languageModel(CharsparkConfig cfg) {
    int classes = LmEtl.classes(cfg.lm.keepNewline());
    CharsparkConfig.Model m = cfg.model;
    LSTM.Builder lstm = new LSTM.Builder().nOut(m.lmUnits()).activation(Activation.TANH);
    if (m.lmRecurrentDropout() > 0) {
      lstm.weightNoise(new org.deeplearning4j.nn.conf.weightnoise.DropConnect(1 - m.lmRecurrentDropout()));
    }
    return new NeuralNetConfiguration.Builder()
        .seed(cfg.seed)
        .updater(updater(cfg.optimizer))
        .weightInit(WeightInit.XAVIER)
        .list()
        .layer(
            new EmbeddingSequenceLayer.Builder()
                .nIn(classes)
                .nOut(m.embeddingDim())
                .inputLength(cfg.lm.window())
                .build())
        // Keras' LSTM(dropout=p) drops the LSTM's inputs. A separate layer, because dropout set on
        // the LSTM inside LastTimeStep loses its mask before backprop in DL4J 1.0.0-M2.
        // DropoutLayer takes the probability of keeping an activation.
        .layer(new DropoutLayer.Builder(1 - m.lmDropout()).build())
        .layer(new LastTimeStep(LstmImpl.resolve(m.lstmImpl()).layer(lstm.build(), cfg.lm.window())))
        .layer(
            new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .build())
        .setInputType(InputType.recurrent(classes, cfg.lm.window()))
        .build();
  }

  /** Name of the graph's input (character indices {@code [n, etl.max_length]}). */
  public static final String TOXIC_INPUT = "chars";

  /**
   * The toxic multi-task model (SPEC.md §1, "Detecting toxic comments with multi-task Deep
   * Learning") as a {@code ComputationGraph}: one input, a shared trunk, then one Dense(1, sigmoid)
   * head per label named after it, each with its own binary cross-entropy (DL4J sums them).
   *
   * <ul>
   *   <li>{@code bilstm}: Embedding → Bidirectional(LSTM(bilstm_units)) → global max pool over time.
   *   <li>{@code bi_conv_lstm}: Embedding → Conv1D(conv_filters, conv_kernel, relu, same length) →
   *       Bidirectional(LSTM(bilstm_units)) → global max pool → Dense(dense_units, relu).
   *   <li>{@code cnn}: the spoilers CNN trunk: Conv1D(conv_filters, conv_kernel, relu) ×2 →
   *       MaxPool1D(pool_size) → global max pool → Dense(dense_units, relu). Not in the original
   *       post; several times faster than the recurrent trunks on CPU (docs/compare.md).
   * </ul>
   *
   * Keras' {@code Bidirectional(LSTM)} returns both directions' final states; DL4J's last time step
   * of a bidirectional layer would give the backward direction one character, so the trunk pools
   * over time instead (as the spoilers {@code bilstm}).
   */
  public static ComputationGraphConfiguration toxic(CharsparkConfig cfg) {
    CharsparkConfig.Model m = cfg.model;
    int len = cfg.etl.maxLength();
    if (!TOXIC_ARCHS_SET.contains(m.arch())) {
      throw new IllegalArgumentException("unknown toxic model.arch " + m.arch() + "; expected one of " + CharsparkConfig.TOXIC_ARCHS);
    }
    ComputationGraphConfiguration.GraphBuilder g =
        new NeuralNetConfiguration.Builder()
            .seed(cfg.seed)
            .updater(updater(cfg.optimizer))
            .weightInit(WeightInit.XAVIER)
            .graphBuilder()
            .addInputs(TOXIC_INPUT)
            .setInputTypes(InputType.recurrent(CharEtl.VOCAB_SIZE, len));
    String last = textEncoder(g, "", TOXIC_INPUT, len, m);
    java.util.List<String> labels = cfg.toxic.labels();
    for (String label : labels) {
      g.addLayer(label,
          new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
              .nOut(1)
              .activation(Activation.SIGMOID)
              .build(),
          last);
    }
    return g.setOutputs(labels.toArray(String[]::new)).build();
  }

  /**
   * Adds Embedding(99 → embedding_dim) and the {@code model.arch} encoder of one character-index
   * input {@code in} to a graph, its vertices named {@code p + ...}; returns the name of its last
   * vertex. The toxic trunks and the typed-schema text inputs are built here.
   */
  public static String textEncoder(ComputationGraphConfiguration.GraphBuilder g, String p, String in, int len,
      CharsparkConfig.Model m) {
    g.addLayer(p + "embedding", new EmbeddingSequenceLayer.Builder()
        .nIn(CharEtl.VOCAB_SIZE).nOut(m.embeddingDim()).inputLength(len).build(), in);
    String last = p + "embedding";
    switch (m.arch()) {
      case "cnn", "cnn_lstm" -> {
        for (int i = 1; i <= 2; i++) {
          g.addLayer(p + "conv" + i, new Convolution1DLayer.Builder().kernelSize(m.convKernel())
              .nOut(m.convFilters()).convolutionMode(ConvolutionMode.Truncate)
              .activation(Activation.RELU).build(), last);
          last = p + "conv" + i;
        }
        g.addLayer(p + "pool", new Subsampling1DLayer.Builder(PoolingType.MAX)
            .kernelSize(m.poolSize()).stride(m.poolSize()).build(), last);
        last = p + "pool";
        if (m.arch().equals("cnn")) {
          g.addLayer(p + "gpool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), last);
          g.addLayer(p + "dense", new DenseLayer.Builder().nOut(m.denseUnits())
              .activation(Activation.RELU).build(), p + "gpool");
          return p + "dense";
        }
        g.addLayer(p + "lstm", new LastTimeStep(lstm(m, m.lstmUnits(), 0)), last);
        return p + "lstm";
      }
      case "lstm" -> {
        g.addLayer(p + "lstm", new LastTimeStep(lstm(m, m.lstmUnits(), len)), last);
        return p + "lstm";
      }
      case "bilstm", "bi_conv_lstm" -> {
        boolean conv = m.arch().equals("bi_conv_lstm");
        if (conv) {
          g.addLayer(p + "conv", new Convolution1DLayer.Builder().kernelSize(m.convKernel())
              .nOut(m.convFilters()).convolutionMode(ConvolutionMode.Same)
              .activation(Activation.RELU).build(), last);
          last = p + "conv";
        }
        g.addLayer(p + "bilstm", new Bidirectional(Bidirectional.Mode.CONCAT, lstm(m, m.bilstmUnits(), len)), last);
        g.addLayer(p + "gpool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), p + "bilstm");
        if (!conv) return p + "gpool";
        g.addLayer(p + "dense", new DenseLayer.Builder().nOut(m.denseUnits())
            .activation(Activation.RELU).build(), p + "gpool");
        return p + "dense";
      }
      default -> throw new IllegalArgumentException("unknown model.arch " + m.arch());
    }
  }

  private static final java.util.Set<String> TOXIC_ARCHS_SET = java.util.Set.copyOf(CharsparkConfig.TOXIC_ARCHS);

  private static void conv(NeuralNetConfiguration.ListBuilder b, CharsparkConfig.Model m) {
    for (int i = 0; i < 2; i++) {
      b.layer(
          new Convolution1DLayer.Builder()
              .kernelSize(m.convKernel())
              .nOut(m.convFilters())
              .convolutionMode(ConvolutionMode.Truncate)
              .activation(Activation.RELU)
              .build());
    }
    b.layer(
        new Subsampling1DLayer.Builder(PoolingType.MAX)
            .kernelSize(m.poolSize())
            .stride(m.poolSize())
            .build());
  }

  /**
   * An LSTM of {@code units} in the {@code model.lstm_impl} implementation ({@link LstmImpl}); a
   * fused layer refuses input of any length but {@code timeSteps} (0: length not known here).
   */
  private static org.deeplearning4j.nn.conf.layers.Layer lstm(CharsparkConfig.Model m, int units, int timeSteps) {
    return LstmImpl.resolve(m.lstmImpl())
        .layer(new LSTM.Builder().nOut(units).activation(Activation.TANH).build(), timeSteps);
  }
}
