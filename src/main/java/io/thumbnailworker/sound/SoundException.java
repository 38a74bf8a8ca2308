package io.thumbnailworker.sound;

/** A sound that cannot be decoded or drawn; the message is one line, fit for a job's error message. */
public final class SoundException extends Exception {
  public SoundException(String message) {
    super(message, null, false, false);
  }
}
