/**
 * The character ETL of SPEC.md §2, twice: {@link io.charspark.etl.SparkCharEtl} as Spark SQL
 * built-in expressions (Catalyst generates code for it, no row UDF), and
 * {@link io.charspark.etl.CharEtl}, a plain-Java twin used for single strings and as the test
 * oracle. Both share the same regular expressions, so they agree by construction and by test.
 */
package io.charspark.etl;
