package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;
import io.thumbnailworker.backend.ApiCall;
import io.thumbnailworker.backend.DequeuedJob;
import io.thumbnailworker.fs.FileOps;
import io.thumbnailworker.sound.DecodedSound;
import io.thumbnailworker.sound.SoundDecoder;
import io.thumbnailworker.sound.SoundException;
import io.thumbnailworker.sound.Waveform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The stages of a sound's waveform (modelibr-assets §3): download the sound (at most {@value #MAX_SOUND_BYTES} bytes;
 * its extension from Content-Disposition) → decode to mono 8 kHz in this JVM, the 200 peaks and the 800×150 PNG, on a
 * worker thread ({@link SoundDecoder}, {@link Waveform}) → upload the PNG with the sound's hash → store the sound's
 * statistics, measured in the same decode, where the backend keeps them (best-effort: a failure is logged, never fails
 * the job). Answers the body of the finish report: {@code {waveformPath, sizeBytes, duration, sampleRate, channels,
 * format}}. A file that cannot be decoded fails this one job with the decoder's reason.
 */
final class SoundProcessor {
  /** Largest sound file downloaded. */
  static final long MAX_SOUND_BYTES = 256L << 20;

  private final Vertx vertx;

  SoundProcessor(Vertx vertx) {
    this.vertx = vertx;
  }

  /** What the decode stage made: the PNG and the facts the finish report carries. */
  private record Drawn(Path png, DecodedSound sound) {}

  Future<JsonObject> run(JobRun run) {
    run.stage = "download";
    DequeuedJob job = run.job();
    Optional<String> route = job.backend().soundFilePath(job);
    if (route.isEmpty()) return Future.failedFuture(new JobFailure("download: a " + job.assetType() + " job names no sound file"));
    Path dir = run.newDir();
    run.dir = dir;
    run.event("SoundDownloadStarted", "Downloading the sound");
    return vertx.executeBlocking(() -> Files.createDirectories(dir), false)
        .compose(d -> run.client().fetch(route.get(), dir.resolve("download.part"), MAX_SOUND_BYTES, run.control))
        .compose(fetched -> vertx.executeBlocking(() -> {
          Path file = dir.resolve(SafeFileNames.sanitize(fetched.name(), "sound-" + job.assetId()));
          FileOps.moveIntoPlace(dir.resolve("download.part"), file);
          run.log.info("Downloaded {} ({} bytes)", file.getFileName(), fetched.bytes());
          return file;
        }, false))
        .recover(err -> Future.failedFuture(JobFailure.of("download", err)))
        .compose(file -> {
          run.control.check();
          run.stage = "decode";
          return vertx.executeBlocking(() -> draw(file, dir.resolve("waveform.png")), false);
        })
        .compose(drawn -> upload(run, drawn).compose(result -> statistics(run, drawn.sound()).map(result)));
  }

  /** The statistics record, when the backend keeps one and the job names the sound's hash; never fails. */
  private static Future<Void> statistics(JobRun run, DecodedSound sound) {
    DequeuedJob job = run.job();
    Optional<ApiCall> call = sound.statistics() == null || run.control.isCancelled() ? Optional.empty()
        : job.backend().soundStatistics(job, sound.statistics().payload());
    if (call.isEmpty()) return Future.succeededFuture();
    run.stage = "statistics";
    return run.client().call(call.get())
        .onSuccess(v -> run.log.debug("Statistics of sound {} stored", job.assetId()))
        .<Void>mapEmpty()
        .otherwise(err -> {
          run.log.warn("Statistics of sound {} not sent: {}", job.assetId(), Errors.oneLine(err));
          return null;
        });
  }

  /** Decodes {@code file} and writes its waveform to {@code png}; blocking. */
  private static Drawn draw(Path file, Path png) {
    try {
      DecodedSound sound = SoundDecoder.decode(file, SafeFileNames.extension(file.getFileName().toString()));
      if (!(sound.durationSeconds() > 0)) throw new SoundException("the sound has no duration");
      Waveform.writePng(Waveform.image(Waveform.peaks(sound.samples(), sound.length())), png);
      return new Drawn(png, sound);
    } catch (SoundException e) {
      throw new JobFailure("decode: " + e.getMessage());
    } catch (java.io.IOException e) {
      throw JobFailure.of("waveform", e);
    }
  }

  private Future<JsonObject> upload(JobRun run, Drawn drawn) {
    if (run.control.isCancelled()) return Future.failedFuture(new JobFailure(run.control.reason()));
    run.stage = "upload";
    DecodedSound s = drawn.sound();
    run.log.info("Decoded {} s of {} ({} Hz, {} channel(s)); uploading the waveform", s.durationSeconds(), s.format(),
        s.sampleRate(), s.channels());
    return run.client().uploadWaveform(run.job(), drawn.png(), run.job().assetHash())
        .map(answer -> {
          run.event("WaveformUploadCompleted", "Uploaded " + answer.getString("storagePath"));
          Long size = answer.getValue("sizeBytes") instanceof Number n ? n.longValue() : null;
          return new JsonObject()
              .put("waveformPath", answer.getString("storagePath"))
              .put("sizeBytes", size)
              .put("duration", s.durationSeconds())
              .put("sampleRate", s.sampleRate())
              .put("channels", s.channels())
              .put("format", s.format());
        })
        .recover(err -> Future.failedFuture(JobFailure.of("upload", err)));
  }
}
