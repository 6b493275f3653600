package io.charspark.config;

/** A configuration problem a user can fix: the message names the key, the bad value and what was expected. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
