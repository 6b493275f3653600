package io.charspark.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for Reddit on 127.0.0.1: the application-only token endpoint and
 * {@code /r/StarWars/new}, serving pages in the real Listing format from a list of posts (newest
 * first) cut at {@link #pageSize}, with the {@code after} cursor Reddit uses (the fullname of the
 * page's last post) and its rate-limit headers. Faults queued in {@link #listingFaults} /
 * {@link #tokenFaults} replace the next responses, one each.
 */
final class FakeReddit implements AutoCloseable {
  // Recognisable fakes: the tests grep every log line and output file for them.
  static final String CLIENT_ID = "fakeClientId-XYZZY-4242";
  static final String SECRET = "fakeSecret-PLUGH-do-not-leak-8675309";
  static final String TOKEN = "fakeToken-FROBOZZ-0123456789abcdef";

  static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded request. */
  record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
      }
      return null;
    }
  }

  /** A response that replaces the normal one. */
  @FunctionalInterface
  interface Fault {
    /** Responds (or returns false to fall through to the normal response after a side effect). */
    boolean respond(HttpExchange ex) throws IOException;
  }

  final List<ObjectNode> posts;
  volatile int pageSize = 5;
  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  final Deque<Fault> listingFaults = new ConcurrentLinkedDeque<>();
  final Deque<Fault> tokenFaults = new ConcurrentLinkedDeque<>();
  /** Extra headers for the next successful listing responses, one map each. */
  final Deque<Map<String, String>> listingHeaders = new ConcurrentLinkedDeque<>();
  volatile int tokensIssued;
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  FakeReddit(List<ObjectNode> posts) throws IOException {
    this.posts = posts;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/access_token", this::token);
    server.createContext("/r/", this::listing);
    // Several threads: a deliberately slow response must not hold up the client's retry.
    server.setExecutor(pool);
    server.start();
  }

  URI apiUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  URI authUrl() {
    return URI.create(apiUrl() + "/api/v1/access_token");
  }

  List<Request> listingRequests() {
    synchronized (requests) {
      return requests.stream().filter(r -> r.path().startsWith("/r/")).toList();
    }
  }

  // ---- posts in the real submission format ----

  /** {@code n} r/StarWars submissions, newest first, {@code stepSeconds} apart; even ones are spoilers. */
  static List<ObjectNode> posts(int n, Instant newest, long stepSeconds) {
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long created = newest.getEpochSecond() - i * stepSeconds;
      String id = "1a" + Integer.toString(1000 + i, 36);
      ObjectNode d = JSON.createObjectNode();
      d.put("approved_at_utc", (String) null);
      d.put("subreddit", "StarWars");
      d.put("selftext", i % 5 == 0 ? "Line one\nline two — “quoted” ✨ スター・ウォーズ" : "Body of post " + i);
      d.put("author_fullname", "t2_abc" + i);
      d.put("title", (i % 2 == 0 ? "[SPOILERS] What happens to Luke in episode " : "Favourite droid poll #") + i);
      d.put("subreddit_name_prefixed", "r/StarWars");
      d.put("name", "t3_" + id);
      d.put("score", 10 + i);
      d.put("link_flair_text", i % 2 == 0 ? "Spoilers" : "General Discussion");
      d.put("subreddit_type", "public");
      d.put("created", new BigDecimal(created + ".0"));
      d.put("over_18", false);
      d.put("spoiler", i % 2 == 0);
      d.put("id", id);
      d.put("author", "user" + i);
      d.put("num_comments", i);
      d.put("permalink", "/r/StarWars/comments/" + id + "/post_" + i + "/");
      d.put("url", "https://www.reddit.com/r/StarWars/comments/" + id + "/post_" + i + "/");
      d.put("subreddit_id", "t5_2qi4s");
      d.put("is_self", true);
      d.put("created_utc", new BigDecimal(created + ".0"));
      out.add(d);
    }
    return out;
  }

  static String listing(List<ObjectNode> children, String after) {
    ObjectNode root = JSON.createObjectNode();
    root.put("kind", "Listing");
    ObjectNode data = root.putObject("data");
    data.put("after", after);
    data.put("dist", children.size());
    data.put("modhash", "");
    data.put("geo_filter", (String) null);
    ArrayNode arr = data.putArray("children");
    for (ObjectNode c : children) {
      ObjectNode child = arr.addObject();
      child.put("kind", "t3");
      child.set("data", c.deepCopy());
    }
    data.put("before", (String) null);
    return root.toString();
  }

  // ---- faults ----

  static Fault status(int code, Map<String, String> headers, String body) {
    return ex -> {
      headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      send(ex, code, body);
      return true;
    };
  }

  /** A 200 whose body is {@code body} (e.g. truncated JSON). */
  static Fault body(String body) {
    return status(200, Map.of("Content-Type", "application/json; charset=UTF-8"), body);
  }

  /** Answers normally, but only after {@code millis} (for client timeouts). */
  static Fault delay(long millis) {
    return ex -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    };
  }

  // ---- handlers ----

  private void token(HttpExchange ex) throws IOException {
    try {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      record(ex, body);
      Fault f = tokenFaults.poll();
      if (f != null && f.respond(ex)) return;
      String expected = "Basic " + Base64.getEncoder().encodeToString(
          (CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
      if (!"POST".equals(ex.getRequestMethod())
          || !expected.equals(ex.getRequestHeaders().getFirst("Authorization"))
          || !"grant_type=client_credentials".equals(body)) {
        send(ex, 401, "{\"message\": \"Unauthorized\", \"error\": 401}");
        return;
      }
      tokensIssued++;
      ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
      send(ex, 200, "{\"access_token\": \"" + TOKEN + "\", \"token_type\": \"bearer\", "
          + "\"expires_in\": 86400, \"scope\": \"*\"}");
    } finally {
      ex.close();
    }
  }

  private void listing(HttpExchange ex) throws IOException {
    try {
      Request req = record(ex, "");
      Fault f = listingFaults.poll();
      if (f != null && f.respond(ex)) return;
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.equalsIgnoreCase("bearer " + TOKEN)) {
        send(ex, 401, "{\"message\": \"Unauthorized\", \"error\": 401}");
        return;
      }
      if (!ex.getRequestURI().getPath().equals("/r/StarWars/new")) {
        send(ex, 404, "{\"message\": \"Not Found\", \"error\": 404}");
        return;
      }
      String after = req.query().get("after");
      int start = 0;
      if (after != null) {
        start = posts.size();
        for (int i = 0; i < posts.size(); i++) {
          if (posts.get(i).get("name").asText().equals(after)) start = i + 1;
        }
      }
      int limit = Math.min(pageSize, Integer.parseInt(req.query().getOrDefault("limit", "25")));
      int end = Math.min(posts.size(), start + limit);
      List<ObjectNode> page = posts.subList(start, end);
      String next = end < posts.size() && !page.isEmpty() ? page.get(page.size() - 1).get("name").asText() : null;
      ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
      ex.getResponseHeaders().add("x-ratelimit-used", "1");
      Map<String, String> extra = listingHeaders.poll();
      if (extra != null) extra.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      else {
        ex.getResponseHeaders().add("x-ratelimit-remaining", "599.0");
        ex.getResponseHeaders().add("x-ratelimit-reset", "412");
      }
      send(ex, 200, listing(page, next));
    } finally {
      ex.close();
    }
  }

  private Request record(HttpExchange ex, String body) {
    Map<String, String> q = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        q.put(k, v);
      }
    }
    Map<String, List<String>> headers = new HashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
    Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), q, headers, body);
    requests.add(r);
    return r;
  }

  private static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(b);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
