package io.charspark.collect;

/**
 * An error of {@code collect} the user can act on, with a one-line message that never contains a
 * credential or token. {@link #resumable()} says the collection stopped part-way with its state
 * saved, so rerunning the same command continues it.
 */
public class CollectException extends RuntimeException {
  private final boolean resumable;

  public CollectException(String message) {
    this(message, false);
  }

  public CollectException(String message, boolean resumable) {
    super(message);
    this.resumable = resumable;
  }

  public boolean resumable() {
    return resumable;
  }
}
