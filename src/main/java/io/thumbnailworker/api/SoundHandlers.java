package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;

/**
 * Sounds: {@code POST /sounds} (ours: multipart {@code file}, optional {@code name}; a sound and its waveform job),
 * and Modelibr's {@code GET /sounds/{id}}, {@code GET /sounds/{id}/file} and the keyed waveform upload
 * {@code POST /sounds/{id}/waveform/upload}; the uploaded waveform is served at {@code GET /sounds/{id}/waveform}, and
 * {@code GET /sounds} (ours) lists them all for the gallery.
 */
final class SoundHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(SoundHandlers.class);
  static final Set<String> EXTENSIONS = Set.of("mp3", "wav", "ogg", "flac", "aac", "m4a");

  private final Database db;
  private final JobEventListeners events;
  private final ApiOptions options;
  private final StoredUploads uploads;
  private final FileSender files;

  SoundHandlers(ApiStore store) {
    this.db = store.db();
    this.events = store.events();
    this.options = store.options();
    this.uploads = new StoredUploads(store);
    this.files = new FileSender(store);
  }

  void create(RoutingContext ctx) {
    UploadForm form = UploadForm.of(ctx);
    UploadForm.FilePart part = form.singleFile();
    String fileName = UploadNames.checkUploadName(part.fileName());
    if (!EXTENSIONS.contains(UploadNames.extension(fileName))) {
      throw ApiException.badRequest("'" + fileName + "' is not a sound Modelibr accepts; send one of " + EXTENSIONS);
    }
    if (part.size() == 0) throw ApiException.badRequest("the sound '" + fileName + "' is empty");
    String name = AssetNames.name(form, fileName);
    long now = System.currentTimeMillis();
    uploads.file(part, fileName, null)
        .compose(f -> db.tx(c -> SoundQueries.insertWithJob(c, name, f.id(), f.hash(), options.maxAttempts(), now))
            .compose(job -> db.tx(c -> SoundQueries.sound(c, job.asset().soundId()).put("jobId", job.id()))
                .onSuccess(v -> events.created(job))))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
          }
          LOG.info("Sound {} '{}' stored; job {} enqueued", ar.result().getLong("id"), name, ar.result().getLong("jobId"));
          HttpResponses.json(ctx, 201, ar.result());
        });
  }

  void get(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "sound");
    db.tx(c -> SoundQueries.sound(c, id)).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** {@code GET /sounds} (ours, for the gallery): every sound with its waveform and latest job. */
  void list(RoutingContext ctx) {
    db.tx(SoundQueries::list).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** {@code GET /sounds/{id}/file} ({@code file_id}) and {@code GET /sounds/{id}/waveform} ({@code waveform_file_id}). */
  void file(RoutingContext ctx, String column) {
    long id = RequestParams.id(ctx, "id", "sound");
    db.tx(c -> {
      long fileId = SoundQueries.fileId(c, id, column);
      if (fileId == 0) throw ApiException.notFound("sound " + id + " has no waveform yet");
      return FileQueries.file(c, fileId).orElseThrow();
    }).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else files.send(ctx, ar.result());
    });
  }

  /** 🔑 {@code POST /sounds/{id}/waveform/upload}: a PNG ({@code file}) and the {@code soundHash} naming its folder. */
  void waveform(RoutingContext ctx) {
    long id = RequestParams.id(ctx, "id", "sound");
    UploadForm form = UploadForm.of(ctx);
    UploadForm.FilePart part = form.singleFile();
    String type = part.contentType() == null ? "" : part.contentType().toLowerCase(Locale.ROOT);
    if (!type.startsWith("image/png")) throw new ApiException(400, "InvalidFileType", "the waveform must be image/png, not '" + part.contentType() + "'");
    if (part.size() == 0) throw new ApiException(400, "InvalidFile", "the waveform is empty");
    String folder = form.field("soundHash");
    long now = System.currentTimeMillis();
    db.tx(c -> SoundQueries.fileId(c, id, "file_id"))
        .compose(audioFileId -> uploads.file(part, "waveform.png", "image/png").compose(f -> {
          String path = "waveforms/" + (folder == null || folder.isBlank() ? String.valueOf(audioFileId) : folder.trim())
              + "/waveform.png";
          return db.tx(c -> {
            SoundQueries.waveform(c, id, f.id(), path, now);
            return path;
          });
        }))
        .onComplete(ar -> {
          if (ar.failed()) ctx.fail(ar.cause());
          else HttpResponses.json(ctx, 200, new JsonObject().put("message", "Waveform uploaded for sound " + id)
              .put("soundId", id).put("storagePath", ar.result()).put("sizeBytes", part.size()));
        });
  }
}
