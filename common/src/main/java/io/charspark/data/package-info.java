/**
 * Reddit ingest and sharding: raw dumps and API listing pages → one normalised schema → filters,
 * de-duplication, a deterministic stratified split → Parquet shards with a manifest that accounts
 * for every input record.
 */
package io.charspark.data;
