package io.thumbnailworker.bench;

import io.thumbnailworker.logging.Logging;
import io.thumbnailworker.render.FramePool;
import io.thumbnailworker.render.Framing;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.encode.Fxaa;
import io.thumbnailworker.render.gl.EglContext;
import io.thumbnailworker.render.gl.OrbitRenderer;
import io.thumbnailworker.render.assimp.AssimpLoader;
import io.thumbnailworker.render.importer.ImportRequest;
import io.vertx.core.json.JsonObject;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anti-aliasing quality: each method's frames against a 4x4-supersampled reference of the same orbit (drawn at four
 * times the size without anti-aliasing, box-filtered down on the CPU), on raw pixels before WebP's loss. Reported per
 * model: PSNR over the whole frame and the RMS error over the edge pixels (where the reference differs from the
 * aliased frame by more than 16 of 255), the part anti-aliasing is for. 4x MSAA is the peers' method (three.js asks
 * WebGL for {@code antialias: true}, which Chromium serves with 4x multisampling), so a method is "at least the peers'
 * quality" when its edge error is no larger than the msaa row's. A zoomed crop of each method is written as a PNG.
 */
public final class AaQualityBench {
  private static final int REFERENCE_SCALE = 4;
  private static final int EDGE_THRESHOLD = 16;

  public static void main(String[] args) throws Exception {
    Logging.apply("text", "warn");
    int size = Integer.parseInt(BenchReport.flag(args, "--size", "256"));
    int frames = Integer.parseInt(BenchReport.flag(args, "--frames", "8"));
    Path models = Path.of(BenchReport.flag(args, "--models", "../shared/models"));
    List<Path> files = new ArrayList<>();
    for (String name : new String[] {"glb/Duck.glb", "glb/2CylinderEngine.glb", "glb/CesiumMan.glb", "obj/spider/spider.obj"}) {
      if (Files.isRegularFile(models.resolve(name))) files.add(models.resolve(name));
    }
    files.add(BumpySphere.writeGlb(BumpySphere.CACHE, 20_000));
    Path outDir = Files.createDirectories(Path.of("target/bench"));
    BenchReport report = new BenchReport("quality", new JsonObject().put("size", size).put("frames", frames));
    RenderSettings base = RenderSettings.defaults().withSize(size, size).withOrbit(0, 360, 360.0 / frames);
    List<String> methods = List.of("none", "fxaa", "msaa", "ssaa");
    List<List<Object>> rows = new ArrayList<>();
    try (EglContext ctx = EglContext.create(System.getenv().getOrDefault("RENDER_EGL_DEVICE", "auto"));
         OrbitRenderer renderer = new OrbitRenderer(new FramePool(0))) {
      for (Path file : files) {
        ModelData model = AssimpLoader.load(file, file.getFileName().toString(), Long.MAX_VALUE, ImportRequest.drawBudget(size, size));
        Framing framing = Framing.compute(model, base);
        List<int[]> reference = new ArrayList<>();
        for (int[] big : render(renderer, model, framing, base.withSize(size * REFERENCE_SCALE, size * REFERENCE_SCALE).withAntialiasing(false))) {
          reference.add(downsample(big, size * REFERENCE_SCALE, REFERENCE_SCALE));
        }
        List<int[]> aliased = render(renderer, model, framing, base.withAntialiasing(false));
        Map<String, List<int[]>> byMethod = new LinkedHashMap<>();
        for (String m : methods) {
          List<int[]> out = m.equals("none") ? aliased
              : m.equals("fxaa") ? aliased.stream().map(f -> filtered(f, size)).toList()
              : render(renderer, model, framing, base.withAntialiasingMethod(m));
          byMethod.put(m, out);
          double[] err = errors(out, reference, aliased);
          rows.add(List.of(file.getFileName().toString(), m, err[0], err[1], (long) err[2]));
        }
        writeCrops(outDir.resolve("quality-" + file.getFileName() + ".png"), byMethod, reference.get(0), aliased.get(0), size);
      }
      RecognisabilityBench.run(report, renderer, models, size, frames);
    }
    report.table("Anti-aliasing error against 4x4 supersampling (" + size + " px, " + frames + " orbit frames per model)",
        List.of("model", "method", "PSNR dB", "edge RMS error (0-255)", "edge pixels"), rows);
    report.note("Higher PSNR and lower edge error are better; msaa is the peers' method. Crops (reference, none, fxaa, "
        + "msaa, ssaa, 4x zoom) are in target/bench/quality-<model>.png.");
    report.finish();
    System.exit(0);
  }

  private static int[] filtered(int[] frame, int size) {
    int[] copy = frame.clone();
    Fxaa.filter(copy, size, size);
    return copy;
  }

  private static List<int[]> render(OrbitRenderer renderer, ModelData model, Framing framing, RenderSettings s) {
    int[][] frames = new int[s.frameCount()][];
    renderer.render(model, framing, s, true, (i, px) -> frames[i] = px, (done, total) -> { }, new OrbitRenderer.Stats());
    return List.of(frames);
  }

  /** Box filter of {@code k}x{@code k} blocks, averaging the encoded values as the GL resolve blit does. */
  static int[] downsample(int[] src, int srcWidth, int k) {
    int w = srcWidth / k;
    int[] out = new int[w * w];
    for (int y = 0; y < w; y++) {
      for (int x = 0; x < w; x++) {
        int[] sum = new int[4];
        for (int dy = 0; dy < k; dy++) {
          for (int dx = 0; dx < k; dx++) {
            int c = src[(y * k + dy) * srcWidth + x * k + dx];
            for (int ch = 0; ch < 4; ch++) sum[ch] += (c >>> (8 * ch)) & 255;
          }
        }
        int c = 0;
        for (int ch = 0; ch < 4; ch++) c |= Math.round(sum[ch] / (float) (k * k)) << (8 * ch);
        out[y * w + x] = c;
      }
    }
    return out;
  }

  /** PSNR over all RGB values, RMS error over edge pixels, number of edge pixels. */
  static double[] errors(List<int[]> frames, List<int[]> reference, List<int[]> aliased) {
    double all = 0, edge = 0;
    long n = 0, edgeValues = 0;
    for (int f = 0; f < frames.size(); f++) {
      int[] a = frames.get(f), r = reference.get(f), raw = aliased.get(f);
      for (int i = 0; i < a.length; i++) {
        boolean isEdge = maxChannelDiff(r[i], raw[i]) > EDGE_THRESHOLD;
        for (int ch = 0; ch < 3; ch++) {
          int d = ((a[i] >>> (8 * ch)) & 255) - ((r[i] >>> (8 * ch)) & 255);
          all += d * d;
          n++;
          if (isEdge) {
            edge += d * d;
            edgeValues++;
          }
        }
      }
    }
    double psnr = 10 * Math.log10(255.0 * 255.0 / Math.max(all / n, 1e-9));
    return new double[] {psnr, Math.sqrt(edge / Math.max(1, edgeValues)), edgeValues / 3};
  }

  private static int maxChannelDiff(int a, int b) {
    int m = 0;
    for (int ch = 0; ch < 3; ch++) m = Math.max(m, Math.abs(((a >>> (8 * ch)) & 255) - ((b >>> (8 * ch)) & 255)));
    return m;
  }

  /** The 64x64 crop with the most edge pixels, from the reference and each method side by side, zoomed 4x. */
  private static void writeCrops(Path png, Map<String, List<int[]>> byMethod, int[] reference, int[] aliased, int size) throws Exception {
    int crop = Math.min(64, size), zoom = 4;
    int bestX = 0, bestY = 0, best = -1;
    for (int y = 0; y + crop <= size; y += 8) {
      for (int x = 0; x + crop <= size; x += 8) {
        int edges = 0;
        for (int dy = 0; dy < crop; dy++) {
          for (int dx = 0; dx < crop; dx++) {
            int i = (y + dy) * size + x + dx;
            if (maxChannelDiff(reference[i], aliased[i]) > EDGE_THRESHOLD) edges++;
          }
        }
        if (edges > best) {
          best = edges;
          bestX = x;
          bestY = y;
        }
      }
    }
    List<int[]> panels = new ArrayList<>();
    panels.add(reference);
    for (List<int[]> frames : byMethod.values()) panels.add(frames.get(0));
    BufferedImage img = new BufferedImage(panels.size() * (crop * zoom + 4), crop * zoom, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < panels.size(); p++) {
      int[] px = panels.get(p);
      for (int y = 0; y < crop * zoom; y++) {
        for (int x = 0; x < crop * zoom; x++) {
          img.setRGB(p * (crop * zoom + 4) + x, y, px[(bestY + y / zoom) * size + bestX + x / zoom]);
        }
      }
    }
    ImageIO.write(img, "png", png.toFile());
  }
}
