package io.thumbnailworker.textures;

import com.luciad.imageio.webp.WebPWriteParam;
import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.assimp.TextureDecoder;
import io.thumbnailworker.render.assimp.TextureScaler;
import io.thumbnailworker.render.encode.ImageEncoders;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Optional;

/**
 * A texture's web proxy (modelibr-assets §1.6): the image cropped to a centred square ("cover") and scaled to N x N,
 * then by type: Albedo and Emissive read as RGB are lossy WebP (quality 80); a Normal map read as RGB is renormalised
 * per pixel and written as PNG; every other texture is one grey channel (the one it is read from, or the luminance of
 * an RGB image) as lossless WebP. Named {@code <base>[_R|_G|_B|_A]_proxy_<N>.webp|.png}. Images are decoded at
 * {@link TextureDecoder#MAX_SIZE} at most, so a larger proxy is scaled up from that; scaling is a box filter down
 * and linear up rather than Lanczos, which a proxy's purpose (a quick preview in the browser) does not need.
 */
public final class WebProxies {
  /** One proxy ready to upload. */
  public record Proxy(byte[] bytes, String fileName, String contentType) {}

  private WebProxies() {}

  /** The proxy of {@code t} at {@code size}; empty for float images (.exr, .hdr), which get none. */
  public static Optional<Proxy> make(TextureFile t, int size) throws IOException {
    String name = t.file().getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".exr") || lower.endsWith(".hdr")) return Optional.empty();
    ModelData.Texture square = cover(TextureDecoder.decode(Files.readAllBytes(t.file()), name), size);
    String base = baseName(name) + (t.channel().equals("RGB") ? "" : "_" + t.channel()) + "_proxy_" + size;
    boolean rgb = t.channel().equals("RGB");
    if (rgb && (t.type().equals("Albedo") || t.type().equals("Emissive"))) {
      return Optional.of(new Proxy(ImageEncoders.webp(image(square, false), 80), base + ".webp", "image/webp"));
    }
    if (rgb && t.type().equals("Normal")) {
      return Optional.of(new Proxy(ImageEncoders.png(image(renormalised(square), false)), base + ".png", "image/png"));
    }
    return Optional.of(new Proxy(lossless(image(grey(square, t.channel()), false)), base + ".webp", "image/webp"));
  }

  /** The centred square of the image's shorter side, scaled to {@code size}. */
  static ModelData.Texture cover(ModelData.Texture t, int size) {
    int side = Math.min(t.width(), t.height()), x0 = (t.width() - side) / 2, y0 = (t.height() - side) / 2;
    byte[] crop = new byte[side * side * 4];
    for (int y = 0; y < side; y++) System.arraycopy(t.abgr(), ((y + y0) * t.width() + x0) * 4, crop, y * side * 4, side * 4);
    return TextureScaler.scale(new ModelData.Texture(side, side, crop), size, size);
  }

  /** Each pixel's vector (c / 255 * 2 - 1) made unit length (zero: straight up), alpha dropped. */
  static ModelData.Texture renormalised(ModelData.Texture t) {
    byte[] in = t.abgr(), out = new byte[in.length];
    for (int i = 0; i < in.length; i += 4) {
      double x = (in[i + 3] & 255) / 255.0 * 2 - 1, y = (in[i + 2] & 255) / 255.0 * 2 - 1, z = (in[i + 1] & 255) / 255.0 * 2 - 1;
      double l = Math.sqrt(x * x + y * y + z * z);
      if (l == 0) {
        x = 0;
        y = 0;
        z = 1;
        l = 1;
      }
      out[i] = (byte) 255;
      out[i + 3] = (byte) Math.round((x / l + 1) / 2 * 255);
      out[i + 2] = (byte) Math.round((y / l + 1) / 2 * 255);
      out[i + 1] = (byte) Math.round((z / l + 1) / 2 * 255);
    }
    return new ModelData.Texture(t.width(), t.height(), out);
  }

  /** One channel as an opaque grey image; RGB gives the luminance. */
  static ModelData.Texture grey(ModelData.Texture t, String channel) {
    byte[] in = t.abgr(), out = new byte[in.length];
    for (int i = 0; i < in.length; i += 4) {
      int v = switch (channel) {
        case "R" -> in[i + 3] & 255;
        case "G" -> in[i + 2] & 255;
        case "B" -> in[i + 1] & 255;
        case "A" -> in[i] & 255;
        default -> (int) Math.round(0.2126 * (in[i + 3] & 255) + 0.7152 * (in[i + 2] & 255) + 0.0722 * (in[i + 1] & 255));
      };
      out[i] = (byte) 255;
      out[i + 1] = out[i + 2] = out[i + 3] = (byte) v;
    }
    return new ModelData.Texture(t.width(), t.height(), out);
  }

  private static BufferedImage image(ModelData.Texture t, boolean alpha) {
    int[] argb = new int[t.width() * t.height()];
    byte[] b = t.abgr();
    for (int i = 0; i < argb.length; i++) {
      argb[i] = (b[4 * i] & 255) << 24 | (b[4 * i + 3] & 255) << 16 | (b[4 * i + 2] & 255) << 8 | (b[4 * i + 1] & 255);
    }
    return ImageEncoders.image(argb, t.width(), t.height(), alpha);
  }

  private static byte[] lossless(BufferedImage img) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByMIMEType("image/webp").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      WebPWriteParam p = (WebPWriteParam) writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionType("Lossless");
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static String baseName(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
