/**
 * Typed schemas: the declared columns ({@code Schema}, {@code ColumnType}) and their transforms
 * fitted on the train split and saved in {@code model.json} ({@code FittedSchema}). The typed
 * network is in {@code model} ({@code SchemaNetwork}), its minibatches and scoring in
 * {@code inference}.
 */
package io.charspark.schema;
