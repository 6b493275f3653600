package io.charspark.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import io.charspark.config.CharsparkConfig;
import io.charspark.data.Manifest;
import io.charspark.eval.Evaluation;
import io.charspark.workload.SchemaEvaluation;
import io.charspark.inference.SchemaBatches;
import io.charspark.io.Json;
import io.charspark.model.ModelDirectory;
import io.charspark.model.ModelInfo;
import io.charspark.model.Nets;
import io.charspark.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model with every column type as input and one output of each output type, trained with
 * parameter averaging on local[2] through the real train/evaluate code, on generated rows whose
 * outputs depend on the inputs in known ways: each output must beat its naive baseline. Also the
 * bad-input errors of train and the saved model's round trip. About a minute: tagged integration.
 */
@Tag("integration")
class MixedSchemaModelTest extends SparkTestBase {
  @TempDir static Path tmp;
  static Path shards;

  static final StructType ROWS = new StructType()
      .add("id", DataTypes.StringType)
      .add("note", DataTypes.StringType)
      .add("color", DataTypes.StringType)
      .add("size", DataTypes.DoubleType)
      .add("flag", DataTypes.BooleanType)
      .add("ts", DataTypes.LongType)
      .add("good", DataTypes.IntegerType)
      .add("kind", DataTypes.StringType)
      .add("amount", DataTypes.DoubleType);

  static final String[][] WORDS = {
      {"cat", "mat", "purr"}, {"dog", "park", "bark"}, {"bird", "sky", "wing"}};
  static final String[] KINDS = {"alpha", "beta", "gamma"};
  static final String[] COLORS = {"red", "green", "blue", "black"};

  /** {@code n} rows: good ← size + red, kind ← the note's words, amount ← 4·size + 3·flag. */
  static List<Row> rows(int n, long seed) {
    Random r = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double size = r.nextGaussian();
      String color = COLORS[r.nextInt(10) < 4 ? 0 : 1 + r.nextInt(3)];
      boolean flag = r.nextDouble() < 0.4;
      int k = r.nextInt(10) < 5 ? 0 : 1 + r.nextInt(2);
      StringBuilder note = new StringBuilder();
      for (int w = 0; w < 4; w++) {
        note.append(r.nextBoolean() ? WORDS[k][r.nextInt(3)] : "the").append(' ');
      }
      double logit = 2 * size + (color.equals("red") ? 2 : 0) - 1 + 0.5 * r.nextGaussian();
      out.add(RowFactory.create("r" + i, note.toString().trim(),
          r.nextInt(30) == 0 ? null : color,
          r.nextInt(25) == 0 ? null : size,
          r.nextInt(30) == 0 ? null : flag,
          1_577_836_800L + r.nextInt(366 * 86_400),
          logit > 0 ? 1 : 0,
          r.nextInt(40) == 0 ? null : KINDS[k],
          r.nextInt(20) == 0 ? null : 10 + 4 * size + 3 * (flag ? 1 : 0) + r.nextGaussian()));
    }
    return out;
  }

  @BeforeAll
  static void writeShards() {
    shards = tmp.resolve("shards");
    Manifest m = new Manifest();
    m.workload = "spoilers";
    String[] splits = {"train", "validation", "test"};
    int[] sizes = {1400, 300, 300};
    for (int s = 0; s < 3; s++) {
      spark.createDataFrame(rows(sizes[s], 100 + s), ROWS).repartition(2)
          .write().parquet(shards.resolve(splits[s]).toString());
      m.splits.put(splits[s], (long) sizes[s]);
    }
    m.inputRecords = m.outputRows = 2000;
    Json.write(shards.resolve("manifest.json"), m);
  }

  static CharsparkConfig config(String... extra) {
    List<String> set = new ArrayList<>(List.of(
        "schema.text=[note]", "schema.categorical=[color]", "schema.numerical=[size]",
        "schema.boolean=[flag]", "schema.timestamp=[ts]", "schema.outputs.good=boolean",
        "schema.outputs.kind=categorical", "schema.outputs.amount=numerical",
        "etl.max_length=32", "model.arch=cnn", "model.conv_kernel=3", "model.pool_size=2",
        "model.conv_filters=16", "model.embedding_dim=16", "model.dense_units=32",
        "optimizer.learning_rate=0.01", "train.epochs=8", "train.batch_size_per_worker=32",
        "train.averaging_frequency=2", "train.patience=3"));
    set.addAll(List.of(extra));
    return CharsparkConfig.load(null, set);
  }

  @Test
  void mixedModelBeatsEveryNaiveBaseline() throws java.io.IOException {
    Path model = tmp.resolve("model");
    List<String> log = new ArrayList<>();
    ModelInfo info = TrainingLoop.run(spark, config(), shards.toString(), model.toString(), false, false, log::add,
        List.of(new io.charspark.report.TrainingReports(log::add)));
    assertEquals(ModelInfo.SCHEMA, info.network);
    assertTrue(log.stream().anyMatch(l -> l.contains("schema input") && l.contains("color")), log.toString());

    Map<String, Object> ev = Evaluation.run(spark, model.toString(), shards.toString(), "test", log::add,
        List.of(new io.charspark.report.EvaluationReports(log::add)));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> out = (Map<String, Map<String, Object>>) ev.get("outputs");
    System.out.println("MixedSchemaModelTest evaluation: " + out);
    Map<String, Object> good = out.get("good");
    @SuppressWarnings("unchecked")
    Map<String, Object> gb = (Map<String, Object>) good.get("baselines");
    assertTrue((double) good.get("auc") > 0.85, "good: " + good);
    assertTrue((double) good.get("log_loss") < (double) gb.get("constant_prior_log_loss"), "good: " + good);

    Map<String, Object> kind = out.get("kind");
    @SuppressWarnings("unchecked")
    Map<String, Object> kb = (Map<String, Object>) kind.get("baselines");
    assertTrue((double) kind.get("accuracy") > (double) kb.get("majority_class_accuracy") + 0.2, "kind: " + kind);
    assertTrue((double) kind.get("macro_f1") > (double) kb.get("majority_class_macro_f1"), "kind: " + kind);
    assertTrue((double) kind.get("log_loss") < (double) kb.get("prior_log_loss"), "kind: " + kind);
    // Rows without a kind are masked: fewer rows than the split.
    assertTrue(((Number) kind.get("rows")).longValue() < 300, "kind: " + kind);

    Map<String, Object> amount = out.get("amount");
    @SuppressWarnings("unchecked")
    Map<String, Object> ab = (Map<String, Object>) amount.get("baselines");
    assertTrue((double) amount.get("r2") > 0.5, "amount: " + amount);
    assertTrue((double) amount.get("rmse") < (double) ab.get("mean_rmse"), "amount: " + amount);
    assertTrue((double) amount.get("mae") < (double) ab.get("mean_mae"), "amount: " + amount);

    // report.html lists the fitted columns and each output beside its baseline.
    String html = java.nio.file.Files.readString(model.resolve("report.html"));
    assertTrue(html.contains("<section id=\"schema\">") && html.contains("4 levels + UNK"), "schema table");
    assertTrue(html.contains("<td>amount RMSE</td>") && html.contains("<td>kind macro-F1</td>"), "metrics table");

    // The model directory holds the fitted transforms; reloaded, they score new rows, and an
    // unseen colour goes to UNK and is counted.
    ModelDirectory dir = ModelDirectory.open(model, null);
    assertNotNull(dir.info().schema);
    assertEquals(List.of("note", "color", "size", "flag", "ts"),
        dir.info().schema.inputs.stream().map(c -> c.name()).toList());
    Dataset<Row> fresh = spark.createDataFrame(List.of(
        RowFactory.create("n1", "cat mat purr the", "purple", 0.5, true, 1_600_000_000L, null, null, null),
        RowFactory.create("n2", "dog park the bark", "red", null, null, null, null, null, null)), ROWS);
    Map<String, Map<String, Long>> counts = dir.info().schema.counts(fresh);
    assertEquals(1L, counts.get("color").get("unseen"));
    assertEquals(1L, counts.get("size").get("missing"));
    List<Row> p = SchemaEvaluation.predictions(spark, dir, fresh).orderBy("id").collectAsList();
    assertEquals(2, p.size());
    // Heads in name order.
    assertEquals(List.of("id", "amount", "good_probability", "good", "kind", "kind_probability"),
        List.of(p.get(0).schema().fieldNames()));
    assertEquals("alpha", p.get(0).getString(4), "the note's words decide the kind");
    assertEquals("beta", p.get(1).getString(4));

    // Network round trip: the saved bytes restore to a graph with identical outputs.
    ComputationGraph g = (ComputationGraph) dir.network().dl4j();
    ComputationGraph back = (ComputationGraph) Nets.fromBytes(Nets.toBytes(g), true);
    List<Row> enc = dir.info().schema.transform(fresh, false).collectAsList();
    INDArray[] a = g.output(false, SchemaBatches.inputs(enc, dir.info().schema));
    INDArray[] b = back.output(false, SchemaBatches.inputs(enc, dir.info().schema));
    for (int k = 0; k < a.length; k++) assertEquals(a[k], b[k]);
  }

  @Test
  void badColumnsFailBeforeTrainingAndNameTheColumn() {
    Path model = tmp.resolve("bad");
    SchemaException absent = assertThrows(SchemaException.class, () -> TrainingLoop.run(spark,
        config("schema.numerical=[size, weight]"), shards.toString(), model.toString(), false, false, l -> {}, List.of()));
    assertTrue(absent.getMessage().contains("weight"), absent.getMessage());
    SchemaException wrongType = assertThrows(SchemaException.class, () -> TrainingLoop.run(spark,
        config("schema.numerical=[size, note]", "schema.text=[]"), shards.toString(), model.toString(), false, false,
        l -> {}, List.of()));
    assertTrue(wrongType.getMessage().contains("note"), wrongType.getMessage());
    assertTrue(!java.nio.file.Files.exists(model), "nothing written before the schema is valid");
  }
}
