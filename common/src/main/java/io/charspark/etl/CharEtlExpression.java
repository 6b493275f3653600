package io.charspark.etl;

import java.util.Objects;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.codegen.Block;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprValue;
import org.apache.spark.sql.catalyst.expressions.codegen.FalseLiteral$;
import scala.collection.IndexedSeq;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The character ETL of SPEC.md §2 as one Catalyst expression of charspark's own (not a UDF):
 * Catalyst sees a normal unary expression, whole-stage code generation inlines a call to the
 * static byte kernel {@link Utf8CharEtl} on the child's {@link UTF8String}, and the interpreted
 * path ({@link #nullSafeEval}) calls the same kernel.
 *
 * <p>It extends {@link Expression} and spells out what Spark's {@code UnaryExpression} would
 * give (one child, null in → null out, {@code foldable} and {@code nullable} from the child):
 * javac cannot compile a subclass of {@code UnaryExpression}, whose final Scala
 * {@code withNewChildrenInternal} has no generic signature and so does not implement
 * {@code TreeNode<Expression>}'s abstract one in Java's eyes.
 *
 * <p>Input: a string. Output, by {@link Form}:
 *
 * <ul>
 *   <li>{@code CLEAN}: string, steps 1–4, e.g. {@code "<hello world>"} (SQL {@code char_etl(text)});
 *   <li>{@code CHARS}: string of exactly {@code maxLength} characters, steps 1–4 and 6, pre-padded
 *       with U+0000 (SQL {@code char_etl(text, max_length, 'post'|'pre')});
 *   <li>{@code INDICES}: {@code array<int>}, steps 1–5, plus 6 when {@code maxLength > 0}, pad 98
 *       (SQL {@code char_etl_indices(text[, max_length[, truncate]])}).
 * </ul>
 *
 * Both SQL functions take a fourth argument {@code keep_newline} (default false: the language
 * model's vocabulary keeps {@code \n} as index 99); {@code max_length} 0 means "not fitted".
 *
 * Null in, null out (standard for a unary expression); {@link SparkCharEtl}'s column functions
 * and the SQL functions wrap the text in {@code coalesce(text, '')}, so null text is {@code "<>"}.
 */
public final class CharEtlExpression extends Expression implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** What the expression outputs. */
  public enum Form {
    CLEAN,
    CHARS,
    INDICES
  }

  private final Expression child;
  private final Form form;
  private final int maxLength;
  private final boolean keepTail;
  private final boolean keepNewline;

  /**
   * @param maxLength output length for {@code CHARS} (≥ 1) and {@code INDICES} (≥ 1, or 0 = not
   *     fitted); ignored (must be 0) for {@code CLEAN}
   * @throws IllegalArgumentException for a length out of range
   */
  public CharEtlExpression(Expression child, Form form, int maxLength, boolean keepTail, boolean keepNewline) {
    this.child = Objects.requireNonNull(child, "child");
    this.form = Objects.requireNonNull(form, "form");
    int min = form == Form.CHARS ? 1 : 0;
    if (maxLength < min || form == Form.CLEAN && maxLength != 0) {
      throw new IllegalArgumentException("max_length must be " + (form == Form.CLEAN ? "0" : ">= " + min)
          + " for the " + form + " form of the character ETL, got " + maxLength);
    }
    this.maxLength = maxLength;
    this.keepTail = keepTail;
    this.keepNewline = keepNewline;
  }

  /** The text expression. */
  public Expression child() {
    return child;
  }

  public Form form() {
    return form;
  }

  public int maxLength() {
    return maxLength;
  }

  public boolean keepTail() {
    return keepTail;
  }

  public boolean keepNewline() {
    return keepNewline;
  }

  @Override
  public DataType dataType() {
    return form == Form.INDICES
        ? DataTypes.createArrayType(DataTypes.IntegerType, false)
        : DataTypes.StringType;
  }

  @Override
  public TypeCheckResult checkInputDataTypes() {
    if (!child.dataType().sameType(DataTypes.StringType)) {
      return new TypeCheckResult.TypeCheckFailure(
          "the character ETL needs a string, got " + child.dataType().simpleString() + " (" + child.sql() + ")");
    }
    return TypeCheckResult.TypeCheckSuccess$.MODULE$;
  }

  @Override
  public String prettyName() {
    return form == Form.INDICES ? "char_etl_indices" : "char_etl";
  }

  @Override
  public String sql() {
    // The SQL form that builds this expression again (see SparkCharEtl.register).
    return prettyName() + "(" + child.sql() + ", " + maxLength + ", '" + (keepTail ? "pre" : "post") + "', "
        + keepNewline + ")";
  }

  @Override
  public Seq<Expression> children() {
    return JavaConverters.asScalaBuffer(java.util.List.of(child)).toSeq();
  }

  @Override
  public boolean nullable() {
    return child.nullable();
  }

  @Override
  public boolean foldable() {
    return child.foldable();
  }

  @Override
  public Object eval(InternalRow row) {
    Object v = child.eval(row);
    return v == null ? null : nullSafeEval(v);
  }

  /** The interpreted path on a non-null input. */
  public Object nullSafeEval(Object input) {
    return apply((UTF8String) input, form, maxLength, keepTail, keepNewline);
  }

  /** The interpreted path: the same kernel the generated code calls. */
  static Object apply(UTF8String s, Form form, int maxLength, boolean keepTail, boolean keepNewline) {
    switch (form) {
      case CLEAN:
        return Utf8CharEtl.clean(s, keepNewline);
      case CHARS:
        return Utf8CharEtl.encodeChars(s, maxLength, keepTail, keepNewline);
      default:
        return Utf8CharEtl.encodeIndices(s, maxLength, keepTail, keepNewline);
    }
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    String kernel = Utf8CharEtl.class.getName();
    String args;
    String method;
    switch (form) {
      case CLEAN:
        method = "clean";
        args = String.valueOf(keepNewline);
        break;
      case CHARS:
        method = "encodeChars";
        args = maxLength + ", " + keepTail + ", " + keepNewline;
        break;
      default:
        method = "encodeIndices";
        args = maxLength + ", " + keepTail + ", " + keepNewline;
    }
    // What UnaryExpression.defineCodeGen writes: the child's code, then the kernel call unless null.
    ExprCode c = child.genCode(ctx);
    String type = CodeGenerator.javaType(dataType());
    String call = kernel + "." + method + "(" + c.value() + ", " + args + ")";
    String code;
    ExprValue isNull;
    if (nullable()) {
      code = "boolean " + ev.isNull() + " = " + c.isNull() + ";\n"
          + type + " " + ev.value() + " = " + CodeGenerator.defaultValue(dataType(), true) + ";\n"
          + "if (!" + ev.isNull() + ") {\n  " + ev.value() + " = " + call + ";\n}\n";
      isNull = ev.isNull();
    } else {
      code = type + " " + ev.value() + " = " + call + ";\n";
      isNull = FalseLiteral$.MODULE$;
    }
    Block block = new CodeBlock(
        JavaConverters.asScalaBuffer(java.util.List.of(code)).toSeq(),
        JavaConverters.asScalaBuffer(java.util.List.<org.apache.spark.sql.catalyst.expressions.codegen.JavaCode>of()).toSeq());
    return ev.copy(c.code().$plus(block), isNull, ev.value());
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    if (newChildren.size() != 1) throw new IllegalArgumentException("one child expected, got " + newChildren.size());
    return withNewChildInternal(newChildren.apply(0));
  }

  public Expression withNewChildInternal(Expression newChild) {
    return new CharEtlExpression(newChild, form, maxLength, keepTail, keepNewline);
  }

  // Product: what TreeNode uses to print, copy (makeCopy finds this constructor) and compare.
  @Override
  public int productArity() {
    return 5;
  }

  @Override
  public Object productElement(int n) {
    switch (n) {
      case 0:
        return child;
      case 1:
        return form;
      case 2:
        return maxLength;
      case 3:
        return keepTail;
      case 4:
        return keepNewline;
      default:
        throw new IndexOutOfBoundsException(String.valueOf(n));
    }
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof CharEtlExpression;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof CharEtlExpression)) return false;
    CharEtlExpression e = (CharEtlExpression) o;
    return form == e.form && maxLength == e.maxLength && keepTail == e.keepTail
        && keepNewline == e.keepNewline && child.equals(e.child);
  }

  @Override
  public int hashCode() {
    return Objects.hash(child, form, maxLength, keepTail, keepNewline);
  }
}
