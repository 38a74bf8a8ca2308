package io.thumbnailworker.jobs;

import io.thumbnailworker.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the render engine's {@code thumbnail.render} consumer: writes a real small WebP and a JPEG or PNG
 * poster (as the request asks) into the request's outputDir (after {@code delayMs}), or fails files whose name
 * contains "bad". Tracks peak concurrency, and what files the job dir held when the request arrived.
 */
final class FakeRender {
  final List<JsonObject> requests = new CopyOnWriteArrayList<>();
  /** Per job id: every file under the job's dir (outputDir's parent) when the request arrived, path → size. */
  final Map<Long, Map<String, Long>> filesAtRequest = new ConcurrentHashMap<>();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger peak = new AtomicInteger();
  volatile long delayMs;
  private MessageConsumer<JsonObject> consumer;

  Future<Void> start(Vertx vertx) {
    consumer = vertx.eventBus().localConsumer(Addresses.RENDER, msg -> {
      JsonObject req = msg.body();
      filesAtRequest.put(req.getLong("jobId"), listing(Path.of(req.getString("outputDir")).getParent()));
      requests.add(req);
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      vertx.setTimer(Math.max(1, delayMs), id -> vertx.executeBlocking(() -> {
        if (Path.of(req.getString("modelPath")).getFileName().toString().contains("bad")) throw new IllegalArgumentException("job " + req.getLong("jobId") + ": no meshes in the model");
        Path out = Path.of(req.getString("outputDir"));
        Files.createDirectories(out);
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Path webp = out.resolve("thumb.webp");
        boolean png = "png".equals(req.getString("posterFormat"));
        Path jpg = out.resolve(png ? "poster.png" : "poster.jpg");
        ImageIO.write(img, "webp", webp.toFile());
        ImageIO.write(img, png ? "png" : "jpeg", jpg.toFile());
        return new JsonObject().put("webpPath", webp.toString()).put("posterPath", jpg.toString()).put("width", 64)
            .put("height", 64).put("frameCount", 1).put("triangles", 12)
            .put("timingsMs", new JsonObject().put("load", 1).put("render", 2).put("encode", 3));
      }).onComplete(ar -> {
        running.decrementAndGet();
        if (ar.succeeded()) msg.reply(ar.result());
        else msg.fail(1, ar.cause().getMessage());
      }));
    });
    return consumer.completion();
  }

  private static Map<String, Long> listing(Path dir) {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(Files::isRegularFile).forEach(f -> files.put(dir.relativize(f).toString(), f.toFile().length()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
