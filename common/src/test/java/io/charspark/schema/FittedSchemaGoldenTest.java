package io.charspark.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.charspark.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fitted schemas saved by earlier code ({@code src/test/resources/schema/fitted-*.json}, written
 * before {@link FittedColumn} became one type per column type, from {@link
 * FittedSchemaJsonTest#data} and {@link FittedSchemaJsonTest#schema}) load and are written back to
 * the same bytes, fitting the same data writes the same bytes, and the loaded transform encodes
 * new data exactly as the earlier code did ({@code transformed-*.txt}: rows, counts, and each
 * column's {@code toString | describe | width}).
 */
class FittedSchemaGoldenTest extends SparkTestBase {

  static String resource(String name) throws IOException {
    try (InputStream in = FittedSchemaGoldenTest.class.getResourceAsStream("/schema/" + name)) {
      if (in == null) throw new IOException("no test resource /schema/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"separate", "concat"})
  void savedJsonLoadsAndIsWrittenBackByteForByte(String mode) throws IOException {
    String saved = resource("fitted-" + mode + ".json");
    assertEquals(saved, FittedSchema.fromJson(saved).toJson());
  }

  @ParameterizedTest
  @ValueSource(strings = {"separate", "concat"})
  void fittingTheSameDataWritesTheSameJson(String mode) throws IOException {
    FittedSchema f = FittedSchema.fit(FittedSchemaJsonTest.data(400, 1), FittedSchemaJsonTest.schema(mode));
    assertEquals(resource("fitted-" + mode + ".json"), f.toJson());
  }

  @ParameterizedTest
  @ValueSource(strings = {"separate", "concat"})
  void savedSchemaEncodesAsBefore(String mode) throws IOException {
    FittedSchema f = FittedSchema.fromJson(resource("fitted-" + mode + ".json"));
    Dataset<Row> test = FittedSchemaJsonTest.data(150, 2);
    StringBuilder sb = new StringBuilder();
    for (Row r : f.transform(test, true).orderBy("id").collectAsList()) sb.append(r).append('\n');
    sb.append(f.counts(test)).append('\n');
    for (FittedColumn c : f.inputs) sb.append(c).append(" | ").append(c.describe()).append(" | ").append(c.width()).append('\n');
    for (FittedColumn c : f.outputs) sb.append(c).append(" | ").append(c.describe()).append(" | ").append(c.width()).append('\n');
    assertEquals(resource("transformed-" + mode + ".txt"), sb.toString());
  }
}
