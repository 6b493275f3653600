package io.charspark.etl;

import org.apache.spark.sql.SparkSessionExtensions;
import scala.Tuple3;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Adds the SQL functions {@code char_etl} and {@code char_etl_indices} ({@link SparkCharEtl#register})
 * to every session it is given to: {@code SparkSession.builder().withExtensions(new
 * CharEtlExtensions())} (as {@code Sessions} does), or {@code spark.sql.extensions =
 * CharEtlExtensions} for sessions built elsewhere.
 */
public final class CharEtlExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  @Override
  public BoxedUnit apply(SparkSessionExtensions ext) {
    for (String name : new String[] {"char_etl", "char_etl_indices"}) {
      ext.injectFunction(new Tuple3<>(
          new org.apache.spark.sql.catalyst.FunctionIdentifier(name),
          SparkCharEtl.info(name),
          new AbstractFunction1<scala.collection.Seq<org.apache.spark.sql.catalyst.expressions.Expression>,
              org.apache.spark.sql.catalyst.expressions.Expression>() {
            @Override
            public org.apache.spark.sql.catalyst.expressions.Expression apply(
                scala.collection.Seq<org.apache.spark.sql.catalyst.expressions.Expression> args) {
              return SparkCharEtl.build(name, args);
            }
          }));
    }
    return BoxedUnit.UNIT;
  }
}
