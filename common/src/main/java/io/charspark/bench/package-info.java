/**
 * Side-by-side benchmarks: each comparison runs both contenders in one process run, on the same
 * data, and reports their ratio (absolute seconds are recorded, never asserted).
 */
package io.charspark.bench;
