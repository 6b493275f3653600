package io.charspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URL;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.filter.AbstractFilterable;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/**
 * The log configuration the jobs ship (log4j2.properties): Spark's known-harmless warnings are
 * dropped, every other warning passes; the verbose one (--verbose) drops nothing and logs INFO.
 */
class ShippedLoggingTest {
  static Configuration load(String resource) throws Exception {
    URL url = ShippedLoggingTest.class.getResource(resource);
    try (InputStream in = url.openStream()) {
      Configuration c = new PropertiesConfigurationFactory()
          .getConfiguration(new LoggerContext("test"), new ConfigurationSource(in, url));
      c.initialize();
      return c;
    }
  }

  static Filter.Result filter(Configuration c, String logger, String message) {
    Filter f = ((AbstractFilterable) c.getAppender("console")).getFilter();
    if (f == null) return Filter.Result.NEUTRAL;
    return f.filter(Log4jLogEvent.newBuilder().setLevel(Level.WARN).setLoggerName(logger)
        .setMessage(new SimpleMessage(message)).build());
  }

  @Test
  void knownHarmlessWarningsAreDroppedOthersKept() throws Exception {
    Configuration quiet = load("/log4j2.properties");
    assertEquals(Level.WARN, quiet.getRootLogger().getLevel());
    assertEquals(Filter.Result.DENY, filter(quiet, "org.apache.spark.scheduler.DAGScheduler",
        "Broadcasting large task binary with size 1096.6 KiB"));
    assertEquals(Filter.Result.DENY, filter(quiet, "org.apache.spark.storage.BlockManager",
        "Block rdd_7_0 already exists on this machine; not re-adding it"));
    assertEquals(Filter.Result.DENY, filter(quiet, "org.apache.spark.executor.Executor",
        "Issue communicating with driver in heartbeater"));
    assertEquals(Filter.Result.NEUTRAL, filter(quiet, "org.apache.spark.storage.BlockManager",
        "Putting block rdd_3_1 failed due to exception"));
    assertEquals(Filter.Result.NEUTRAL, filter(quiet, "org.apache.spark.scheduler.TaskSetManager",
        "Lost task 0.0 in stage 2.0 (TID 5): java.lang.OutOfMemoryError"));

    Configuration verbose = load(Logging.VERBOSE);
    assertEquals(Level.INFO, verbose.getRootLogger().getLevel());
    assertEquals(Filter.Result.NEUTRAL, filter(verbose, "org.apache.spark.scheduler.DAGScheduler",
        "Broadcasting large task binary with size 1096.6 KiB"));
  }
}
