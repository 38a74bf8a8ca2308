package io.thumbnailworker.api.multipart;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;

import java.nio.file.Path;

/**
 * One file part on its way to a scratch file. Opening and every write are chained futures, so data that arrives while
 * the file is still being opened is written in order once it is; the request is paused while more than
 * {@value #HIGH_WATER} bytes wait to be written, and resumed below {@value #LOW_WATER}.
 */
final class PartFile {
  private static final int HIGH_WATER = 512 * 1024;
  private static final int LOW_WATER = 128 * 1024;

  private final BodyFlow flow;
  private final PauseCount pauses;
  final Path path;
  private Future<AsyncFile> file;
  private long waiting;
  private boolean pausedByUs;
  private Future<Void> closing;

  /** Counts the parts that paused the request, so it resumes only once none needs it paused. */
  static final class PauseCount {
    private int n;
  }

  PartFile(Vertx vertx, BodyFlow flow, PauseCount pauses, Path path) {
    this.flow = flow;
    this.pauses = pauses;
    this.path = path;
    this.file = vertx.fileSystem().open(path.toString(), new OpenOptions().setWrite(true).setCreateNew(true));
  }

  void write(byte[] bytes) {
    Buffer chunk = Buffer.buffer(bytes);
    waiting += bytes.length;
    if (waiting > HIGH_WATER && !pausedByUs) {
      pausedByUs = true;
      if (pauses.n++ == 0) flow.pause();
    }
    file = file.compose(f -> f.write(chunk).map(v -> {
      waiting -= chunk.length();
      if (pausedByUs && waiting < LOW_WATER) {
        pausedByUs = false;
        if (--pauses.n == 0) flow.resume();
      }
      return f;
    }));
  }

  /** Closes the file after every write; fails with the first write's failure. */
  Future<Void> close() {
    if (closing == null) closing = file.compose(AsyncFile::close);
    return closing;
  }
}
