package io.charspark.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The per-type records read from JSON by their {@code type}, and the output types' label and prediction rules. */
class FittedColumnTypesTest {

  static FittedSchema saved() throws Exception {
    return FittedSchema.fromJson(FittedSchemaGoldenTest.resource("fitted-separate.json"));
  }

  @Test
  void theJsonTypeSelectsTheRecord() throws Exception {
    FittedSchema s = saved();
    assertEquals(List.of(TextColumn.class, TextColumn.class, CategoricalColumn.class, CategoricalColumn.class,
        NumericalColumn.class, BooleanColumn.class, TimestampColumn.class),
        s.inputs.stream().map(Object::getClass).toList());
    assertEquals(List.of(BooleanColumn.class, CategoricalColumn.class, NumericalColumn.class),
        s.outputs.stream().map(Object::getClass).toList());
    for (FittedColumn c : s.inputs) assertEquals(c.type().configName(), c.getClass().getSimpleName()
        .replace("Column", "").toLowerCase(Locale.ROOT));
    assertEquals(List.of(24, 24, 1, 1, 1, 1, 12), s.inputs.stream().map(FittedColumn::width).toList());
  }

  @Test
  void outputsReadBackInTheirOwnUnits() throws Exception {
    FittedSchema s = saved();
    BooleanColumn label = (BooleanColumn) s.output("label");
    CategoricalColumn flair = (CategoricalColumn) s.output("flair");
    NumericalColumn ups = (NumericalColumn) s.output("ups");

    assertEquals(1, label.labelWidth());
    assertEquals(0.75, label.prediction(new double[] {0.75}));
    assertEquals(1, label.decodeLabel(1.0));
    assertEquals(DataTypes.IntegerType, label.labelType());
    assertEquals(DataTypes.DoubleType, label.predictionType());

    assertEquals(6, flair.classes());
    assertEquals(flair.classes(), flair.labelWidth());
    double[] probs = {0.1, 0.5, 0.1, 0.1, 0.1, 0.1};
    assertSame(probs, flair.prediction(probs));
    assertEquals(3, flair.decodeLabel(3));
    assertEquals(CategoricalColumn.UNK, flair.label(0));
    assertEquals("f0", flair.label(1));
    assertEquals(1, flair.index("f0"));
    assertEquals(0, flair.index("never seen"));
    assertEquals(DataTypes.createArrayType(DataTypes.DoubleType, false), flair.predictionType());

    assertEquals(ups.mean() + 2 * ups.std(), (double) ups.prediction(new double[] {2.0}), 1e-9);
    assertEquals(ups.mean(), (double) ups.decodeLabel(0.0), 1e-9);
    assertEquals(DataTypes.DoubleType, ups.labelType());

    assertEquals(List.of("auc_label", "accuracy_flair", "r2_ups"), s.outputs.stream()
        .map(o -> o.match(b -> "auc_", c -> "accuracy_", n -> "r2_") + o.name()).toList());
  }

  @Test
  void recordsAreImmutable() throws Exception {
    CategoricalColumn flair = (CategoricalColumn) saved().output("flair");
    assertThrows(UnsupportedOperationException.class, () -> flair.levels().add("x"));
    assertThrows(UnsupportedOperationException.class, () -> flair.sources().add("x"));
    TimestampColumn created = (TimestampColumn) saved().input("created");
    assertThrows(UnsupportedOperationException.class, () -> created.periods().put("decade", 1L));
  }

  @Test
  void anOutputOfAnInputOnlyTypeDoesNotLoad() throws Exception {
    String json = FittedSchemaGoldenTest.resource("fitted-separate.json");
    int outputs = json.indexOf("\"outputs\"");
    String bad = json.substring(0, outputs) + json.substring(outputs).replaceFirst("\"type\" : \"boolean\"", "\"type\" : \"text\"");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> FittedSchema.fromJson(bad));
    assertTrue(e.getMessage().startsWith("not a fitted schema"), e.getMessage());
    String unknown = json.replaceFirst("\"type\" : \"numerical\"", "\"type\" : \"complex\"");
    assertThrows(UncheckedIOException.class, () -> FittedSchema.fromJson(unknown));
  }

  /**
   * A field that decides an encoding may not be missing (a primitive would read as 0 and change
   * every encoded value silently), and a text column's max_length must be at least 1: each refused
   * at load, naming the field or the column.
   */
  @Test
  void aMissingEncodingFieldOrABadMaxLengthDoesNotLoad() throws Exception {
    String json = FittedSchemaGoldenTest.resource("fitted-separate.json");
    for (String field : new String[] {"mean", "std", "levels", "fill", "max_length", "keep_tail", "periods"}) {
      assertTrue(json.contains("\"" + field + "\" : "), field);
      String bad = json.replaceFirst("\"" + field + "\" : ", "\"" + field + "_gone\" : ");
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> FittedSchema.fromJson(bad), field);
      assertTrue(e.getMessage().contains("'" + field + "'"), field + ": " + e.getMessage());
    }
    String negative = json.replaceFirst("\"max_length\" : \\d+", "\"max_length\" : -5");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> FittedSchema.fromJson(negative));
    assertTrue(e.getMessage().contains("max_length -5 (must be >= 1)"), e.getMessage());
  }
}
