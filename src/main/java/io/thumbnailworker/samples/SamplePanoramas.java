package io.thumbnailworker.samples;

import io.thumbnailworker.render.NativeLibraries;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.lwjgl.stb.STBImageWrite.stbi_write_hdr;

/**
 * Procedural environment maps for the demo, the tests and the benchmarks: a sky as a function of direction (y up),
 * written as an equirectangular Radiance {@code .hdr} (stb_image_write), an uncompressed scanline OpenEXR (assembled
 * here: magic, header attributes, offset table, one chunk per row), or six cube faces {@code px … nz} (Radiance).
 * Deterministic.
 */
public final class SamplePanoramas {
  /** The colour (linear RGB) seen along a unit direction. */
  public interface Sky {
    float[] at(double x, double y, double z);
  }

  /** Red above the horizon, blue below: which way up a render shows the map is plain to see. */
  public static final Sky RED_OVER_BLUE = (x, y, z) -> y >= 0 ? new float[] {0.85f, 0.08f, 0.05f} : new float[] {0.05f, 0.12f, 0.8f};

  /** A day sky: blue fading to haze at the horizon, a sun of intensity 40, a chequered green ground. */
  public static final Sky DAY = (x, y, z) -> {
    double sun = (x * 0.6 + y * 0.5 + z * 0.62) / Math.sqrt(0.6 * 0.6 + 0.5 * 0.5 + 0.62 * 0.62);
    if (sun > 0.999) return new float[] {40f, 36f, 30f};   // a disc of 2.6° radius
    if (y >= 0) {
      float t = (float) Math.pow(1 - y, 4);
      return new float[] {0.15f + 0.65f * t, 0.35f + 0.5f * t, 0.9f + 0.05f * t};
    }
    double u = x / -y, v = z / -y;
    boolean light = ((long) Math.floor(u) + (long) Math.floor(v)) % 2 == 0;
    return light ? new float[] {0.18f, 0.35f, 0.1f} : new float[] {0.1f, 0.22f, 0.06f};
  };

  private SamplePanoramas() {}

  /** Writes the day sky as {@code DIR/day-sky.hdr} (2048x1024), the environment map of the demo and the docs. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "samples");
    System.out.println(writeHdr(dir.resolve("day-sky.hdr"), DAY, 2048, 1024));
  }

  /** Linear RGB floats of an equirectangular image, rows top-down, in the mapping the renderer samples. */
  public static float[] equirectangular(Sky sky, int w, int h) {
    float[] px = new float[3 * w * h];
    for (int row = 0; row < h; row++) {
      double lat = Math.PI * (0.5 - (row + 0.5) / h);
      for (int col = 0; col < w; col++) {
        double lon = 2 * Math.PI * ((col + 0.5) / w - 0.5);
        float[] c = sky.at(Math.cos(lat) * Math.cos(lon), Math.sin(lat), Math.cos(lat) * Math.sin(lon));
        System.arraycopy(c, 0, px, 3 * (row * w + col), 3);
      }
    }
    return px;
  }

  public static Path writeHdr(Path file, Sky sky, int w, int h) throws IOException {
    return hdr(file, equirectangular(sky, w, h), w, h);
  }

  private static Path hdr(Path file, float[] px, int w, int h) throws IOException {
    NativeLibraries.prepare();
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!stbi_write_hdr(file.toString(), w, h, 3, px)) throw new IOException("could not write " + file);
    return file;
  }

  /** Six faces {@code px.hdr … nz.hdr} of {@code size}² in {@code dir}, in the OpenGL cube-map layout. */
  public static Path writeCube(Path dir, Sky sky, int size) throws IOException {
    List<String> faces = List.of("px", "nx", "py", "ny", "pz", "nz");
    for (int f = 0; f < 6; f++) {
      float[] px = new float[3 * size * size];
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double s = 2 * (x + 0.5) / size - 1, t = 2 * (y + 0.5) / size - 1;
          double[] d = switch (f) {
            case 0 -> new double[] {1, -t, -s};
            case 1 -> new double[] {-1, -t, s};
            case 2 -> new double[] {s, 1, t};
            case 3 -> new double[] {s, -1, -t};
            case 4 -> new double[] {s, -t, 1};
            default -> new double[] {-s, -t, -1};
          };
          double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
          // cube maps are left-handed: the renderer looks world direction (x, y, z) up at (-x, y, z)
          System.arraycopy(sky.at(-d[0] / n, d[1] / n, d[2] / n), 0, px, 3 * (y * size + x), 3);
        }
      }
      hdr(dir.resolve(faces.get(f) + ".hdr"), px, size, size);
    }
    return dir;
  }

  public static Path writeExr(Path file, Sky sky, int w, int h) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, exr(equirectangular(sky, w, h), w, h));
    return file;
  }

  /** An OpenEXR file of 32-bit float B, G, R channels, uncompressed scanlines, one row per chunk. */
  static byte[] exr(float[] rgb, int w, int h) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    le(le(head, 20000630), 2);   // magic 76 2f 31 01, version 2: single-part scanline
    ByteArrayOutputStream ch = new ByteArrayOutputStream();
    for (String c : List.of("B", "G", "R")) {
      ch.writeBytes((c + "\0").getBytes(StandardCharsets.US_ASCII));
      le(ch, 2).writeBytes(new byte[4]);   // FLOAT; pLinear 0 and 3 reserved bytes
      le(le(ch, 1), 1);
    }
    ch.write(0);
    attribute(head, "channels", "chlist", ch.toByteArray());
    attribute(head, "compression", "compression", new byte[] {0});
    byte[] window = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(0).putInt(w - 1).putInt(h - 1).array();
    attribute(head, "dataWindow", "box2i", window);
    attribute(head, "displayWindow", "box2i", window);
    attribute(head, "lineOrder", "lineOrder", new byte[] {0});
    attribute(head, "pixelAspectRatio", "float", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).array());
    attribute(head, "screenWindowCenter", "v2f", new byte[8]);
    attribute(head, "screenWindowWidth", "float", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).array());
    head.write(0);
    int chunk = 8 + 12 * w;
    ByteBuffer out = ByteBuffer.allocate(head.size() + 8 * h + chunk * h).order(ByteOrder.LITTLE_ENDIAN);
    out.put(head.toByteArray());
    long first = head.size() + 8L * h;
    for (int y = 0; y < h; y++) out.putLong(first + (long) y * chunk);
    for (int y = 0; y < h; y++) {
      out.putInt(y).putInt(12 * w);
      for (int c = 2; c >= 0; c--) for (int x = 0; x < w; x++) out.putFloat(rgb[3 * (y * w + x) + c]);
    }
    return out.array();
  }

  private static void attribute(ByteArrayOutputStream out, String name, String type, byte[] value) {
    out.writeBytes((name + "\0" + type + "\0").getBytes(StandardCharsets.US_ASCII));
    le(out, value.length).writeBytes(value);
  }

  private static ByteArrayOutputStream le(ByteArrayOutputStream out, int v) {
    out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    return out;
  }
}
