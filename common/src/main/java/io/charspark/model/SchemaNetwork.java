package io.charspark.model;

import io.charspark.config.CharsparkConfig;
import io.charspark.etl.CharEtl;
import io.charspark.schema.CategoricalColumn;
import io.charspark.schema.FittedColumn;
import io.charspark.schema.FittedSchema;
import io.charspark.schema.OutputColumn;
import io.charspark.schema.SchemaException;
import io.charspark.schema.TextColumn;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
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
    return c.name() + "#in";
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
      if (c.name().contains("#")) {
        throw new SchemaException(c.name(), "column '" + c.name() + "': '#' is reserved for the network's"
            + " internal names; rename the column");
      }
    }
    List<String> names = new ArrayList<>();
    List<InputType> types = new ArrayList<>();
    for (FittedColumn c : schema.inputs) {
      names.add(inputName(c));
      // The declared "size" of an index input is its vocabulary: the builder sets the embedding's
      // nIn from it (the array itself is [n, length] or [n, 1] indices).
      // numerical, boolean and timestamp inputs are their width() values, fed as they are.
      if (c instanceof TextColumn t) types.add(InputType.recurrent(CharEtl.VOCAB_SIZE, t.width()));
      else if (c instanceof CategoricalColumn k) types.add(InputType.feedForward(k.classes()));
      else types.add(InputType.feedForward(c.width()));
    }
    g.addInputs(names.toArray(String[]::new)).setInputTypes(types.toArray(InputType[]::new));
    List<String> branches = new ArrayList<>();
    for (FittedColumn c : schema.inputs) {
      String in = inputName(c);
      if (c instanceof TextColumn t) {
        branches.add(NetworkFactory.textEncoder(g, t.name() + "#", in, t.width(), m));
      } else if (c instanceof CategoricalColumn k) {
        String e = k.name() + "#embedding";
        g.addLayer(e, new EmbeddingLayer.Builder().nIn(k.classes()).nOut(embeddingWidth(k.classes()))
            .activation(Activation.IDENTITY).build(), in);
        branches.add(e);
      } else {
        branches.add(in);
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
    for (OutputColumn o : schema.outputs) {
      OutputLayer head = o.match(
          b -> new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
              .nOut(1).activation(Activation.SIGMOID).build(),
          c -> new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
              .nOut(c.classes()).activation(Activation.SOFTMAX).build(),
          n -> new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
              .nOut(1).activation(Activation.IDENTITY).build());
      g.addLayer(o.name(), head, SHARED);
      heads.add(o.name());
    }
    return g.setOutputs(heads.toArray(String[]::new)).build();
  }

  private static List<FittedColumn> concat(FittedSchema s) {
    List<FittedColumn> all = new ArrayList<>(s.inputs);
    all.addAll(s.outputs);
    return all;
  }

}
