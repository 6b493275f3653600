package io.charspark.jobs;

import java.net.URISyntaxException;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Quiet by default: the jobs ship {@code log4j2.properties} (warnings and errors only, with
 * Spark's known-harmless warnings filtered out, see that file); {@code --verbose} switches to
 * {@code log4j2-verbose.properties} (INFO and every warning).
 */
final class Logging {
  static final String VERBOSE = "/log4j2-verbose.properties";

  private Logging() {}

  static void verbose() {
    try {
      var url = Logging.class.getResource(VERBOSE);
      if (url != null) Configurator.reconfigure(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Bad resource URI " + VERBOSE, e);
    }
  }
}
