package io.charspark.etl;

import static org.apache.spark.sql.functions.col;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The three ways a text goes through the ETL in tests: the Spark expression code-generated (rows
 * read from a real Parquet file, so no optimizer rule evaluates the projection ahead of time),
 * the same expression interpreted ({@code eval}), and the Java twin.
 */
final class EtlPaths {
  private EtlPaths() {}

  /**
   * UTF-8 of a Java string with lone surrogates written as 3-byte sequences (Python's
   * {@code encode('utf-8', 'surrogatepass')}), so they reach Spark intact: Spark's own
   * {@code UTF8String.fromString} would turn each into {@code ?} before the ETL sees it.
   */
  static byte[] utf8(String s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream(s.length() * 3);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        b.write(cp);
      } else if (cp < 0x800) {
        b.write(0xC0 | cp >> 6);
        b.write(0x80 | cp & 0x3F);
      } else if (cp < 0x10000) {
        b.write(0xE0 | cp >> 12);
        b.write(0x80 | cp >> 6 & 0x3F);
        b.write(0x80 | cp & 0x3F);
      } else {
        b.write(0xF0 | cp >> 18);
        b.write(0x80 | cp >> 12 & 0x3F);
        b.write(0x80 | cp >> 6 & 0x3F);
        b.write(0x80 | cp & 0x3F);
      }
    }
    return b.toByteArray();
  }

  /**
   * Writes the texts' bytes to Parquet under {@code dir}, reads them back as a string column
   * {@code text} (row order kept by {@code i}) and selects the given expressions, code-generated.
   */
  static List<Row> codegen(SparkSession spark, Path dir, List<String> texts, Map<String, Column> columns) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) rows.add(RowFactory.create(i, utf8(texts.get(i))));
    StructType schema = new StructType().add("i", "int").add("bytes", "binary");
    String path = dir.resolve("texts-" + System.nanoTime() + ".parquet").toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
    Dataset<Row> df = spark.read().parquet(path).select(col("i"), col("bytes").cast("string").as("text"));
    List<Column> sel = new ArrayList<>();
    for (Map.Entry<String, Column> e : columns.entrySet()) sel.add(e.getValue().as(e.getKey()));
    return df.orderBy("i").select(sel.toArray(new Column[0])).collectAsList();
  }

  /** The expression interpreted on one text (its bytes as {@link #utf8} writes them). */
  static Object interpreted(String text, CharEtlExpression.Form form, int maxLength, boolean keepTail,
      boolean keepNewline) {
    CharEtlExpression e = new CharEtlExpression(
        new BoundReference(0, DataTypes.StringType, true), form, maxLength, keepTail, keepNewline);
    Object v = e.eval(new GenericInternalRow(new Object[] {UTF8String.fromBytes(utf8(text))}));
    if (v instanceof ArrayData) {
      List<Integer> l = new ArrayList<>();
      for (int x : ((ArrayData) v).toIntArray()) l.add(x);
      return l;
    }
    return v.toString();
  }

  /** Step 6 by slicing, as Python's reference script does it (independent of the code under test). */
  static String fit(String s, int length, boolean keepTail) {
    if (s.length() >= length) return keepTail ? s.substring(s.length() - length) : s.substring(0, length);
    return "\u0000".repeat(length - s.length()) + s;
  }

  /** Step 5 by arithmetic: code − 29, pad (U+0000) 98, {@code \n} 99. */
  static List<Integer> indices(String chars) {
    List<Integer> l = new ArrayList<>();
    for (char c : chars.toCharArray()) l.add(c == 0 ? 98 : c == '\n' ? 99 : c - 29);
    return l;
  }
}
