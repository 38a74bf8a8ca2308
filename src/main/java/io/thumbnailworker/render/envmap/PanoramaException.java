package io.thumbnailworker.render.envmap;

/** An environment map that cannot be read: the message says which file and why, in one line. */
public final class PanoramaException extends RuntimeException {
  public PanoramaException(String message) {
    super(message);
  }
}
