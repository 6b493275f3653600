package io.charspark.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An output directory written the safe way: everything goes to a hidden sibling
 * ({@code .<name>.inprogress}), which is renamed onto the final name only when the job succeeded,
 * with a {@code _SUCCESS} marker inside. A crash therefore never leaves a directory under the final
 * name that looks complete but is not.
 */
public final class OutputDir {
  public static final String SUCCESS = "_SUCCESS";
  private final Path target;
  private final Path work;

  private OutputDir(Path target, Path work) {
    this.target = target;
    this.work = work;
  }

  /** Where a job's unfinished output for {@code target} lives. */
  public static Path inProgressPath(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + ".inprogress");
  }

  /**
   * Starts a fresh output. Fails with a one-line message if {@code target} exists and
   * {@code overwrite} is false. Leftovers of an earlier crash are removed.
   */
  public static OutputDir create(Path target, boolean overwrite) {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.exists(abs) && !overwrite) {
      throw new IllegalStateException(
          "Output " + target + " already exists (use --overwrite to replace it)");
    }
    Path work = inProgressPath(abs);
    deleteRecursively(work);
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + work, e);
    }
    return new OutputDir(abs, work);
  }

  /** Re-opens the unfinished output of an interrupted run (for {@code --resume}). */
  public static OutputDir resume(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    Path work = inProgressPath(abs);
    if (!Files.isDirectory(work)) {
      throw new IllegalStateException(
          "Nothing to resume for " + target + ": no unfinished run at " + work);
    }
    return new OutputDir(abs, work);
  }

  public Path work() {
    return work;
  }

  public Path target() {
    return target;
  }

  public Path resolve(String name) {
    return work.resolve(name);
  }

  /** Writes the success marker and renames the work directory onto the target. */
  public Path commit() {
    try {
      Files.writeString(work.resolve(SUCCESS), "", StandardCharsets.UTF_8);
      deleteRecursively(target);
      Files.createDirectories(target.getParent());
      try {
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(work, target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move " + work + " to " + target, e);
    }
  }

  /** Removes the unfinished output (after a failure that cannot be resumed). */
  public void abort() {
    deleteRecursively(work);
  }

  /** Writes a small file atomically: a temporary sibling, then a rename. */
  public static void writeAtomically(Path file, byte[] content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      Files.write(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  public static void deleteRecursively(Path p) {
    if (p == null || !Files.exists(p)) return;
    try {
      Files.walkFileTree(
          p,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.delete(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + p, e);
    }
  }
}
