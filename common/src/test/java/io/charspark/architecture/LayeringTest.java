package io.charspark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, enforced on the compiled classes of {@code common}: no
 * package cycle among {@code io.charspark.*}, each package depends only on the packages listed for
 * it, and DL4J/ND4J are used only where listed. The fixture packages (a deliberate cycle with an
 * ND4J use) show that each rule fails when broken.
 */
class LayeringTest {
  private static final String ROOT = "io.charspark";

  /**
   * Each package of {@code common} and the {@code io.charspark} packages it may use (besides
   * itself), bottom to top: the table of docs/architecture.md.
   */
  static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

  static {
    allow("io");
    allow("etl");
    allow("lm");
    allow("spark", "io", "etl");
    allow("schema", "io", "etl");
    allow("config", "etl", "schema");
    allow("data", "io", "config");
    allow("demo", "io");
    allow("collect", "io", "data");
    allow("metrics", "config", "data");
    allow("model", "io", "etl", "config", "schema");
    allow("inference", "etl", "lm", "spark", "schema", "metrics", "model");
    allow("report", "io", "etl", "config", "data", "schema", "metrics", "model", "inference");
    allow("workload", "io", "etl", "config", "data", "schema", "metrics", "model", "inference", "lm", "report");
    allow("train", "io", "spark", "schema", "config", "data", "metrics", "model", "workload");
    allow("eval", "io", "spark", "config", "data", "model", "workload");
    allow("compare", "io", "config", "data", "metrics", "model", "report", "train", "eval");
    allow("bench", "io", "etl", "config", "data", "demo", "model", "inference", "workload", "train");
  }

  /** The packages that may use DL4J and ND4J (the networks, training, the partition scorer; bench and the GPU check measure them). */
  static final List<String> DL4J_ALLOWED =
      List.of("model", "train", "inference", "bench", "spark");

  private static void allow(String pkg, String... deps) {
    ALLOWED.put(pkg, Set.of(deps));
  }

  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  static ArchRule noCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  static ArchRule dl4jOnlyIn(String root, List<String> allowed) {
    return noClasses().that().resideOutsideOfPackages(allowed.stream().map(p -> root + "." + p + "..").toArray(String[]::new))
        .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
        .because("DL4J/ND4J stay behind charspark's own types (docs/architecture.md)");
  }

  @Test
  void noPackageCycle() {
    noCycles(ROOT).check(classes);
  }

  @Test
  void dl4jOnlyInTheAllowedPackages() {
    dl4jOnlyIn(ROOT, DL4J_ALLOWED).check(classes);
  }

  @Test
  void everyPackageUsesOnlyTheListedPackages() {
    for (Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
      String[] forbidden = ALLOWED.keySet().stream()
          .filter(p -> !p.equals(e.getKey()) && !e.getValue().contains(p))
          .map(p -> ROOT + "." + p + "..").toArray(String[]::new);
      if (forbidden.length == 0) continue;
      noClasses().that().resideInAPackage(ROOT + "." + e.getKey() + "..")
          .should().dependOnClassesThat().resideInAnyPackage(forbidden)
          .because("docs/architecture.md lists what " + e.getKey() + " may use")
          .check(classes);
    }
  }

  /** A new package must be placed in the table (and in docs/architecture.md) before it is used. */
  @Test
  void everyPackageIsListed() {
    Set<String> found = new TreeSet<>();
    for (JavaClass c : classes) {
      String rest = c.getPackageName().substring(ROOT.length());
      if (rest.startsWith(".")) found.add(rest.substring(1).split("\\.")[0]);
    }
    found.remove("jobs"); // the jobs module, when on the classpath, is the top
    assertEquals(new TreeSet<>(ALLOWED.keySet()), found);
  }

  /** The table itself has no cycle, so the order it is written in is a layering. */
  @Test
  void theTableIsOrderedBottomToTop() {
    List<String> order = List.copyOf(ALLOWED.keySet());
    for (Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
      for (String dep : e.getValue()) {
        assertTrue(order.indexOf(dep) >= 0 && order.indexOf(dep) < order.indexOf(e.getKey()),
            e.getKey() + " may use " + dep + ", which is not listed below it");
      }
    }
  }

  /**
   * docs/architecture.md's table ({@code | `pkg` | what | may use | DL4J/ND4J |}) says what this
   * test enforces: the same packages in the same order, the same uses, the same DL4J marks.
   */
  @Test
  void theDocsTableMirrorsThisOne() throws Exception {
    Map<String, Set<String>> documented = new LinkedHashMap<>();
    Set<String> dl4j = new TreeSet<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(Path.of("../docs/architecture.md"))) {
      if (line.startsWith("## ")) inTable = line.startsWith("## Packages");
      if (!inTable || !line.startsWith("| `")) continue;
      String[] cells = line.split("\\|", -1);
      String pkg = cells[1].trim().replace("`", "");
      String uses = cells[3].trim();
      documented.put(pkg, uses.equals("—") ? Set.of()
          : Arrays.stream(uses.split(",")).map(String::trim).collect(Collectors.toSet()));
      if (cells[4].trim().startsWith("yes")) dl4j.add(pkg);
    }
    assertEquals(List.copyOf(ALLOWED.keySet()), List.copyOf(documented.keySet()), "packages, bottom to top");
    assertEquals(ALLOWED, documented, "what each package may use");
    assertEquals(new TreeSet<>(DL4J_ALLOWED), dl4j, "packages marked DL4J");
  }

  @Test
  void theRulesFailOnACycleAndOnDl4jOutsideTheAllowedPackages() {
    String fixture = "io.charspark.architecture.fixture";
    JavaClasses bad = new ClassFileImporter().importPackages(fixture);
    AssertionError cycle = assertThrows(AssertionError.class, () -> noCycles(fixture).check(bad));
    assertTrue(cycle.getMessage().contains("Cycle detected"), cycle.getMessage());
    AssertionError dl4j = assertThrows(AssertionError.class, () -> dl4jOnlyIn(fixture, List.of("a")).check(bad));
    assertTrue(dl4j.getMessage().contains("org.nd4j.linalg.factory.Nd4j"), dl4j.getMessage());
  }
}
