package io.charspark.schema;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A fitted <b>categorical</b> column (string, integral or boolean; values are cast to string).
 * {@code levels} are the distinct non-null train values by count descending, then value ascending,
 * capped at {@code max_levels}; {@code levels.get(i)} has index {@code i + 1}; index 0 is UNK: a
 * value that is not a level (unseen in train, or cut by the cap). Input: int index, width 1, null →
 * 0; the network embeds it. Output: int index, null when missing, a non-level value → 0 (the UNK
 * class); the head is a softmax over {@link #classes()} = levels + 1. An output needs two classes
 * in train (UNK counts).
 *
 * @param levels levels in index order (index = position + 1; 0 is UNK)
 * @param levelCounts train rows per level, parallel to {@code levels}
 * @param trainUnk train rows with a non-null value that is not a level (cut by the cap)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "sources", "type", "output", "source_type", "train_rows", "train_missing",
    "levels", "level_counts", "train_unk"})
public record CategoricalColumn(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty(value = "sources", required = true) List<String> sources,
    @JsonProperty("output") boolean output,
    @JsonProperty("source_type") String sourceType,
    @JsonProperty("train_rows") long trainRows,
    @JsonProperty("train_missing") long trainMissing,
    @JsonProperty(value = "levels", required = true) List<String> levels,
    @JsonProperty("level_counts") List<Long> levelCounts,
    @JsonProperty("train_unk") long trainUnk) implements OutputColumn {

  /** Label of index 0. */
  public static final String UNK = "<UNK>";

  /** Above this many levels the lookup is split into hash buckets (see {@link #lookup}). */
  static final int LEVELS_PER_BUCKET = 32;

  public CategoricalColumn {
    sources = Columns.sources(sources, name);
    levels = List.copyOf(levels);
    levelCounts = List.copyOf(levelCounts);
  }

  @Override
  @JsonProperty("type")
  public ColumnType type() {
    return ColumnType.CATEGORICAL;
  }

  @Override
  public int width() {
    return 1;
  }

  /** Levels + 1 (index 0 is UNK): the embedding vocabulary of an input, the softmax width of an output. */
  public int classes() {
    return levels.size() + 1;
  }

  /** The level of an index, {@code "<UNK>"} for 0. */
  public String label(int index) {
    if (index == 0) return UNK;
    if (index < 0 || index > levels.size()) {
      throw new IndexOutOfBoundsException("index " + index + " of '" + name + "' is not in 0.." + levels.size());
    }
    return levels.get(index - 1);
  }

  /** The index of a value (0 for a non-level, including null). */
  public int index(String value) {
    int i = value == null ? -1 : levels.indexOf(value);
    return i + 1;
  }

  @Override
  public Column encode(DataType source) {
    Column v = value(Columns.source(sources));
    Column index = coalesce(lookup(v), lit(0));
    return output ? when(v.isNotNull(), index).cast("int") : index.cast("int");
  }

  /** Null. */
  @Override
  public Column missing() {
    return Columns.source(sources).isNull();
  }

  /** A non-null value that is not a level (encoded as UNK): an unseen level at scoring time, or one cut by the cap. */
  public Column unseen() {
    Column v = value(Columns.source(sources));
    return v.isNotNull().and(lookup(v).isNull());
  }

  @Override
  public String describe() {
    return levels.size() + " levels + UNK" + (trainUnk > 0 ? " (" + trainUnk + " train rows beyond max_levels)" : "");
  }

  @Override
  public int labelWidth() {
    return classes();
  }

  @Override
  public DataType predictionType() {
    return DataTypes.createArrayType(DataTypes.DoubleType, false);
  }

  /** The class probabilities, index 0 = UNK. */
  @Override
  public Object prediction(double[] head) {
    return head;
  }

  @Override
  public <R> R match(Function<? super BooleanColumn, ? extends R> ifBoolean,
      Function<? super CategoricalColumn, ? extends R> ifCategorical,
      Function<? super NumericalColumn, ? extends R> ifNumerical) {
    return ifCategorical.apply(this);
  }

  @Override
  public String toString() {
    return Columns.toString(this);
  }

  static Column value(Column source) {
    return source.cast("string");
  }

  /**
   * Index of a (string) value among the levels, null when it is not a level. Built-ins only: a
   * literal map looked up with {@code element_at}. Spark looks a map up by scanning its keys, so
   * beyond {@link #LEVELS_PER_BUCKET} levels the levels are split into buckets by Spark's own
   * {@code hash()} of the value (Murmur3, seed 42, computed here with the same function), and the
   * lookup is {@code element_at(element_at(array(map_0, ..., map_B-1), pmod(hash(v), B) + 1), v)}:
   * constant time whatever the number of levels.
   */
  Column lookup(Column v) {
    int n = levels.size();
    if (n == 0) return lit(null).cast("int");
    if (n <= LEVELS_PER_BUCKET) return element_at(literalMap(levels, 0, n), v);
    int buckets = (n + LEVELS_PER_BUCKET - 1) / LEVELS_PER_BUCKET;
    List<List<Integer>> members = new ArrayList<>();
    for (int b = 0; b < buckets; b++) members.add(new ArrayList<>());
    for (int i = 0; i < n; i++) members.get(Math.floorMod(sparkHash(levels.get(i)), buckets)).add(i);
    Column[] maps = new Column[buckets];
    for (int b = 0; b < buckets; b++) {
      List<Integer> m = members.get(b);
      String[] keys = new String[m.size()];
      Integer[] values = new Integer[m.size()];
      for (int k = 0; k < keys.length; k++) {
        keys[k] = levels.get(m.get(k));
        values[k] = m.get(k) + 1;
      }
      maps[b] = map_from_arrays(lit(keys).cast("array<string>"), lit(values).cast("array<int>"));
    }
    Column bucket = pmod(hash(v), lit(buckets)).plus(lit(1));
    return element_at(element_at(array(maps), bucket), v);
  }

  private static Column literalMap(List<String> levels, int from, int to) {
    String[] keys = levels.subList(from, to).toArray(String[]::new);
    Integer[] values = new Integer[to - from];
    for (int i = from; i < to; i++) values[i - from] = i + 1;
    return map_from_arrays(lit(keys), lit(values));
  }

  /** Spark's {@code hash(s)} of one string column: Murmur3 x86_32 of its UTF-8 bytes, seed 42. */
  static int sparkHash(String s) {
    UTF8String u = UTF8String.fromString(s);
    return Murmur3_x86_32.hashUnsafeBytes(u.getBaseObject(), u.getBaseOffset(), u.numBytes(), 42);
  }

  /** Fitting: one groupBy for the top {@code maxLevels} values by count desc, value asc; an output needs two classes. */
  static ColumnFitter.Fit fit(ColumnFitter.Declared d, Dataset<Row> train, int maxLevels) {
    return new ColumnFitter.Fit() {
      @Override
      public Column missing() {
        return d.source().isNull();
      }

      @Override
      public FittedColumn fitted(Row stats, String p, ColumnFitter.Facts f, ColumnFitter.Problems problems) {
        List<Row> top = train.select(value(d.source()).as("v"))
            .where(functions.col("v").isNotNull())
            .groupBy("v").count()
            .orderBy(functions.col("count").desc(), functions.col("v").asc())
            .limit(maxLevels)
            .collectAsList();
        List<String> levels = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        long covered = 0;
        for (Row r : top) {
          levels.add(r.getString(0));
          counts.add(r.getLong(1));
          covered += r.getLong(1);
        }
        long unk = f.present() - covered;
        if (d.output() && levels.size() + (unk > 0 ? 1 : 0) < 2) {
          problems.add(d.name(), d.who() + " has a single class in the train split (all " + f.present()
              + " labelled rows are '" + levels.get(0) + "')");
        }
        return new CategoricalColumn(d.name(), d.sources(), d.output(), f.sourceType(), f.rows(), f.missing(),
            levels, counts, unk);
      }
    };
  }
}
