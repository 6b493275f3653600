package io.charspark.collect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reddit application-only OAuth credentials: the client id and secret of a Reddit app, read from
 * the environment variables {@value #CLIENT_ID_VAR} and {@value #SECRET_VAR} only (never from the
 * command line, where {@code ps} and shell history would show them).
 *
 * <p>Input: a map of environment variables (production passes {@code System.getenv()}). Failure: a
 * missing or blank variable is an {@link IllegalStateException} naming the variables to set.
 * {@link #toString()} reveals neither value, so printing this object by accident leaks nothing.
 */
public final class Credentials {
  public static final String CLIENT_ID_VAR = "REDDIT_CLIENT_ID";
  public static final String SECRET_VAR = "REDDIT_CLIENT_SECRET";

  private final String clientId;
  private final String secret;

  private Credentials(String clientId, String secret) {
    this.clientId = clientId;
    this.secret = secret;
  }

  public static Credentials fromEnvironment(Map<String, String> env) {
    String id = value(env, CLIENT_ID_VAR);
    String secret = value(env, SECRET_VAR);
    List<String> missing = new ArrayList<>();
    if (id == null) missing.add(CLIENT_ID_VAR);
    if (secret == null) missing.add(SECRET_VAR);
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Reddit API credentials missing: set " + String.join(" and ", missing)
              + " in the environment (client id and secret of a Reddit app of type \"script\","
              + " created at https://www.reddit.com/prefs/apps)");
    }
    return new Credentials(id, secret);
  }

  private static String value(Map<String, String> env, String name) {
    String v = env == null ? null : env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The {@code Authorization} header value for the token request (HTTP Basic, id:secret). */
  String basicAuthorization() {
    return "Basic " + basic();
  }

  private String basic() {
    return Base64.getEncoder()
        .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** Every form in which these credentials could leak: what {@link Redactor} must mask. */
  List<String> sensitiveValues() {
    return List.of(clientId, secret, clientId + ":" + secret, basic());
  }

  @Override
  public String toString() {
    return "Credentials[" + CLIENT_ID_VAR + "=***, " + SECRET_VAR + "=***]";
  }
}
