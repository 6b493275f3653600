/**
 * The character ETL of SPEC.md §2, twice: on Spark as one code-generated Catalyst expression of
 * our own ({@link io.charspark.etl.CharEtlExpression} over the byte kernel
 * {@link io.charspark.etl.Utf8CharEtl}; column functions in {@link io.charspark.etl.SparkCharEtl},
 * SQL {@code char_etl}/{@code char_etl_indices}; no UDF, no regular expression), and
 * {@link io.charspark.etl.CharEtl}, a plain-Java twin running the same single-pass algorithm over
 * code points, used for single strings and as the test oracle. Both are checked against Python's
 * own output ({@code scripts/etl_reference.py}). {@link io.charspark.etl.EtlInspection} shows both
 * side by side (the {@code etl} command).
 */
package io.charspark.etl;
