package io.charspark.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output lifecycle on the local filesystem: create, commit, abort, overwrite, resume. */
class OutputDirTest {
  @TempDir Path tmp;

  private List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void commitMovesTheHiddenWorkDirectoryOntoTheTargetWithSuccess() throws Exception {
    Path target = tmp.resolve("model");
    OutputDir out = OutputDir.create(target, false);
    assertEquals(tmp.resolve(".model.inprogress"), out.work());
    Files.writeString(out.resolve("a.txt"), "a");
    assertFalse(Files.exists(target), "nothing under the final name before commit");
    assertEquals(target.toString(), out.commit());
    assertEquals(List.of("_SUCCESS", "a.txt"), names(target));
    assertEquals("", Files.readString(target.resolve(OutputDir.SUCCESS)));
    assertEquals(List.of("model"), names(tmp), "the work directory is gone");
  }

  @Test
  void anExistingTargetIsRefusedWithoutOverwriteAndKept() throws Exception {
    Path target = tmp.resolve("model");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutputDir.create(target, false));
    assertEquals("Output " + target + " already exists (use --overwrite to replace it)", e.getMessage());
    assertEquals(List.of("model"), names(tmp), "no work directory was made");
    assertEquals("old", Files.readString(target.resolve("old.txt")));
  }

  @Test
  void overwriteReplacesTheOldOutputOnlyAtCommit() throws Exception {
    Path target = tmp.resolve("model");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");
    OutputDir out = OutputDir.create(target, true);
    Files.writeString(out.resolve("new.txt"), "new");
    assertTrue(Files.exists(target.resolve("old.txt")), "the old output stays readable until the new one is done");
    out.commit();
    assertEquals(List.of("_SUCCESS", "new.txt"), names(target));
  }

  @Test
  void abortRemovesTheWorkAndLeavesTheOldOutput() throws Exception {
    Path target = tmp.resolve("model");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");
    OutputDir out = OutputDir.create(target, true);
    Files.createDirectories(out.resolve("sub"));
    Files.writeString(out.resolve("sub/half.txt"), "half");
    out.abort();
    assertEquals(List.of("model"), names(tmp));
    assertEquals(List.of("old.txt"), names(target));
  }

  @Test
  void createClearsTheLeftoversOfACrashResumeKeepsThem() throws Exception {
    Path target = tmp.resolve("model");
    Path work = OutputDir.inProgressPath(target);
    Files.createDirectories(work);
    Files.writeString(work.resolve("state.json"), "{}");
    assertTrue(OutputDir.hasUnfinished(target.toString(), "state.json"));
    assertFalse(OutputDir.hasUnfinished(target.toString(), "other.json"));
    OutputDir resumed = OutputDir.resume(target);
    assertEquals(work, resumed.work());
    assertEquals("{}", Files.readString(resumed.resolve("state.json")));
    OutputDir fresh = OutputDir.create(target, false);
    assertEquals(List.of(), names(fresh.work()), "a fresh run starts empty");
    assertFalse(OutputDir.hasUnfinished(target.toString(), "state.json"));
  }

  @Test
  void resumeWithoutAnUnfinishedRunIsAOneLineError() {
    Path target = tmp.resolve("model");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutputDir.resume(target));
    assertEquals("Nothing to resume for " + target + ": no unfinished run at " + tmp.resolve(".model.inprogress"),
        e.getMessage());
  }

  @Test
  void writeAtomicallyLeavesNoTemporaryFile() throws Exception {
    Path f = tmp.resolve("d/report.html");
    OutputDir.writeAtomically(f, "one".getBytes());
    OutputDir.writeAtomically(f, "two".getBytes());
    assertEquals("two", Files.readString(f));
    assertEquals(List.of("report.html"), names(tmp.resolve("d")));
  }
}
