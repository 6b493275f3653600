/** Distributed inference and mergeable binary-classification metrics. */
package io.charspark.eval;
