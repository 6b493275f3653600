package io.charspark.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of charspark's fused LSTM layer: DL4J's {@link LSTM} configuration (same builder
 * options, parameter initializer, parameter names {@code W} {@code [nIn, 4H]}, {@code RW} {@code
 * [H, 4H]}, {@code b} {@code [1, 4H]}, gate blocks in DL4J's order: block input, forget, output,
 * input gate), whose layer is {@link FusedLstmLayer}. A network built with it has exactly the
 * parameter layout of one built with DL4J's {@code LSTM}, so parameters, updater state,
 * checkpoints and {@code model.zip} files move between the two unchanged ({@link
 * LstmImpl#convert}).
 *
 * <p>Build it as a DL4J {@code LSTM} and wrap it: {@code FusedLstm.of(new LSTM.Builder()...build())}.
 * It serialises to JSON under its own class name (Jackson's {@code @class}), so a saved network
 * restores with the fused layer.
 */
public class FusedLstm extends LSTM {

  /** Expected sequence length, or 0 for any; a different length is refused (see {@link FusedLstmLayer}). */
  private int timeSteps;

  /** For Jackson (JSON configuration) and {@link #of}. */
  public FusedLstm() {}

  public int getTimeSteps() {
    return timeSteps;
  }

  public void setTimeSteps(int timeSteps) {
    this.timeSteps = timeSteps;
  }

  /** This layer, refusing input of any length but {@code t} (0: any length). */
  public FusedLstm timeSteps(int t) {
    this.timeSteps = t;
    return this;
  }

  /** A fused layer with every setting of {@code conf} (activation, init, dropout, weight noise, …). */
  public static FusedLstm of(LSTM conf) {
    if (conf instanceof FusedLstm f) return f;
    FusedLstmLayer.check(conf, "fused LSTM layer" + (conf.getLayerName() == null ? "" : " '" + conf.getLayerName() + "'"));
    FusedLstm out = new FusedLstm();
    for (Class<?> c = LSTM.class; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) continue;
        try {
          f.setAccessible(true);
          f.set(out, f.get(conf));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot copy LSTM setting " + f.getName(), e);
        }
      }
    }
    return out;
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
      int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
    LayerValidation.assertNInNOutSet("FusedLstm", getLayerName(), layerIndex, getNIn(), getNOut());
    FusedLstmLayer ret = new FusedLstmLayer(conf, networkDataType);
    ret.setListeners(listeners);
    ret.setIndex(layerIndex);
    ret.setParamsViewArray(layerParamsView);
    Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
    ret.setParamTable(paramTable);
    ret.setConf(conf);
    return ret;
  }

  @Override
  public FusedLstm clone() {
    return (FusedLstm) super.clone();
  }
}
