/**
 * A deterministic generator of demo/test corpora in the real Reddit formats from real
 * human-written text (shared/DATA.md): Star Wars quotes as spoiler posts against other quotes.
 */
package io.charspark.demo;
