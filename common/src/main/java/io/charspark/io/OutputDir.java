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
 *
 * <p>The target may be on any Hadoop filesystem ({@code hdfs://}, {@code s3a://}, ...; see
 * {@link Fs}). Datasets that executors write ({@link #dataUri}) go straight to the target's
 * filesystem. The driver's small files (manifest, model, checkpoints, charts) are written to
 * {@link #work()}: for a local target that is the in-progress directory itself; for a remote one it
 * is a local staging directory whose files {@link #sync()} and {@link #commit()} copy to the remote
 * in-progress directory, so a resumed run finds them there.
 */
public final class OutputDir {
  public static final String SUCCESS = "_SUCCESS";
  private final String target;
  private final Path work;
  /** The in-progress directory on the target's filesystem when the target is remote, else null. */
  private final String remoteWork;
  /** (modified time, size) of each staged file at its last copy to the remote directory. */
  private final java.util.Map<Path, java.util.List<Long>> synced = new java.util.HashMap<>();

  private OutputDir(String target, Path work, String remoteWork) {
    this.target = target;
    this.work = work;
    this.remoteWork = remoteWork;
  }

  /** Where a job's unfinished output for {@code target} lives. */
  public static Path inProgressPath(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + ".inprogress");
  }

  /** {@link #inProgressPath(Path)} for a path on any filesystem. */
  public static String inProgressPath(String target) {
    return Fs.resolve(Fs.parent(target), "." + Fs.name(target) + ".inprogress");
  }

  /** True when {@code p} lives on the local filesystem (no scheme, or {@code file:}, locally). */
  public static boolean isLocal(String p) {
    return Fs.qualified(p).startsWith("file:");
  }

  /** The local path of a local target ({@code file:} URIs accepted). */
  public static Path localPath(String p) {
    return p.startsWith("file:") ? Path.of(java.net.URI.create(Fs.qualified(p))) : Path.of(p);
  }

  /** A fresh local directory per run: two jobs never share one. */
  private static Path staging(String target) {
    try {
      return Files.createTempDirectory("charspark-staging-" + Fs.name(target) + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a staging directory", e);
    }
  }

  public static OutputDir create(Path target, boolean overwrite) {
    return create(target.toString(), overwrite);
  }

  /**
   * Fails with a one-line message if {@code target} exists and {@code overwrite} is false: the
   * check {@link #create} makes, callable before Spark starts (it needs no session).
   */
  public static void checkFree(String target, boolean overwrite) {
    if (overwrite) return;
    boolean exists = isLocal(target)
        ? Files.exists(localPath(target).toAbsolutePath().normalize())
        : Fs.exists(target);
    if (exists) {
      throw new IllegalStateException("Output " + target + " already exists (use --overwrite to replace it)");
    }
  }

  /** True when an interrupted run of {@code target} left its unfinished output (for --resume). */
  public static boolean hasUnfinished(String target, String marker) {
    if (isLocal(target)) {
      return Files.exists(inProgressPath(localPath(target)).resolve(marker));
    }
    return Fs.exists(Fs.resolve(inProgressPath(target), marker));
  }

  /**
   * Starts a fresh output. Fails with a one-line message if {@code target} exists and
   * {@code overwrite} is false. Leftovers of an earlier crash are removed.
   */
  public static OutputDir create(String target, boolean overwrite) {
    checkFree(target, overwrite);
    if (isLocal(target)) {
      Path abs = localPath(target).toAbsolutePath().normalize();
      Path work = inProgressPath(abs);
      deleteRecursively(work);
      try {
        Files.createDirectories(work);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create " + work, e);
      }
      return new OutputDir(abs.toString(), work, null);
    }
    String remote = inProgressPath(target);
    Fs.delete(remote);
    Fs.mkdirs(remote);
    Path stage = staging(target);
    deleteRecursively(stage);
    try {
      Files.createDirectories(stage);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + stage, e);
    }
    return new OutputDir(target, stage, remote);
  }

  public static OutputDir resume(Path target) {
    return resume(target.toString());
  }

  /** Re-opens the unfinished output of an interrupted run (for {@code --resume}). */
  public static OutputDir resume(String target) {
    if (isLocal(target)) {
      Path abs = localPath(target).toAbsolutePath().normalize();
      Path work = inProgressPath(abs);
      if (!Files.isDirectory(work)) {
        throw new IllegalStateException(
            "Nothing to resume for " + target + ": no unfinished run at " + work);
      }
      return new OutputDir(abs.toString(), work, null);
    }
    String remote = inProgressPath(target);
    if (!Fs.isDirectory(remote)) {
      throw new IllegalStateException("Nothing to resume for " + target + ": no unfinished run at " + remote);
    }
    // The remote in-progress directory is the truth (the driver may be another machine now).
    Path stage = staging(target);
    deleteRecursively(stage);
    Fs.copy(remote, stage.toUri().toString());
    return new OutputDir(target, stage, remote);
  }

  /** The local directory where the driver writes its files. */
  public Path work() {
    return work;
  }

  public String target() {
    return target;
  }

  public Path resolve(String name) {
    return work.resolve(name);
  }

  /** Where executors write a dataset named {@code name} (Parquet, CSV, JSON) inside this output. */
  public String dataUri(String name) {
    return remoteWork == null ? work.resolve(name).toUri().toString() : Fs.resolve(remoteWork, name);
  }

  /** Copies the driver's files written since the last sync to the remote in-progress directory. */
  public void sync() {
    if (remoteWork == null) return;
    try (java.util.stream.Stream<Path> files = Files.walk(work)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        java.util.List<Long> stamp = java.util.List.of(Files.getLastModifiedTime(f).toMillis(), Files.size(f));
        if (stamp.equals(synced.get(f))) continue;
        String dst = Fs.resolve(remoteWork, work.relativize(f).toString().replace('\\', '/'));
        String tmp = Fs.resolve(Fs.parent(dst), "." + Fs.name(dst) + ".tmp");
        Fs.copy(f.toUri().toString(), tmp);
        if (Fs.exists(dst)) Fs.delete(dst);
        Fs.rename(tmp, dst);
        synced.put(f, stamp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + work + " to " + remoteWork, e);
    }
  }

  /** Writes the success marker and renames the work directory onto the target. */
  public String commit() {
    if (remoteWork != null) {
      sync();
      Fs.writeString(Fs.resolve(remoteWork, SUCCESS), "");
      if (Fs.exists(target)) Fs.delete(target);
      Fs.mkdirs(Fs.parent(target));
      Fs.rename(remoteWork, target);
      deleteRecursively(work);
      return target;
    }
    Path abs = Path.of(target);
    try {
      Files.writeString(work.resolve(SUCCESS), "", StandardCharsets.UTF_8);
      deleteRecursively(abs);
      Files.createDirectories(abs.getParent());
      try {
        Files.move(work, abs, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(work, abs);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move " + work + " to " + target, e);
    }
  }

  /** Removes the unfinished output (after a failure that cannot be resumed). */
  public void abort() {
    deleteRecursively(work);
    if (remoteWork != null) Fs.delete(remoteWork);
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
