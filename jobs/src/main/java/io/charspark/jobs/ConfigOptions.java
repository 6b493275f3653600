package io.charspark.jobs;

import io.charspark.config.CharsparkConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --conf FILE} and repeated {@code --set key=value}. */
public class ConfigOptions {
  @Option(names = "--conf", required = true, description = "Workload configuration (HOCON), e.g. conf/spoilers.conf.")
  Path conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (repeatable).")
  List<String> overrides = new ArrayList<>();

  CharsparkConfig load() {
    return CharsparkConfig.load(conf, overrides);
  }
}
