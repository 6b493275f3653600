package io.charspark.schema;

import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharEtl;
import io.charspark.model.NetworkFactory;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The general typed-schema network (SPEC.md §5, keras-pandas): a {@code ComputationGraph} with one
 * input per fitted input column, in {@link FittedSchema#inputs} order, named {@code <column>#in}:
 *
 * <ul>
 *   <li>text: Embedding(99 → model.embedding_dim) → the {@code model.arch} encoder (cnn: Conv1D ×2
 *       → MaxPool1D → global max pool → Dense(relu); lstm: last step of LSTM(lstm_units);
 *       cnn_lstm: the convolutions then LSTM; bilstm: Bidirectional(LSTM(bilstm_units)) → global
 *       max pool; bi_conv_lstm: Conv1D(same) → Bidirectional LSTM → pool → Dense);
 *   <li>categorical: Embedding(levels + 1 → min((levels + 1) / 2, 50)) of the index;
 *   <li>numerical, boolean: the value itself; timestamp: its 12 sin/cos values;
 * </ul>
 *
 * concatenated (MergeVertex), then Dense(model.dense_units, relu), then one head per output named
 * after it: boolean → Dense(1, sigmoid) + binary cross-entropy; categorical → Dense(levels + 1,
 * softmax) + multi-class cross-entropy; numerical → Dense(1, identity) + MSE (on the standard-scaled
 * target). DL4J minimises the sum of the heads' losses.
 */
public final class SchemaNetwork {
  private SchemaNetwork() {}

  /** Name of the graph input of a fitted input column. */
  public static String inputName(FittedColumn c) {
    return c.name + "#in";
  }

  /**
   * Internal vertex names hold a {@code #}, which column names do not: a column named {@code merge}
   * or {@code shared} cannot collide with them (heads are named after their columns).
   */
  static final String MERGE = "#merge";
  static final String SHARED = "#shared";

  /** Embedding width of a categorical input with {@code classes} indices (levels + UNK). */
  public static int embeddingWidth(int classes) {
    return Math.max(1, Math.min(classes / 2, 50));
  }

  public static ComputationGraphConfiguration graph(FittedSchema schema, CharsparkConfig cfg) {
    CharsparkConfig.Model m = cfg.model;
    ComputationGraphConfiguration.GraphBuilder g =
        new NeuralNetConfiguration.Builder()
            .seed(cfg.seed)
            .updater(NetworkFactory.updater(cfg.optimizer))
            .weightInit(WeightInit.XAVIER)
            .graphBuilder();
    for (FittedColumn c : concat(schema)) {
      if (c.name.contains("#")) {
        throw new SchemaException(c.name, "column '" + c.name + "': '#' is reserved for the network's"
            + " internal names; rename the column");
      }
    }
    List<String> names = new ArrayList<>();
    List<InputType> types = new ArrayList<>();
    for (FittedColumn c : schema.inputs) {
      names.add(inputName(c));
      // The declared "size" of an index input is its vocabulary: the builder sets the embedding's
      // nIn from it (the array itself is [n, length] or [n, 1] indices).
      types.add(switch (c.type) {
        case TEXT -> InputType.recurrent(CharEtl.VOCAB_SIZE, c.width());
        case CATEGORICAL -> InputType.feedForward(c.classes());
        default -> InputType.feedForward(c.width());
      });
    }
    g.addInputs(names.toArray(String[]::new)).setInputTypes(types.toArray(InputType[]::new));
    List<String> branches = new ArrayList<>();
    for (FittedColumn c : schema.inputs) {
      String in = inputName(c);
      switch (c.type) {
        case TEXT -> branches.add(textEncoder(g, c.name + "#", in, c.width(), m));
        case CATEGORICAL -> {
          String e = c.name + "#embedding";
          g.addLayer(e, new EmbeddingLayer.Builder().nIn(c.classes()).nOut(embeddingWidth(c.classes()))
              .activation(Activation.IDENTITY).build(), in);
          branches.add(e);
        }
        default -> branches.add(in);
      }
    }
    String last;
    if (branches.size() == 1) {
      last = branches.get(0);
    } else {
      g.addVertex(MERGE, new MergeVertex(), branches.toArray(String[]::new));
      last = MERGE;
    }
    g.addLayer(SHARED, new DenseLayer.Builder().nOut(m.denseUnits()).activation(Activation.RELU).build(), last);
    List<String> heads = new ArrayList<>();
    for (FittedColumn o : schema.outputs) {
      OutputLayer head = switch (o.type) {
        case BOOLEAN -> new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
            .nOut(1).activation(Activation.SIGMOID).build();
        case CATEGORICAL -> new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .nOut(o.classes()).activation(Activation.SOFTMAX).build();
        case NUMERICAL -> new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
            .nOut(1).activation(Activation.IDENTITY).build();
        default -> throw new SchemaException(o.name, "output '" + o.name + "' has type "
            + o.type.configName() + "; outputs are boolean, categorical or numerical");
      };
      g.addLayer(o.name, head, SHARED);
      heads.add(o.name);
    }
    return g.setOutputs(heads.toArray(String[]::new)).build();
  }

  /** Adds the {@code model.arch} encoder of one text input; returns the name of its last vertex. */
  static String textEncoder(ComputationGraphConfiguration.GraphBuilder g, String p, String in, int len,
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
        g.addLayer(p + "lstm", new LastTimeStep(lstm(m.lstmUnits())), last);
        return p + "lstm";
      }
      case "lstm" -> {
        g.addLayer(p + "lstm", new LastTimeStep(lstm(m.lstmUnits())), last);
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
        g.addLayer(p + "bilstm", new Bidirectional(Bidirectional.Mode.CONCAT, lstm(m.bilstmUnits())), last);
        g.addLayer(p + "gpool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), p + "bilstm");
        if (!conv) return p + "gpool";
        g.addLayer(p + "dense", new DenseLayer.Builder().nOut(m.denseUnits())
            .activation(Activation.RELU).build(), p + "gpool");
        return p + "dense";
      }
      default -> throw new IllegalArgumentException("unknown model.arch " + m.arch());
    }
  }

  private static List<FittedColumn> concat(FittedSchema s) {
    List<FittedColumn> all = new ArrayList<>(s.inputs);
    all.addAll(s.outputs);
    return all;
  }

  private static LSTM lstm(int units) {
    return new LSTM.Builder().nOut(units).activation(Activation.TANH).build();
  }
}
