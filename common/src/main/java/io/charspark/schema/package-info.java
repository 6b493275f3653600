/**
 * Typed schemas: the declared columns ({@code Schema}, {@code ColumnType}) and their transforms
 * fitted on the train split and saved in {@code model.json} ({@code FittedSchema}). A fitted column
 * is one immutable record per column type under the sealed {@code FittedColumn}: {@code
 * TextColumn}, {@code CategoricalColumn}, {@code NumericalColumn}, {@code BooleanColumn}, {@code
 * TimestampColumn}; categorical, numerical and boolean, the types an output may have, are {@code
 * OutputColumn}s. {@code ColumnFitter} fits them. The typed network is in {@code model} ({@code
 * SchemaNetwork}), its minibatches and scoring in {@code inference}.
 */
package io.charspark.schema;
