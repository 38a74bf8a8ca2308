package io.thumbnailworker.api;

import io.thumbnailworker.api.multipart.UploadForm;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /models}: one model file, a zip holding a model with its companions (stored and served as it is), or
 * several {@code file} parts: the first renderable one (obj, fbx, gltf, glb, stl, 3mf; else the first model file) is
 * the main file, every other part a companion of the model's version at the relative path its file name gives
 * ({@code textures/wood.png}). Optional fields {@code textureMappings}, {@code defaultTextureSetId} and
 * {@code mainVariantName} go on the job ({@link TextureChoice}). Files are hashed and moved into the store before the
 * rows are committed and the answer is sent; the new job is then announced.
 */
final class ModelUploads {
  private static final Logger LOG = LoggerFactory.getLogger(ModelUploads.class);
  static final Set<String> RENDERABLE = Set.of("obj", "fbx", "gltf", "glb", "stl", "3mf");

  private final Database db;
  private final BlobStore blobs;
  private final JobEventListeners events;
  private final ApiOptions options;

  ModelUploads(ApiStore store) {
    this.db = store.db();
    this.blobs = store.blobs();
    this.events = store.events();
    this.options = store.options();
  }

  void upload(RoutingContext ctx) {
    UploadForm form = UploadForm.of(ctx);
    List<UploadForm.FilePart> parts = form.files();
    if (parts.isEmpty()) throw form.missingFile("the multipart upload has no 'file' field");
    for (UploadForm.FilePart p : parts) {
      if (!p.field().equals("file")) throw ApiException.badRequest("send the model and its companions in fields named 'file', not '" + p.field() + "'");
    }
    TextureChoice textures = TextureChoice.parse(form);
    UploadForm.FilePart main = parts.get(parts.size() == 1 ? 0 : mainIndex(parts));
    String name = UploadNames.checkUploadName(main.fileName());
    if (main.size() == 0) throw ApiException.badRequest("the uploaded file '" + name + "' is empty");
    List<UploadForm.FilePart> companions = new ArrayList<>(parts);
    companions.remove(main);
    List<String> paths = relativePaths(companions);
    long now = System.currentTimeMillis();
    db.blocking(() -> store(main, name, companions, paths))
        .compose(stored -> db.tx(c -> ModelQueries.insertModelWithJob(c, stored.get(0), stored.subList(1, stored.size()),
            textures, options.maxAttempts(), now)))
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
          }
          JobRow job = ar.result();
          LOG.info("Model {} '{}' stored ({} bytes, sha256 {}, {} companion file(s)); job {} enqueued", job.modelId(), name,
              main.size(), job.modelHash(), companions.size(), job.id());
          HttpResponses.json(ctx, 201, new JsonObject().put("id", job.modelId()).put("name", name)
              .put("hash", job.modelHash()).put("sizeBytes", main.size()).put("jobId", job.id())
              .put("modelVersionId", job.asset().modelVersionId()).put("auxiliaryFileCount", companions.size()));
          events.created(job);
        });
  }

  /** The main file among several: the first renderable one, else the first model file; 400 when there is none. */
  private static int mainIndex(List<UploadForm.FilePart> parts) {
    for (int i = 0; i < parts.size(); i++) if (RENDERABLE.contains(UploadNames.extension(name(parts.get(i))))) return i;
    for (int i = 0; i < parts.size(); i++) if (ZipCheck.MODEL_EXTENSIONS.contains(UploadNames.extension(name(parts.get(i))))) return i;
    throw ApiException.badRequest("none of the " + parts.size() + " files is a model; send one of " + RENDERABLE
        + " (or another model type) with its companion files");
  }

  private static String name(UploadForm.FilePart p) {
    return p.fileName() == null ? "" : p.fileName();
  }

  private static List<String> relativePaths(List<UploadForm.FilePart> companions) {
    List<String> paths = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (UploadForm.FilePart p : companions) {
      String path = UploadNames.checkRelativePath(p.fileName());
      if (!seen.add(path)) throw ApiException.badRequest("two companion files are both named '" + path + "'");
      paths.add(path);
    }
    return paths;
  }

  /** Checks the main file is a model (or a zip holding one), then moves every file into the store; blocking. */
  private List<ModelQueries.NewFile> store(UploadForm.FilePart main, String name, List<UploadForm.FilePart> companions,
      List<String> paths) throws IOException {
    boolean zip = companions.isEmpty() && ZipCheck.isZip(name, main.path());
    if (zip) {
      ZipCheck.check(main.path(), options.maxModelBytes());
    } else if (!ZipCheck.MODEL_EXTENSIONS.contains(UploadNames.extension(name))) {
      throw ApiException.badRequest("'" + name + "' is not a supported model type; send one of "
          + ZipCheck.MODEL_EXTENSIONS + " or a .zip holding a model with its companion files");
    }
    List<ModelQueries.NewFile> out = new ArrayList<>();
    out.add(new ModelQueries.NewFile(put(main), name, main.size(), zip ? "application/zip" : UploadNames.contentType(name), null));
    for (int i = 0; i < companions.size(); i++) {
      UploadForm.FilePart p = companions.get(i);
      String original = paths.get(i).substring(paths.get(i).lastIndexOf('/') + 1);
      out.add(new ModelQueries.NewFile(put(p), original, p.size(), UploadNames.contentType(original), paths.get(i)));
    }
    return out;
  }

  private String put(UploadForm.FilePart p) throws IOException {
    String hash = BlobStore.sha256(p.path());
    blobs.put(p.path(), hash);
    return hash;
  }
}
