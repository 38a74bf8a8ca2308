package io.thumbnailworker.api;

import io.vertx.core.json.JsonObject;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Seeds an API with a few models in every job state, with generated WebP thumbnails and JPEG posters (no renderer is
 * needed), for the gallery screenshot and the headless-browser test. {@code main(dataDir)} runs it until killed.
 */
final class GalleryFixture {
  private GalleryFixture() {}

  static void seed(ApiTestClient http) {
    String[] names = {"Duck.glb", "crate-with-textures.zip", "spider.obj", "teapot.stl", "lantern.gltf", "broken.fbx"};
    Color[] colors = {new Color(0xf2b705), new Color(0x8c5a2b), new Color(0x3a3a3a), new Color(0x3f7fbf), new Color(0x2e8b57), new Color(0xc0392b)};
    long[] jobs = new long[names.length];
    long[] models = new long[names.length];
    for (int i = 0; i < names.length; i++) {
      JsonObject m = http.uploadModel(names[i], names[i].endsWith(".zip") ? zip() : ("model " + names[i]).getBytes());
      models[i] = m.getLong("id");
      jobs[i] = m.getLong("jobId");
    }
    for (int i = 0; i < 3; i++) {                        // the first four render fine, three through the spec's routes
      JsonObject job = http.dequeue("worker-demo-" + (i % 2 + 1));
      BufferedImage img = shape(i, 256, colors[i]);
      http.upload("/models/" + job.getLong("modelId") + "/thumbnail/upload", "thumbnail.webp",
          TestImages.encode(img, "image/webp"), "image/webp", new JsonObject().put("width", 256).put("height", 256));
      http.upload("/models/" + job.getLong("modelId") + "/thumbnail/upload", "poster.jpg",
          TestImages.encode(img, "image/jpeg"), "image/jpeg", new JsonObject().put("width", 256).put("height", 256));
      http.post("/api/thumbnail-jobs/" + job.getLong("id") + "/complete", new JsonObject().put("workerId", job.getString("assignedWorkerId")));
    }
    renderThroughModelibr(http, shape(3, 256, colors[3]));  // the fourth through Modelibr's
    JsonObject inProgress = http.dequeue("worker-demo-1");  // lantern: being rendered
    JsonObject broken = http.dequeue("worker-demo-2");
    for (int attempt = 0; attempt < 3; attempt++) {
      http.post("/api/thumbnail-jobs/" + broken.getLong("id") + "/fail", new JsonObject()
          .put("errorMessage", "job " + broken.getLong("id") + ": assimp could not read broken.fbx: FBX-Parser unexpected token"));
      if (attempt < 2) broken = http.dequeue("worker-demo-2");
    }
    http.uploadModel("robot-arm.glb", "robot".getBytes());  // still waiting
    if (inProgress == null) throw new AssertionError("fixture: nothing to claim");
  }

  /** Claims the next job with Modelibr's dequeue, uploads its WebP and PNG with {@code ?versionId=}, and finishes it. */
  private static void renderThroughModelibr(ApiTestClient http, BufferedImage img) {
    JsonObject job = ModelibrCalls.dequeue(http, "worker-modelibr");
    String upload = "/models/" + job.getLong("modelId") + "/thumbnail/";
    String version = "?versionId=" + job.getLong("modelVersionId");
    JsonObject size = new JsonObject().put("width", 256).put("height", 256);
    JsonObject webp = http.upload(upload + "upload" + version, "thumbnail.webp", TestImages.encode(img, "image/webp"),
        "image/webp", size).bodyAsJsonObject();
    http.upload(upload + "png-upload" + version, "thumbnail.png", TestImages.encode(img, "image/png"), "image/png", size);
    http.post("/thumbnail-jobs/" + job.getLong("id") + "/finish", new JsonObject().put("success", true)
        .put("thumbnailPath", webp.getString("thumbnailPath")).put("width", 256).put("height", 256));
  }

  static byte[] zip() {
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
        for (String n : new String[] {"crate.obj", "crate.mtl", "textures/wood.png"}) {
          z.putNextEntry(new java.util.zip.ZipEntry(n));
          z.write(n.getBytes());
          z.closeEntry();
        }
      }
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A simple, distinct "rendered" look per model: shaded shape on a light background. */
  static BufferedImage shape(int kind, int size, Color color) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0xf0f0f0));
    g.fillRect(0, 0, size, size);
    g.setPaint(new GradientPaint(0, 0, color.brighter(), size, size, color.darker()));
    int s = size;
    switch (kind) {
      case 0 -> { g.fillOval(s / 5, s / 3, s * 3 / 5, s / 2); g.fillOval(s / 2, s / 6, s / 4, s / 4); }
      case 1 -> { g.fillRect(s / 4, s / 4, s / 2, s / 2); g.setColor(color.darker().darker()); g.setStroke(new BasicStroke(4));
                  g.drawRect(s / 4, s / 4, s / 2, s / 2); g.drawLine(s / 4, s / 4, s * 3 / 4, s * 3 / 4); }
      case 2 -> { g.fillOval(s * 3 / 8, s * 3 / 8, s / 4, s / 4); g.setStroke(new BasicStroke(6));
                  for (int l = 0; l < 8; l++) { double a = Math.PI * l / 4; g.drawLine(s / 2, s / 2, (int) (s / 2 + Math.cos(a) * s * 0.4), (int) (s / 2 + Math.sin(a) * s * 0.3)); } }
      default -> { Polygon p = new Polygon(); p.addPoint(s / 2, s / 6); p.addPoint(s * 5 / 6, s * 5 / 6); p.addPoint(s / 6, s * 5 / 6);
                   g.fillPolygon(p); }
    }
    g.dispose();
    return img;
  }
}
