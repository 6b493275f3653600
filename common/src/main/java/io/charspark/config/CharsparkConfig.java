package io.charspark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.charspark.etl.CharTransform;
import io.charspark.etl.LmWindows;
import io.charspark.etl.Truncation;
import io.charspark.schema.ColumnType;
import io.charspark.schema.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The resolved, validated configuration of one run. Built only through {@link #load}; every
 * validation error names the key, the value and what was expected.
 */
public final class CharsparkConfig {
  public static final String REFERENCE = "charspark/reference.conf";
  public static final Set<String> WORKLOADS = Set.of("spoilers", "toxic", "showerthoughts");
  public static final String TOXIC = "toxic";
  public static final String LANGUAGE_MODEL = "showerthoughts";
  public static final List<String> ARCHS = List.of("cnn", "lstm", "cnn_lstm", "bilstm");
  public static final List<String> TOXIC_ARCHS = List.of("bilstm", "bi_conv_lstm", "cnn");

  /** {@code labelField} is empty for an unlabelled workload; {@code titleOnly} drops selftext. */
  /** {@code onCorruptFile}: {@code fail} or {@code skip} (input.on_corrupt_file, see docs/ingest.md). */
  public record Input(
      List<String> subreddits, LocalDate from, LocalDate until, String labelField, boolean titleOnly,
      String onCorruptFile) {
    public boolean labelled() {
      return !labelField.isEmpty();
    }
  }

  /** The {@code lm} block; {@link #windows} is the part a language model saves as its ETL. */
  public record Lm(
      int window,
      int step,
      int evalStep,
      boolean keepNewline,
      int ngramOrder,
      List<Double> temperatures,
      int generateLength) {
    public LmWindows windows() {
      return new LmWindows(window, step, evalStep, keepNewline);
    }
  }

  public record Split(double train, double validation, double test, String salt) {}

  /** {@code etl.max_length} and {@code etl.truncate}; {@link #transform} is what a model saves. */
  public record Etl(int maxLength, Truncation truncation) {
    public CharTransform transform() {
      return new CharTransform(maxLength, truncation);
    }

    public boolean keepTail() {
      return truncation.keepsTail();
    }
  }

  public record Model(
      String arch,
      int embeddingDim,
      int convFilters,
      int convKernel,
      int poolSize,
      int denseUnits,
      int lstmUnits,
      int bilstmUnits,
      int lmUnits,
      double lmDropout,
      double lmRecurrentDropout,
      String lstmImpl) {}

  public record Optimizer(String name, double learningRate) {}

  /**
   * Training settings. {@code batchSizePerWorker} is 0 for {@code auto} (see {@link
   * #batchSize(long, int)}); {@code lrScaling} is {@code none | linear | sqrt} (learning rate times
   * 1, k or √k for k workers, Goyal et al. 2017); {@code maxMinutes} 0 = no time budget.
   */
  public record Train(
      int epochs,
      int batchSizePerWorker,
      int averagingFrequency,
      int prefetchBatches,
      String approach,
      int patience,
      int partitions,
      int minStepsPerEpoch,
      String lrScaling,
      int warmupSteps,
      double maxMinutes,
      double progressSeconds) {
    /** Smallest and largest batch {@code batch_size_per_worker = auto} picks. */
    public static final int AUTO_MIN_BATCH = 8;
    public static final int AUTO_MAX_BATCH = 512;

    public boolean autoBatch() {
      return batchSizePerWorker == 0;
    }

    /**
     * The minibatch size per worker for {@code rows} training sequences on {@code workers} workers:
     * the configured size, or for {@code auto} the largest size in [{@value #AUTO_MIN_BATCH},
     * {@value #AUTO_MAX_BATCH}] that still gives each worker at least {@code min_steps_per_epoch}
     * optimizer steps per epoch, i.e. {@code floor(rows / (workers × min_steps_per_epoch))} clamped.
     */
    public int batchSize(long rows, int workers) {
      if (!autoBatch()) return batchSizePerWorker;
      long b = rows / ((long) Math.max(1, workers) * minStepsPerEpoch);
      return (int) Math.max(AUTO_MIN_BATCH, Math.min(AUTO_MAX_BATCH, b));
    }
  }

  public record Score(double threshold, int batchSize) {}

  /**
   * The toxic workload: label columns (head order), the stratification label, per-label positive
   * weights (empty = off) and the TF-IDF baseline's settings.
   */
  public record Toxic(
      List<String> labels,
      String stratifyOn,
      List<Double> positiveWeights,
      boolean baseline,
      int baselineNgramMax,
      int baselineFeatures,
      int baselineMaxIter,
      double baselineRegParam) {
    /** Weight of a positive example of head {@code k} (1 when weighting is off). */
    public double positiveWeight(int k) {
      return positiveWeights.isEmpty() ? 1.0 : positiveWeights.get(k);
    }
  }

  private final Config resolved;
  public final String workload;
  public final long seed;
  public final Input input;
  public final Split split;
  public final int filesPerSplit;
  public final Etl etl;
  public final Lm lm;
  public final Model model;
  public final Optimizer optimizer;
  public final Train train;
  public final Score score;
  public final Toxic toxic;
  /**
   * The typed schema of the model (SPEC.md §5): the {@code schema} block, or, when that block is
   * empty, what the workload implies (spoilers: {@code text = [text]}, {@code outputs { label =
   * boolean }}; toxic: {@code text = [text]} and one boolean output per {@code toxic.labels}); null
   * for the language model.
   */
  public final Schema schema;
  /** {@code schema.network = typed}: the typed graph even for the workload's own schema. */
  private boolean schemaTyped;

  private CharsparkConfig(Config c) {
    this.resolved = c;
    this.workload = oneOf(c, "workload", WORKLOADS);
    this.seed = c.getLong("seed");
    List<String> subs = new ArrayList<>();
    for (String s : c.getStringList("input.subreddits")) subs.add(s.toLowerCase(Locale.ROOT));
    LocalDate from = date(c, "input.from");
    LocalDate until = date(c, "input.until");
    if (from != null && until != null && !from.isBefore(until)) {
      throw new ConfigException(
          "input.from (" + from + ") must be before input.until (" + until + ")");
    }
    String label = c.getString("input.label_field").trim();
    if (label.isEmpty() && workload.equals("spoilers")) {
      throw new ConfigException("input.label_field must not be empty for workload " + workload);
    }
    this.input =
        new Input(List.copyOf(subs), from, until, label,
            oneOf(c, "input.text", Set.of("title_selftext", "title")).equals("title"),
            oneOf(c, "input.on_corrupt_file", Set.of("fail", "skip")));
    double tr = fraction(c, "split.train");
    double va = fraction(c, "split.validation");
    double te = fraction(c, "split.test");
    if (Math.abs(tr + va + te - 1.0) > 1e-9) {
      throw new ConfigException(
          "split.train + split.validation + split.test must sum to 1, got "
              + tr + " + " + va + " + " + te + " = " + (tr + va + te));
    }
    if (tr == 0 || va == 0) {
      throw new ConfigException("split.train and split.validation must be > 0 (training needs both)");
    }
    this.split = new Split(tr, va, te, c.getString("split.salt"));
    this.filesPerSplit = positive(c, "shard.files_per_split");
    String trunc = oneOf(c, "etl.truncate", Set.of("pre", "post"));
    this.etl = new Etl(atLeast(c, "etl.max_length", 3), Truncation.of(trunc));
    this.model =
        new Model(
            oneOf(c, "model.arch", Set.copyOf(workload.equals(TOXIC) ? TOXIC_ARCHS : ARCHS)),
            positive(c, "model.embedding_dim"),
            positive(c, "model.conv_filters"),
            positive(c, "model.conv_kernel"),
            positive(c, "model.pool_size"),
            positive(c, "model.dense_units"),
            positive(c, "model.lstm_units"),
            positive(c, "model.bilstm_units"),
            positive(c, "model.lm_units"),
            probability(c, "model.lm_dropout"),
            probability(c, "model.lm_recurrent_dropout"),
            oneOf(c, "model.lstm_impl", Set.of("auto", "fused", "dl4j")));
    List<Double> temps = c.getDoubleList("lm.temperatures");
    for (double t : temps) {
      if (!(t > 0)) throw new ConfigException("lm.temperatures must all be > 0, got " + temps);
    }
    int order = atLeast(c, "lm.ngram_order", 1);
    this.lm =
        new Lm(
            atLeast(c, "lm.window", 2),
            positive(c, "lm.step"),
            positive(c, "lm.eval_step"),
            c.getBoolean("lm.keep_newline"),
            order,
            List.copyOf(temps),
            positive(c, "lm.generate_length"));
    if (order > lm.window() + 1) {
      throw new ConfigException("lm.ngram_order = " + order + " needs lm.window >= " + (order - 1));
    }
    if (model.arch().startsWith("cnn")
        && etl.maxLength() < 2 * (model.convKernel() - 1) + model.poolSize()) {
      throw new ConfigException(
          "etl.max_length = " + etl.maxLength() + " is too short for two convolutions of kernel "
              + model.convKernel() + " and a pool of " + model.poolSize());
    }
    String opt = oneOf(c, "optimizer.name", Set.of("auto", "adam", "rmsprop"));
    if (opt.equals("auto")) opt = model.arch().equals("cnn") ? "adam" : "rmsprop";
    double lr = c.getDouble("optimizer.learning_rate");
    if (!(lr > 0)) throw new ConfigException("optimizer.learning_rate must be > 0, got " + lr);
    this.optimizer = new Optimizer(opt, lr);
    this.train =
        new Train(
            positive(c, "train.epochs"),
            batchSizeOrAuto(c, "train.batch_size_per_worker"),
            positive(c, "train.averaging_frequency"),
            atLeast(c, "train.prefetch_batches", 0),
            oneOf(c, "train.approach", Set.of("direct", "export")),
            positive(c, "train.patience"),
            atLeast(c, "train.partitions", 0),
            positive(c, "train.min_steps_per_epoch"),
            oneOf(c, "train.lr_scaling", Set.of("none", "linear", "sqrt")),
            atLeast(c, "train.warmup_steps", 0),
            nonNegative(c, "train.max_minutes"),
            nonNegative(c, "train.progress_seconds"));
    double th = c.getDouble("score.threshold");
    if (th < 0 || th > 1) throw new ConfigException("score.threshold must be in [0, 1], got " + th);
    this.score = new Score(th, positive(c, "score.batch_size"));
    this.toxic = toxic(c);
    this.schema = schema(c);
  }

  /** Output types a schema may declare, by config name. */
  private Schema schema(Config c) {
    List<String> text = c.getStringList("schema.text");
    List<String> cat = c.getStringList("schema.categorical");
    List<String> num = c.getStringList("schema.numerical");
    List<String> bool = c.getStringList("schema.boolean");
    List<String> ts = c.getStringList("schema.timestamp");
    Config outs = c.getConfig("schema.outputs");
    // HOCON objects keep no key order: outputs (and so the heads) are taken in name order.
    java.util.LinkedHashMap<String, ColumnType> outputs = new java.util.LinkedHashMap<>();
    for (String k : new TreeSet<>(outs.root().keySet())) {
      String type;
      try {
        type = outs.getString(com.typesafe.config.ConfigUtil.joinPath(k));
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("schema.outputs." + k + " must be one of boolean, categorical, numerical");
      }
      ColumnType t;
      try {
        t = ColumnType.parse(type);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("schema.outputs." + k + " = '" + type + "': " + e.getMessage());
      }
      outputs.put(k, t);
    }
    String mode = oneOf(c, "schema.text_mode", Set.of("separate", "concat"));
    this.schemaTyped = oneOf(c, "schema.network", Set.of("auto", "typed")).equals("typed");
    int maxLevels = positive(c, "schema.max_levels");
    boolean declared = !(text.isEmpty() && cat.isEmpty() && num.isEmpty() && bool.isEmpty() && ts.isEmpty()
        && outputs.isEmpty());
    if (isLanguageModel()) {
      if (declared) {
        throw new ConfigException("schema applies to the spoilers and toxic workloads; workload "
            + workload + " is a character language model (leave the schema block empty)");
      }
      return null;
    }
    if (!declared) {
      text = List.of("text");
      if (isToxic()) {
        for (String l : toxic.labels()) outputs.put(l, ColumnType.BOOLEAN);
      } else {
        outputs.put("label", ColumnType.BOOLEAN);
      }
    }
    try {
      return new Schema(List.copyOf(text), List.copyOf(cat), List.copyOf(num),
          List.copyOf(bool), List.copyOf(ts), outputs, mode, maxLevels, etl.maxLength(), etl.keepTail());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("schema: " + e.getMessage());
    }
  }

  /**
   * True when the schema is the workload's own (one text column {@code text}, boolean outputs: the
   * spoiler label, or exactly {@code toxic.labels}): it compiles to the workload networks of SPEC.md
   * §1 ({@code model.arch}), unless {@code schema.network = typed}. Any other schema compiles to the
   * general typed graph.
   */
  public boolean isWorkloadSchema() {
    if (schema == null || schemaTyped) return false;
    boolean textOnly = schema.text().equals(List.of("text")) && schema.categorical().isEmpty()
        && schema.numerical().isEmpty() && schema.bool().isEmpty() && schema.timestamp().isEmpty();
    boolean allBoolean = schema.outputs().values().stream()
        .allMatch(t -> t == ColumnType.BOOLEAN);
    java.util.Set<String> expected = isToxic() ? Set.copyOf(toxic.labels()) : Set.of("label");
    return textOnly && allBoolean && schema.outputs().keySet().equals(expected);
  }

  private static Toxic toxic(Config c) {
    List<String> labels = c.getStringList("toxic.labels");
    if (labels.isEmpty() || new TreeSet<>(labels).size() != labels.size()) {
      throw new ConfigException("toxic.labels must be a non-empty list of distinct names, got " + labels);
    }
    for (String l : labels) {
      if (!l.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new ConfigException("toxic.labels: '" + l + "' is not a column name ([A-Za-z_][A-Za-z0-9_]*)");
      }
    }
    String strat = c.getString("toxic.stratify_on").trim();
    if (!labels.contains(strat)) {
      throw new ConfigException("toxic.stratify_on = '" + strat + "' is not one of toxic.labels " + labels);
    }
    List<Double> w = c.getDoubleList("toxic.positive_weights");
    if (!w.isEmpty() && w.size() != labels.size()) {
      throw new ConfigException("toxic.positive_weights has " + w.size() + " values but toxic.labels has "
          + labels.size() + " (one weight per label, or [] for off)");
    }
    for (double x : w) {
      if (!(x > 0)) throw new ConfigException("toxic.positive_weights must all be > 0, got " + w);
    }
    double reg = c.getDouble("toxic.baseline_reg_param");
    if (reg < 0) throw new ConfigException("toxic.baseline_reg_param must be >= 0, got " + reg);
    return new Toxic(List.copyOf(labels), strat, List.copyOf(w), c.getBoolean("toxic.baseline"),
        atLeast(c, "toxic.baseline_ngram_max", 1), positive(c, "toxic.baseline_features"),
        positive(c, "toxic.baseline_max_iter"), reg);
  }

  /** True for the multi-label Kaggle toxic-comments workload. */
  public boolean isToxic() {
    return workload.equals(TOXIC);
  }

  /** True for the character language model workload. */
  public boolean isLanguageModel() {
    return workload.equals(LANGUAGE_MODEL);
  }

  /** The defaults alone (what {@code reference.conf} says). */
  public static Config reference() {
    return ConfigFactory.parseResources(CharsparkConfig.class.getClassLoader(), REFERENCE)
        .resolve();
  }

  /**
   * Loads a workload file (may be null for the defaults alone), applies {@code key=value}
   * overrides, rejects unknown keys, and validates.
   */
  public static CharsparkConfig load(Path file, List<String> overrides) {
    Config ref = reference();
    Config user = ConfigFactory.empty();
    String where = "defaults";
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("Config file not found: " + file);
      }
      try {
        user = ConfigFactory.parseFile(file.toFile()).resolve();
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException(parseError(file, e));
      }
      checkKnown(user, ref, file.toString());
      where = file.toString();
    }
    Config over = ConfigFactory.empty();
    for (String kv : overrides == null ? List.<String>of() : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set expects key=value, got '" + kv + "'");
      }
      String key = kv.substring(0, eq).trim();
      String value = kv.substring(eq + 1).trim();
      Config one;
      try {
        one = ConfigFactory.parseString(key + " = " + quoteIfNeeded(value));
      } catch (com.typesafe.config.ConfigException e) {
        throw new ConfigException("--set " + kv + ": cannot parse value: " + e.getMessage());
      }
      checkKnown(one, ref, "--set " + kv);
      over = one.withFallback(over);
    }
    Config all = over.withFallback(user).withFallback(ref).resolve();
    try {
      return new CharsparkConfig(all);
    } catch (WrongType e) {
      throw new ConfigException("Wrong type in " + where + ": " + e.getMessage());
    }
  }

  /** Re-reads a configuration saved by {@link #render()} (e.g. from a model directory). */
  public static CharsparkConfig fromSaved(Path file) {
    return load(file, List.of());
  }

  private static String quoteIfNeeded(String v) {
    if (v.isEmpty()) return "\"\"";
    char f = v.charAt(0);
    if (f == '[' || f == '{' || f == '"') return v;
    if (v.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?|true|false|null")) return v;
    return com.typesafe.config.ConfigValueFactory.fromAnyRef(v).render();
  }

  /**
   * A HOCON syntax error as "Cannot parse config FILE, line N: what" (the file is the one that
   * holds the error, e.g. an included one), with a hint for the usual cause of an error at the end
   * of the file: a '{' or '[' never closed.
   */
  static String parseError(Path file, com.typesafe.config.ConfigException e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    com.typesafe.config.ConfigOrigin o = e.origin();
    String where = file.toString();
    if (o != null) {
      // Typesafe prefixes the message with the origin's description ("file.conf: 12: ...").
      if (msg.startsWith(o.description() + ": ")) msg = msg.substring(o.description().length() + 2);
      if (o.filename() != null) where = o.filename();
      if (o.lineNumber() > 0) where += ", line " + o.lineNumber();
    }
    if (msg.contains("end of file")) {
      // Typesafe reports the end of the file (and may name the wrong bracket): point at the opening.
      String file2 = o != null && o.filename() != null ? o.filename() : file.toString();
      int[] open = unclosed(Path.of(file2));
      if (open != null) {
        return "Cannot parse config " + file2 + ", line " + open[0] + ": '" + (char) open[1]
            + "' is never closed (the file ends first)";
      }
      msg = "the file ends inside an unclosed '{' or '[' (" + msg + ")";
    }
    return "Cannot parse config " + where + ": " + msg;
  }

  /**
   * The line and character of the last '{' or '[' that {@code file} never closes, skipping quoted
   * strings and comments, or null (also when the file cannot be read).
   */
  static int[] unclosed(Path file) {
    String s;
    try {
      s = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>();
    int line = 1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c == '#' || (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/')) {
        while (i + 1 < s.length() && s.charAt(i + 1) != '\n') i++;
      } else if (c == '"') {
        boolean triple = s.startsWith("\"\"\"", i);
        int end = triple ? s.indexOf("\"\"\"", i + 3) : i + 1;
        if (!triple) while (end < s.length() && s.charAt(end) != '"' && s.charAt(end) != '\n') end += s.charAt(end) == '\\' ? 2 : 1;
        if (end < 0 || end >= s.length()) return null;
        for (int j = i; j < end; j++) if (s.charAt(j) == '\n') line++;
        i = triple ? end + 2 : end;
      } else if (c == '{' || c == '[') {
        stack.push(new int[] {line, c});
      } else if ((c == '}' || c == ']') && !stack.isEmpty()) {
        stack.pop();
      }
    }
    return stack.isEmpty() ? null : stack.peek();
  }

  private static void checkKnown(Config user, Config ref, String where) {
    Set<String> valid = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : ref.entrySet()) valid.add(e.getKey());
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      // schema.outputs is a map of the user's column names to types.
      if (e.getKey().startsWith("schema.outputs.")) continue;
      if (!valid.contains(e.getKey())) {
        List<String> near = nearest(e.getKey(), valid);
        throw new ConfigException(
            "Unknown configuration key '" + e.getKey() + "' in " + where
                + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?")
                + " (every key with its default: charspark/reference.conf in the common jar,"
                + " common/src/main/resources/charspark/reference.conf in the source)");
      }
    }
  }

  /**
   * The valid keys nearest to an unknown one, best first (at most 3): by Levenshtein distance over
   * the whole key, or over the last segment when the block is wrong ({@code model.epochs} →
   * {@code train.epochs}); only keys within a third of the key's length (at least 2 edits).
   */
  static List<String> nearest(String key, Set<String> valid) {
    org.apache.commons.text.similarity.LevenshteinDistance lev =
        org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance();
    String leaf = key.substring(key.lastIndexOf('.') + 1);
    int limit = Math.max(2, key.length() / 3);
    java.util.TreeMap<Integer, List<String>> byDistance = new java.util.TreeMap<>();
    for (String v : valid) {
      String vLeaf = v.substring(v.lastIndexOf('.') + 1);
      int d = Math.min(lev.apply(key, v), lev.apply(leaf, vLeaf) + 1);
      if (d <= limit) byDistance.computeIfAbsent(d, k -> new ArrayList<>()).add(v);
    }
    List<String> out = new ArrayList<>();
    for (List<String> ks : byDistance.values()) {
      for (String k : ks) if (out.size() < 3) out.add(k);
    }
    return out;
  }

  private static String oneOf(Config c, String key, Set<String> allowed) {
    String v = c.getString(key).trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new ConfigException(
          key + " = '" + c.getString(key) + "' is not valid; expected one of " + new TreeSet<>(allowed));
    }
    return v;
  }

  private static int positive(Config c, String key) {
    return atLeast(c, key, 1);
  }

  private static int atLeast(Config c, String key, int min) {
    int v;
    try {
      v = c.getInt(key);
    } catch (WrongType e) {
      throw new ConfigException(key + " = '" + c.getValue(key).unwrapped() + "' is not an integer");
    }
    if (v < min) throw new ConfigException(key + " must be >= " + min + ", got " + v);
    return v;
  }

  /** A positive integer, or {@code auto} (returned as 0). */
  private static int batchSizeOrAuto(Config c, String key) {
    Object v = c.getValue(key).unwrapped();
    if (v instanceof String str && str.trim().equalsIgnoreCase("auto")) return 0;
    if (!(v instanceof Number)) {
      throw new ConfigException(key + " = '" + v + "' is not valid; expected a positive integer or auto");
    }
    return positive(c, key);
  }

  private static double nonNegative(Config c, String key) {
    double v;
    try {
      v = c.getDouble(key);
    } catch (WrongType e) {
      throw new ConfigException(key + " = '" + c.getValue(key).unwrapped() + "' is not a number");
    }
    if (!(v >= 0) || Double.isInfinite(v)) throw new ConfigException(key + " must be >= 0, got " + v);
    return v;
  }

  private static double probability(Config c, String key) {
    double v = c.getDouble(key);
    if (v < 0 || v >= 1) throw new ConfigException(key + " must be in [0, 1), got " + v);
    return v;
  }

  private static double fraction(Config c, String key) {
    double v = c.getDouble(key);
    if (v < 0 || v > 1) throw new ConfigException(key + " must be in [0, 1], got " + v);
    return v;
  }

  private static LocalDate date(Config c, String key) {
    String v = c.getString(key).trim();
    if (v.isEmpty()) return null;
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new ConfigException(key + " = '" + v + "' is not a date; expected yyyy-MM-dd or \"\"");
    }
  }

  /** The whole resolved configuration as HOCON, saved next to every output. */
  public String render() {
    return resolved.root().render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
  }

  public void saveTo(Path file) {
    try {
      Files.writeString(file, render(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Config raw() {
    return resolved;
  }
}
