package io.charspark.jobs;

import io.charspark.config.CharsparkConfig;
import io.charspark.config.ConfigException;
import io.charspark.io.Fs;
import io.charspark.io.OutputDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --conf FILE} and repeated {@code --set key=value}. The file may be local or on any Hadoop
 * filesystem (e.g. {@code s3://bucket/charspark/conf/spoilers.conf} in an EMR step); a remote file
 * is copied to a local temporary file first, so its {@code include}s must be self-contained.
 */
public class ConfigOptions {
  @Option(names = "--conf", required = true, description = "Workload configuration (HOCON), local or a Hadoop URI, e.g. conf/spoilers.conf.")
  String conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (repeatable).")
  List<String> overrides = new ArrayList<>();

  CharsparkConfig load() {
    return CharsparkConfig.load(localCopy(conf), overrides);
  }

  static Path localCopy(String conf) {
    // A scheme-less path that exists here is a local file, whatever the default filesystem says.
    // Also the shipped conf/*.conf from any directory (relative to the installation).
    if (!conf.contains("://") && Files.isRegularFile(Installation.resolve(conf))) return Installation.resolve(conf);
    if (OutputDir.isLocal(conf)) return OutputDir.localPath(conf);
    if (!Fs.exists(conf)) throw new ConfigException("Config file not found: " + conf);
    try {
      Path tmp = Files.createTempFile("charspark-", "-" + Fs.name(conf));
      tmp.toFile().deleteOnExit();
      Files.write(tmp, Fs.readBytes(conf));
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + conf + ": " + e.getMessage(), e);
    }
  }
}
