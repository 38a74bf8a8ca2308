package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Texture sets: {@code POST /texture-sets} (ours, {@link TextureSetForm}: a set, its textures and its thumbnail job),
 * and Modelibr's {@code GET /texture-sets/{id}} and keyed thumbnail uploads ({@code …/thumbnail/upload} for the WebP,
 * {@code …/png-upload} for the PNG: no type or size check, as there).
 */
final class TextureSetHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(TextureSetHandlers.class);

  private final Database db;
  private final JobEventListeners events;
  private final ApiOptions options;
  private final StoredUploads uploads;

  TextureSetHandlers(ApiStore store) {
    this.db = store.db();
    this.events = store.events();
    this.options = store.options();
    this.uploads = new StoredUploads(store);
  }

  void create(RoutingContext ctx) {
    TextureSetForm form = TextureSetForm.parse(UploadForm.of(ctx));
    List<StoredUploads.Named> named = form.files().stream().map(f -> new StoredUploads.Named(f, f.fileName())).toList();
    long now = System.currentTimeMillis();
    uploads.put(named).compose(hashes -> db.tx(c -> {
      List<Long> fileIds = new ArrayList<>();
      for (int i = 0; i < hashes.size(); i++) {
        UploadForm.FilePart f = form.files().get(i);
        fileIds.add(FileQueries.insertFile(c, hashes.get(i), f.fileName(), f.size(), UploadNames.contentType(f.fileName()), now));
      }
      List<TextureSetQueries.NewTexture> textures = form.entries().stream()
          .map(e -> new TextureSetQueries.NewTexture(e.type(), e.channel(), fileIds.get(e.fileIndex()))).toList();
      JobRow job = TextureSetQueries.insertWithJob(c, form.set(), textures, options.maxAttempts(), now);
      return new CreatedAsset(job, TextureSetQueries.textureSet(c, job.asset().textureSetId()).put("jobId", job.id()));
    })).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      LOG.info("Texture set {} '{}' stored ({} textures); job {} enqueued", ar.result().body().getLong("id"),
          form.set().name(), form.entries().size(), ar.result().job().id());
      HttpResponses.json(ctx, 201, ar.result().body());
      events.created(ar.result().job());
    });
  }

  void get(RoutingContext ctx) {
    long id = setId(ctx);
    db.tx(c -> TextureSetQueries.textureSet(c, id)).onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else HttpResponses.json(ctx, 200, ar.result());
    });
  }

  /** 🔑 {@code POST /texture-sets/{id}/thumbnail/upload} (WebP) and {@code /png-upload} (PNG). */
  void thumbnail(RoutingContext ctx, boolean png) {
    long id = setId(ctx);
    UploadForm.FilePart part = UploadForm.of(ctx).singleFile();
    if (part.size() == 0) throw new ApiException(400, "TextureSetThumbnailUploadFailed", "the thumbnail is empty");
    long now = System.currentTimeMillis();
    db.tx(c -> {
      if (!TextureSetQueries.exists(c, id)) throw new ApiException(400, "TextureSetNotFound", "texture set " + id + " does not exist");
      return id;
    }).compose(v -> uploads.file(part, png ? "thumbnail.png" : "thumbnail.webp", png ? "image/png" : "image/webp"))
        .compose(f -> db.tx(c -> {
          TextureSetQueries.thumbnail(c, id, png, "/files/" + f.id(), now);
          return "/files/" + f.id();
        }))
        .onComplete(ar -> {
          if (ar.failed()) ctx.fail(ar.cause());
          else HttpResponses.json(ctx, 200, new JsonObject().put("message", (png ? "PNG" : "WebP") + " thumbnail uploaded "
              + "for texture set " + id).put("textureSetId", id).put("thumbnailPath", ar.result()));
        });
  }

  private static long setId(RoutingContext ctx) {
    try {
      return RequestParams.id(ctx, "id", "texture set");
    } catch (ApiException e) {
      throw new ApiException(400, "InvalidTextureSetId", e.getMessage());
    }
  }
}
