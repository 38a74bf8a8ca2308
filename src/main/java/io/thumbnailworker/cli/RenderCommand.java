package io.thumbnailworker.cli;

import io.thumbnailworker.config.ConfigKey;
import io.thumbnailworker.config.ConfigService;
import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.logging.Logging;
import io.thumbnailworker.render.RenderException;
import io.thumbnailworker.render.RenderJob;
import io.thumbnailworker.render.RenderResult;
import io.thumbnailworker.render.RenderService;
import io.thumbnailworker.bus.RenderRequest;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.bus.SceneKind;
import io.thumbnailworker.bus.TextureMap;
import io.thumbnailworker.bus.TextureSetPreview;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code render FILE… --out DIR}: renders offline with the same engine as the worker (no Hazelcast, no web server).
 * One JSON line per input on stdout, logs on stderr; exit 0 when all succeeded, 1 when any failed, 2 on bad usage.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = "Render model files offline into DIR/<file>.webp and .jpg (or .png); one JSON line per file on stdout. "
        + "--texture-set renders a texture set's preview, --waveform sounds' waveforms.")
final class RenderCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions config;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Model files; the same file given twice renders twice "
      + "(warm timing). With --texture-set: one folder or the set's images; with --waveform: sounds")
  List<Path> files;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if missing)")
  Path out;

  @Option(names = "--width", paramLabel = "PX", description = "RENDER_WIDTH") Integer width;
  @Option(names = "--height", paramLabel = "PX", description = "RENDER_HEIGHT") Integer height;
  @Option(names = "--angle-step", paramLabel = "DEG", description = "ORBIT_ANGLE_STEP") Double angleStep;
  @Option(names = "--start-angle", paramLabel = "DEG", description = "ORBIT_START_ANGLE") Double startAngle;
  @Option(names = "--end-angle", paramLabel = "DEG", description = "ORBIT_END_ANGLE") Double endAngle;
  @Option(names = "--camera-height", paramLabel = "H", description = "ORBIT_CAMERA_HEIGHT") Double cameraHeight;
  @Option(names = "--background", paramLabel = "COLOR", description = "RENDER_BACKGROUND: #rrggbb or transparent") String background;
  @Option(names = "--webp-quality", paramLabel = "Q", description = "WEBP_QUALITY") Integer webpQuality;
  @Option(names = "--jpeg-quality", paramLabel = "Q", description = "JPEG_QUALITY") Integer jpegQuality;
  @Option(names = "--framerate", paramLabel = "FPS", description = "ENCODING_FRAMERATE") Integer framerate;
  @Option(names = "--antialiasing", negatable = true, description = "ENABLE_ANTIALIASING") Boolean antialiasing;
  @Option(names = "--antialiasing-method", paramLabel = "M", description = "ANTIALIASING_METHOD: ssaa, msaa or fxaa") String antialiasingMethod;
  @Option(names = "--max-polygons", paramLabel = "N", description = "MAX_POLYGON_COUNT") Integer maxPolygons;
  @Option(names = "--poster-format", paramLabel = "F", defaultValue = "jpeg",
      description = "Poster image: jpeg (default; flattened on white) or png (keeps a transparent background)")
  String posterFormat;
  @Option(names = "--texture-set", description = "The FILEs (or one folder) are the images of one texture set, typed by "
      + "their names (*_albedo, *_normal, *_orm, *_roughness, …; docs/render.md): renders its 28-frame preview to "
      + "DIR/<set name>.webp and a PNG of frame 0")
  boolean textureSet;
  @Option(names = "--geometry", paramLabel = "SHAPE", defaultValue = "plane",
      description = "With --texture-set: plane (default), sphere, box, cylinder or torus") String geometry;
  @Option(names = "--uv-scale", paramLabel = "N", defaultValue = "1",
      description = "With --texture-set: how many times the maps repeat across the shape") double uvScale;
  @Option(names = "--waveform", description = "The FILEs are sounds (WAV, MP3, Ogg Vorbis, FLAC): writes each one's "
      + "800x150 waveform to DIR/<file>.png, one JSON line each with duration, sampleRate, channels and format")
  boolean waveform;
  @Option(names = "--isolate", negatable = true, description = "Import in a child process, as the worker does, so an "
      + "Assimp crash or hang costs one file (default: on for several files, off for one, which starts faster)")
  Boolean isolate;
  @Option(names = "--environment-map", description = "Render each FILE as an environment map (a panorama .hdr, .exr, "
      + ".png, .jpg, .bmp, .tga or .tif, or a folder of six cube faces px, nx, py, ny, pz, nz) around a chrome sphere")
  boolean environmentMap;

  @Override
  public Integer call() {
    WorkerConfig cfg;
    RenderSettings settings;
    try {
      cfg = ConfigService.readOnce(config.sources(overrides()));
      settings = RenderSettings.from(cfg);
      Files.createDirectories(out);
      if (!RenderRequest.POSTER_FORMATS.contains(posterFormat)) {
        throw new IllegalArgumentException("--poster-format must be one of " + RenderRequest.POSTER_FORMATS);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("thumbnail-worker: invalid settings: " + e.getMessage());
      return Main.USAGE;
    } catch (java.io.IOException e) {
      System.err.println("thumbnail-worker: cannot create output directory " + out + ": " + e.getMessage());
      return Main.USAGE;
    }
    Logging.apply(cfg.logFormat(), cfg.logLevel());
    if (waveform) return WaveformRender.renderAll(files, out);
    List<TextureMap> maps = null;
    if (textureSet) {
      try {
        maps = TextureSetInputs.maps(files);
      } catch (IllegalArgumentException | java.io.IOException e) {
        System.err.println("thumbnail-worker: " + e.getMessage());
        return Main.USAGE;
      }
    }
    boolean isolated = isolate != null ? isolate : files.size() > 1;
    RenderService service = RenderService.launch(
        new RenderService.Options(1, cfg.string(ConfigKey.RENDER_EGL_DEVICE), Long.MAX_VALUE / 4, isolated, true));
    try {
      return maps != null ? renderTextureSet(service, settings, maps) : renderAll(service, settings);
    } finally {
      service.close();
    }
  }

  /** The command line's settings as config overrides, keyed by their config names. */
  private Map<String, Object> overrides() {
    Map<String, Object> extra = new HashMap<>();
    put(extra, ConfigKey.RENDER_WIDTH, width);
    put(extra, ConfigKey.RENDER_HEIGHT, height);
    put(extra, ConfigKey.ORBIT_ANGLE_STEP, angleStep);
    put(extra, ConfigKey.ORBIT_START_ANGLE, startAngle);
    put(extra, ConfigKey.ORBIT_END_ANGLE, endAngle);
    put(extra, ConfigKey.ORBIT_CAMERA_HEIGHT, cameraHeight);
    put(extra, ConfigKey.RENDER_BACKGROUND, background);
    put(extra, ConfigKey.WEBP_QUALITY, webpQuality);
    put(extra, ConfigKey.JPEG_QUALITY, jpegQuality);
    put(extra, ConfigKey.ENCODING_FRAMERATE, framerate);
    put(extra, ConfigKey.ENABLE_ANTIALIASING, antialiasing);
    put(extra, ConfigKey.ANTIALIASING_METHOD, antialiasingMethod);
    put(extra, ConfigKey.MAX_POLYGON_COUNT, maxPolygons);
    return extra;
  }

  /** Renders every file in order, one JSON line each on stdout; the exit code. */
  private int renderAll(RenderService service, RenderSettings settings) {
    PrintStream stdout = System.out;
    // one job ahead: an in-process import of the next file overlaps this file's render (and the first one the GL
    // start-up), without importing the whole list into memory at once
    Deque<CompletableFuture<RenderResult>> inFlight = new ArrayDeque<>();
    int next = 0;
    while (next < files.size() && inFlight.size() < 2) inFlight.add(submit(service, settings, next++));
    try {
      service.awaitReady();
    } catch (RenderException e) {
      System.err.println("thumbnail-worker: " + e.getMessage());
      return 1;
    }
    boolean allOk = true;
    for (Path file : files) {
      long t0 = System.nanoTime();
      JsonObject line = new JsonObject().put("file", file.toString());
      try {
        succeeded(line, inFlight.removeFirst().get());
      } catch (ExecutionException e) {
        allOk = false;
        failed(line, e.getCause(), t0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
      if (next < files.size()) inFlight.add(submit(service, settings, next++));
      stdout.println(line.encode());
      stdout.flush();
    }
    return allOk ? 0 : 1;
  }

  /** The one texture set of the command line: its JSON line (with the maps it read), like a model's. */
  private int renderTextureSet(RenderService service, RenderSettings settings, List<TextureMap> maps) {
    long t0 = System.nanoTime();
    Path input = files.get(0).toAbsolutePath();
    Path named = (java.nio.file.Files.isDirectory(input) ? input : input.getParent()).resolve(TextureSetInputs.setName(files));
    TextureSetPreview preview = new TextureSetPreview(geometry, uvScale, maps);
    JsonObject line = new JsonObject().put("file", files.get(0).toString()).put("kind", SceneKind.TEXTURE_SET.wireName)
        .put("textures", new io.vertx.core.json.JsonArray(maps.stream().map(m -> m.toJson().put("file", m.file().toString())).toList()));
    int code = 0;
    try {
      service.awaitReady();
      succeeded(line, service.submit(new RenderJob("cli-texture-set", named, null, out, settings, 0L, true)
          .withPosterFormat("png").withPreview(SceneKind.TEXTURE_SET, preview.toJson())).get());
    } catch (ExecutionException e) {
      code = 1;
      failed(line, e.getCause(), t0);
    } catch (RenderException e) {
      code = 1;
      failed(line, e, t0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    System.out.println(line.encode());
    System.out.flush();
    return code;
  }

  private static void succeeded(JsonObject line, RenderResult r) {
    line.put("ok", true).put("triangles", r.triangles()).put("frames", r.frameCount())
        .put("webp", r.webp().toString()).put("poster", r.poster().toString())
        .put("webpBytes", r.webpBytes()).put("posterBytes", r.posterBytes())
        .put("ms", Math.round(r.timings().total() * 10) / 10.0).putNull("error")
        .put("timingsMs", new JsonObject(new LinkedHashMap<>(r.timings().toMap())));
    if (!r.warnings().isEmpty()) line.put("warnings", r.warnings());
  }

  private static void failed(JsonObject line, Throwable cause, long t0) {
    String msg = cause instanceof RenderException re ? re.getMessage() : RenderException.sanitize(String.valueOf(cause));
    line.put("ok", false).putNull("triangles").putNull("frames").putNull("webp").putNull("poster")
        .putNull("webpBytes").putNull("posterBytes").put("ms", Math.round((System.nanoTime() - t0) / 1e5) / 10.0).put("error", msg);
  }

  private CompletableFuture<RenderResult> submit(RenderService service, RenderSettings settings, int index) {
    RenderJob job = new RenderJob("cli-" + (index + 1), files.get(index), null, out, settings, 0L, true)
        .withPosterFormat(posterFormat);
    return service.submit(environmentMap ? job.withPreview(SceneKind.ENVIRONMENT_MAP, new JsonObject()) : job);
  }

  private static void put(Map<String, Object> extra, ConfigKey key, Object value) {
    if (value != null) extra.put(key.name(), String.valueOf(value));
  }
}
