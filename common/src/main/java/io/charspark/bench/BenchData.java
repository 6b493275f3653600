package io.charspark.bench;

import io.charspark.demo.DemoCorpus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real human-written text for benchmarks (shared/DATA.md): datafaker's quotes, joined two to four
 * at a time into post-sized texts, drawn with a fixed seed until the requested size is reached.
 */
public final class BenchData {
  private BenchData() {}

  public static List<String> texts(long targetBytes, long seed) {
    List<String> quotes = new ArrayList<>(DemoCorpus.starWarsQuotes());
    quotes.addAll(DemoCorpus.otherQuotes());
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> out = new ArrayList<>();
    long bytes = 0;
    while (bytes < targetBytes) {
      int k = 2 + rnd.nextInt(3);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < k; i++) {
        if (i > 0) sb.append(' ');
        sb.append(quotes.get(rnd.nextInt(quotes.size())));
      }
      String t = sb.toString();
      bytes += t.getBytes(StandardCharsets.UTF_8).length;
      out.add(t);
    }
    return out;
  }

  /** A text and its binary label: 1 when all its quotes are Star Wars quotes, 0 when none is. */
  public record Labelled(String text, int label) {}

  /**
   * {@code count} labelled texts for the training benchmark: each is a Star Wars text or not with
   * probability 1/2, made of two to four quotes of that kind (fixed seed).
   */
  public static List<Labelled> labelled(int count, long seed) {
    List<String> sw = DemoCorpus.starWarsQuotes();
    List<String> other = DemoCorpus.otherQuotes();
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Labelled> out = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      int label = rnd.nextBoolean() ? 1 : 0;
      List<String> from = label == 1 ? sw : other;
      int k = 2 + rnd.nextInt(3);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < k; i++) {
        if (i > 0) sb.append(' ');
        sb.append(from.get(rnd.nextInt(from.size())));
      }
      out.add(new Labelled(sb.toString(), label));
    }
    return out;
  }

  public static long bytes(List<String> texts) {
    long b = 0;
    for (String t : texts) b += t.getBytes(StandardCharsets.UTF_8).length;
    return b;
  }
}
