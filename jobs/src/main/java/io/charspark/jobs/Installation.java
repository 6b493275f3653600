package io.charspark.jobs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where charspark is installed, so the shipped files ({@code conf/*.conf}) are found from any
 * working directory: {@code scripts/charspark} passes its checkout as {@code -Dcharspark.home}.
 * Without that property (tests, spark-submit without it) paths are relative to the working
 * directory only.
 */
final class Installation {
  static final String HOME_PROPERTY = "charspark.home";

  private Installation() {}

  /** The installation directory, or null when the launcher did not set it. */
  static Path home() {
    String h = System.getProperty(HOME_PROPERTY);
    return h == null || h.isBlank() ? null : Path.of(h);
  }

  /**
   * A path the user gave (or a default such as {@code conf/demo.conf}): as given when it exists or
   * is absolute; else the same relative path under the installation when that exists; else as given
   * (so the error names the path the user typed).
   */
  static Path resolve(String p) {
    Path given = Path.of(p);
    if (given.isAbsolute() || Files.exists(given)) return given;
    Path home = home();
    if (home != null && Files.exists(home.resolve(p))) return home.resolve(p);
    return given;
  }
}
