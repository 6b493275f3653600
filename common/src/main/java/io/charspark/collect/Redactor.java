package io.charspark.collect;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Masks secrets (client id, secret, Basic header, access token) in text bound for a log line or an
 * exception message. The code never puts them there on purpose; this is the second line of
 * defence, e.g. against a server that echoes a header back in an error body.
 */
final class Redactor {
  static final String MASK = "***";
  // Values shorter than this are not real credentials; masking them would garble ordinary text.
  private static final int MIN_LENGTH = 4;
  private final List<String> secrets = new CopyOnWriteArrayList<>();

  void add(String secret) {
    if (secret != null && secret.length() >= MIN_LENGTH && !secrets.contains(secret)) {
      secrets.add(secret);
      // Longest first, so a value containing another one is masked whole.
      secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
    }
  }

  void addAll(List<String> values) {
    values.forEach(this::add);
  }

  String apply(String text) {
    if (text == null) return null;
    String out = text;
    for (String s : secrets) out = out.replace(s, MASK);
    return out;
  }
}
