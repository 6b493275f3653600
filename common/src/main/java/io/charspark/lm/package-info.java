/**
 * The character language model of the showerthoughts workload (SPEC.md §1, "Deep (Shower)
 * Thoughts"): training pairs made with Spark SQL, distributed cross-entropy with unigram and
 * n-gram baselines, and temperature sampling.
 */
package io.charspark.lm;
