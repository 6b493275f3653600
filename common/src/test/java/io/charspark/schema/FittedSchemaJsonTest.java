package io.charspark.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charspark.SparkTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** fit → toJson → fromJson → transform gives exactly the rows of the fitted original. */
class FittedSchemaJsonTest extends SparkTestBase {

  static Dataset<Row> data(int n, long seed) {
    StructType st = new StructType().add("id", DataTypes.LongType).add("title", DataTypes.StringType)
        .add("body", DataTypes.StringType).add("sub", DataTypes.StringType).add("year", DataTypes.IntegerType)
        .add("score", DataTypes.DoubleType).add("nsfw", DataTypes.StringType).add("created", DataTypes.TimestampType)
        .add("label", DataTypes.BooleanType).add("flair", DataTypes.StringType).add("ups", DataTypes.LongType);
    SplittableRandom r = new SplittableRandom(seed);
    String[] words = {"Luke", "I am", "your father", "<spoiler>", "héllo ☃", "  ", "Ahsoka!", "BB-8"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create((long) i,
          r.nextInt(8) == 0 ? null : words[r.nextInt(words.length)] + " " + words[r.nextInt(words.length)],
          r.nextInt(3) == 0 ? null : words[r.nextInt(words.length)],
          r.nextInt(10) == 0 ? null : "s" + r.nextInt(60),
          r.nextInt(10) == 0 ? null : (Object) (2000 + r.nextInt(25)),
          r.nextInt(10) == 0 ? (r.nextBoolean() ? null : (Object) Double.NaN) : (Object) (r.nextDouble() * 100 - 30),
          r.nextInt(10) == 0 ? null : (r.nextBoolean() ? "yes" : "No"),
          r.nextInt(10) == 0 ? null : new Timestamp(1_600_000_000_000L + r.nextLong(100_000_000_000L)),
          r.nextInt(10) == 0 ? null : (Object) (r.nextInt(3) == 0),
          r.nextInt(10) == 0 ? null : "f" + r.nextInt(5),
          r.nextInt(10) == 0 ? null : (Object) (long) r.nextInt(1000)));
    }
    return spark.createDataFrame(rows, st);
  }

  static Schema schema(String textMode) {
    Map<String, ColumnType> outs = new LinkedHashMap<>();
    outs.put("label", ColumnType.BOOLEAN);
    outs.put("flair", ColumnType.CATEGORICAL);
    outs.put("ups", ColumnType.NUMERICAL);
    return Schema.of(List.of("title", "body"), List.of("sub", "year"), List.of("score"), List.of("nsfw"),
        List.of("created"), outs, textMode, 40, 24, false);
  }

  void roundTrip(String textMode) throws Exception {
    Dataset<Row> train = data(400, 1);
    Dataset<Row> test = data(150, 2); // unseen levels and values beyond the train range
    FittedSchema fitted = FittedSchema.fit(train, schema(textMode));
    String json = fitted.toJson();
    FittedSchema back = FittedSchema.fromJson(json);
    assertEquals(json, back.toJson());
    for (Dataset<Row> d : List.of(train, test)) {
      List<Row> a = fitted.transform(d, true).orderBy("id").collectAsList();
      List<Row> b = back.transform(d, true).orderBy("id").collectAsList();
      assertEquals(d.count(), a.size());
      assertEquals(a, b); // exact, doubles included
      assertEquals(fitted.counts(d), back.counts(d));
    }
    // Java serialization (the fitted schema ships to executors) keeps it too.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(back);
    }
    FittedSchema java = (FittedSchema) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
    assertEquals(json, java.toJson());
  }

  @Test
  void separateTextRoundTripsExactly() throws Exception {
    roundTrip("separate");
  }

  @Test
  void concatTextRoundTripsExactly() throws Exception {
    roundTrip("concat");
  }

  @Test
  void jsonIsSnakeCaseWithLowerCaseTypesAndIgnoresUnknownFields() {
    FittedSchema f = FittedSchema.fit(data(200, 3), schema("concat"));
    String json = f.toJson();
    for (String key : List.of("\"text_mode\" : \"concat\"", "\"train_rows\" : 200", "\"train_missing\"",
        "\"type\" : \"numerical\"", "\"max_length\" : 24", "\"keep_tail\" : false", "\"train_positive\"",
        "\"train_unk\"", "\"levels\"", "\"periods\"", "\"month\" : 2629746", "\"fill\"", "\"mean\"", "\"std\"")) {
      assertTrue(json.contains(key), key + " in " + json);
    }
    assertEquals(List.of("text", "sub", "year", "score", "nsfw", "created"),
        f.inputs.stream().map(c -> c.name()).toList());
    assertEquals(List.of("label", "flair", "ups"), f.outputs.stream().map(c -> c.name()).toList());
    String extended = json.replaceFirst("\\{", "{\n  \"future_field\" : 1,").replace("\"fill\"", "\"later\" : [1], \"fill\"");
    assertEquals(json, FittedSchema.fromJson(extended).toJson());
  }
}
