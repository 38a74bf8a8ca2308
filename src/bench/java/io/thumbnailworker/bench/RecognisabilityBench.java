package io.thumbnailworker.bench;

import io.thumbnailworker.bus.RenderSettings;
import io.thumbnailworker.render.Framing;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.assimp.AssimpLoader;
import io.thumbnailworker.render.encode.Silhouette;
import io.thumbnailworker.render.gl.OrbitRenderer;
import io.thumbnailworker.render.importer.ImportRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How recognisable each corpus model's thumbnail is, on the default background: silhouette coverage (share of the
 * frame the model covers), object/background contrast at the silhouette (per frame the median, over edge pixels, of
 * the luma difference between a fully covered edge pixel and the background pixel two steps outside it; reported as
 * the mean and the 10th percentile over the orbit frames) with and without the encoder's outline, whether it comes out
 * upright ({@link UprightCheck}), and the material channels the model's meshes use. Frames with fewer than 20 edge
 * pixels (a plane seen edge on) are left out of the contrast. The models are the rows of the corpus's MANIFEST.md.
 */
final class RecognisabilityBench {
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)`");
  private static final int[][] DIRS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

  private RecognisabilityBench() {}

  /** On its own (it also runs at the end of {@code scripts/bench quality}): [--size 256] [--frames 8] [--models DIR]. */
  public static void main(String[] args) throws Exception {
    io.thumbnailworker.logging.Logging.apply("text", "warn");
    int size = Integer.parseInt(BenchReport.flag(args, "--size", "256"));
    int frames = Integer.parseInt(BenchReport.flag(args, "--frames", "8"));
    BenchReport report = new BenchReport("recognisability", new io.vertx.core.json.JsonObject().put("size", size).put("frames", frames));
    try (io.thumbnailworker.render.gl.EglContext ctx = io.thumbnailworker.render.gl.EglContext.create(System.getenv().getOrDefault("RENDER_EGL_DEVICE", "auto"));
         OrbitRenderer renderer = new OrbitRenderer(new io.thumbnailworker.render.FramePool(0))) {
      run(report, renderer, Path.of(BenchReport.flag(args, "--models", "../shared/models")), size, frames);
    }
    report.finish();
    System.exit(0);
  }

  static void run(BenchReport report, OrbitRenderer renderer, Path models, int size, int frames) throws IOException {
    Path manifest = models.resolve("MANIFEST.md");
    if (!Files.isRegularFile(manifest)) {
      report.note("Recognisability: no corpus at " + models + "; skipped.");
      return;
    }
    RenderSettings s = RenderSettings.defaults().withSize(size, size).withOrbit(0, 360, 360.0 / frames);
    int bg = rgb(s.backgroundRgba());
    List<List<Object>> rows = new ArrayList<>();
    List<Double> plainMeans = new ArrayList<>(), outlinedP10 = new ArrayList<>();
    for (String line : Files.readAllLines(manifest)) {
      Matcher m = ROW.matcher(line);
      if (!m.find() || m.group(1).startsWith("bad/")) continue;
      Path file = models.resolve(m.group(1));
      if (!Files.isRegularFile(file)) continue;
      try {
        ModelData model = AssimpLoader.load(file, file.getFileName().toString(), 5_000_000L, ImportRequest.drawBudget(size, size));
        double[] coverage = new double[frames], plain = new double[frames], outlined = new double[frames];
        int[] done = {0};
        renderer.render(model, Framing.compute(model, s), s, true, (i, px) -> {
          coverage[i] = coverage(px);
          int[] out = px.clone();
          Silhouette.outline(out, size, size, bg);
          plain[i] = edgeContrast(px, px, size);
          outlined[i] = edgeContrast(out, px, size);
          done[0]++;
        }, (d, t) -> { }, new OrbitRenderer.Stats());
        List<String> channels = channels(model);
        rows.add(List.of(m.group(1), model.triangleCount(), round(100 * mean(coverage)), round(mean(plain)),
            round(p10(plain)), round(mean(outlined)), round(p10(outlined)),
            UprightCheck.verdict(file, m.group(1), model),
            channels.size() + (channels.isEmpty() ? "" : " (" + String.join(", ", channels) + ")")));
        if (!Double.isNaN(mean(plain))) plainMeans.add(mean(plain));
        if (!Double.isNaN(p10(outlined))) outlinedP10.add(p10(outlined));
      } catch (RuntimeException e) {
        rows.add(List.of(m.group(1), 0, "-", "-", "-", "-", "-", "-", "failed: " + e.getMessage()));
      }
    }
    report.table("Recognisability on the default background " + s.background() + " (" + size + " px, " + frames
            + " orbit frames per model)",
        List.of("model", "triangles drawn", "coverage %", "contrast, no outline: mean", "p10", "contrast: mean", "p10",
            "upright", "material channels"), rows);
    double[] p10 = outlinedP10.stream().mapToDouble(Double::doubleValue).toArray();
    report.note(String.format(Locale.ROOT, "Contrast is in grey levels (0-255). Lowest p10 with the outline: %.1f; "
        + "models with p10 below 30: %d of %d. Mean contrast without the outline, over models: %.1f.",
        Arrays.stream(p10).min().orElse(0), Arrays.stream(p10).filter(v -> v < 30).count(), p10.length,
        plainMeans.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
  }

  private static double coverage(int[] px) {
    long n = 0;
    for (int p : px) if (p >>> 24 >= 128) n++;
    return n / (double) px.length;
  }

  /** Median luma difference between covered edge pixels and the background two steps out; 0 without an edge. */
  static double edgeContrast(int[] img, int[] coverage, int w) {
    int h = img.length / w;
    List<Double> diffs = new ArrayList<>();
    for (int y = 2; y < h - 2; y++) {
      for (int x = 2; x < w - 2; x++) {
        int i = y * w + x;
        if (coverage[i] >>> 24 < 224) continue;
        for (int[] d : DIRS) {
          int j1 = i + d[1] * w + d[0], j2 = i + 2 * (d[1] * w + d[0]);
          if (coverage[j1] >>> 24 >= 224 || coverage[j2] >>> 24 != 0) continue;
          diffs.add((double) Math.abs(luma(img[i]) - luma(img[j2])));
          break;
        }
      }
    }
    if (diffs.size() < 20) return Double.NaN;   // the model seen edge on (a plane): no silhouette to measure
    diffs.sort(null);
    return diffs.get(diffs.size() / 2);
  }

  /** The material channels the model's meshes draw with. */
  private static List<String> channels(ModelData model) {
    boolean[] used = new boolean[7];
    for (ModelData.Mesh mesh : model.meshes()) {
      ModelData.Material mat = model.materials().get(mesh.material());
      ModelData.Maps maps = mat.maps();
      boolean uv = mesh.uvs() != null;
      used[0] |= uv && maps.baseColor() >= 0;
      used[1] |= uv && maps.normal() >= 0;
      used[2] |= uv && maps.surface() >= 0;
      used[3] |= (uv && maps.emissive() >= 0) || mat.emissive()[0] + mat.emissive()[1] + mat.emissive()[2] > 0;
      used[4] |= mat.blend();
      used[5] |= mat.masked();
      used[6] |= mesh.colors() != null;
    }
    String[] names = {"base colour map", "normal map", "surface map", "emissive", "blend", "mask", "vertex colour"};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < used.length; i++) if (used[i]) out.add(names[i]);
    return out;
  }

  private static float luma(int p) {
    return 0.2126f * ((p >> 16) & 255) + 0.7152f * ((p >> 8) & 255) + 0.0722f * (p & 255);
  }

  private static int rgb(float[] c) {
    return Math.round(c[0] * 255) << 16 | Math.round(c[1] * 255) << 8 | Math.round(c[2] * 255);
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
  }

  private static double p10(double[] v) {
    double[] known = Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
    return known.length == 0 ? Double.NaN : BenchReport.percentile(known, 10);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
