package io.charspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.charspark.data.Manifest;
import io.charspark.metrics.MetricSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which metrics rest on too few positives, and the sentence that says so. */
class MetricSupportTest {
  @Test
  void multiLabelCountsBelowTenAreNamedInLabelOrder() {
    Manifest m = new Manifest();
    m.splits.put("validation", 332L);
    m.labelCounts.put("validation", Map.of("rows", 332L, "toxic", 42L, "severe_toxic", 7L, "threat", 1L,
        "identity_hate", 4L, "insult", 10L));
    Map<String, Long> few = MetricSupport.fewPositives(m, "validation",
        List.of("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"), "toxic");
    assertEquals(List.of("severe_toxic", "obscene", "threat", "identity_hate"), List.copyOf(few.keySet()),
        "10 positives is enough; a label without a count has 0");
    assertEquals(0L, few.get("obscene"));
    assertEquals("validation ROC AUC and log loss of severe_toxic rest on 7 positives, obscene on 0 positives, "
        + "threat on 1 positive, identity_hate on 4 positives (fewer than 10): read them as noise",
        MetricSupport.warning("validation", few));
  }

  @Test
  void binaryLabelAndUnlabelledData() {
    Manifest m = new Manifest();
    m.splits.put("validation", 50L);
    m.labelCounts.put("validation", Map.of("0", 47L, "1", 3L));
    Map<String, Long> few = MetricSupport.fewPositives(m, "validation", null, "spoiler");
    assertEquals(Map.of("spoiler", 3L), few);
    assertEquals("validation ROC AUC and log loss of spoiler rests on 3 positives (fewer than 10): read it as noise",
        MetricSupport.warning("validation", few));
    m.labelCounts.put("validation", Map.of("0", 30L, "1", 20L));
    assertEquals(Map.of(), MetricSupport.fewPositives(m, "validation", null, "spoiler"));
    assertEquals(Map.of(), MetricSupport.fewPositives(m, "validation", null, ""), "unlabelled (language model)");
    assertEquals(Map.of(), MetricSupport.fewPositives(null, "validation", null, "spoiler"), "no manifest");
    assertEquals("", MetricSupport.warning("test", Map.of()));
  }
}
