/**
 * The character language model of the showerthoughts workload (SPEC.md §1, "Deep (Shower)
 * Thoughts"): distributed cross-entropy with unigram and n-gram baselines, and temperature
 * sampling. Its training pairs are made in {@code etl} ({@code LmEtl}), its training task in
 * {@code workload}.
 */
package io.charspark.lm;
