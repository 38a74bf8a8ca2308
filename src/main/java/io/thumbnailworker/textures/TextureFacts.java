package io.thumbnailworker.textures;

import io.thumbnailworker.render.ModelData;
import io.thumbnailworker.render.assimp.TextureDecoder;
import io.thumbnailworker.render.assimp.TextureScaler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a texture-set job reports about its images besides the preview (modelibr-assets §1.5, §4.4): each image's size
 * and format read from its header, and the set's extraction record, a fingerprint of its files and the statistics of
 * each texture's channel over a 256 x 256 sample. Blocking; images are read once each however many textures share them.
 */
public final class TextureFacts {
  static final int SAMPLE = 256;
  private static final List<String> CHANNELS = List.of("R", "G", "B", "A", "RGB");

  private TextureFacts() {}

  /** {@code [{textureId, width, height, format}]}, one per texture whose image header can be read. */
  public static JsonArray metadata(List<TextureFile> textures) {
    JsonArray items = new JsonArray();
    Map<Path, Optional<JsonObject>> headers = new HashMap<>();
    for (TextureFile t : textures) {
      headers.computeIfAbsent(t.file(), TextureFacts::header)
          .ifPresent(h -> items.add(h.copy().put("textureId", t.textureId())));
    }
    return items;
  }

  /** The size and the reader's lower-case format name; empty when no reader knows the file. */
  static Optional<JsonObject> header(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) return Optional.empty();
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return Optional.of(new JsonObject().put("width", reader.getWidth(0)).put("height", reader.getHeight(0))
            .put("format", reader.getFormatName().toLowerCase(Locale.ROOT).replace("jpg", "jpeg")));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The body of {@code PUT /assets/TextureSet/{id}/extraction}: {@code fileSha256} is the SHA-256 of the sorted
   * {@code "type:channel:fileSha256"} strings joined by {@code |}; the payload holds each type's channel statistics
   * (a texture whose image cannot be decoded gets a warning instead).
   */
  public static JsonObject extraction(List<TextureFile> textures) throws IOException {
    Map<Path, String> hashes = new HashMap<>();
    Map<Path, Optional<ModelData.Texture>> samples = new HashMap<>();
    JsonObject channels = new JsonObject();
    JsonArray warnings = new JsonArray();
    List<String> keys = new ArrayList<>();
    for (TextureFile t : textures) {
      String hash = hashes.get(t.file());
      if (hash == null) {
        hash = sha256(Files.readAllBytes(t.file()));
        hashes.put(t.file(), hash);
      }
      keys.add(t.type() + ":" + t.channel() + ":" + hash);
      Optional<ModelData.Texture> sample = samples.computeIfAbsent(t.file(), TextureFacts::sample);
      if (sample.isEmpty()) {
        warnings.add(t.type() + ": the image could not be decoded");
        continue;
      }
      channels.put(t.type(), stats(sample.get(), t.channel()).put("sourceChannel", CHANNELS.indexOf(t.channel()) + 1));
    }
    keys.sort(null);
    JsonObject payload = new JsonObject().put("version", 1).put("sampleSize", SAMPLE).put("channelCount", channels.size())
        .put("channels", channels);
    return new JsonObject().put("versionId", null).put("fileSha256", sha256(String.join("|", keys).getBytes(StandardCharsets.UTF_8)))
        .put("extractorVersion", 1).put("schemaVersion", 1).put("outcome", null).put("payload", payload)
        .put("warnings", warnings);
  }

  private static Optional<ModelData.Texture> sample(Path file) {
    try {
      return Optional.of(TextureScaler.scale(TextureDecoder.decode(Files.readAllBytes(file), file.getFileName().toString()), SAMPLE, SAMPLE));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** min, max, mean and standard deviation (0–1) of the channel; for RGB, of the luminance. */
  static JsonObject stats(ModelData.Texture t, String channel) {
    byte[] px = t.abgr();
    double sum = 0, sq = 0, min = 1, max = 0;
    int n = px.length / 4;
    for (int i = 0; i < px.length; i += 4) {
      double v = switch (channel) {
        case "R" -> (px[i + 3] & 255) / 255.0;
        case "G" -> (px[i + 2] & 255) / 255.0;
        case "B" -> (px[i + 1] & 255) / 255.0;
        case "A" -> (px[i] & 255) / 255.0;
        default -> (0.2126 * (px[i + 3] & 255) + 0.7152 * (px[i + 2] & 255) + 0.0722 * (px[i + 1] & 255)) / 255.0;
      };
      sum += v;
      sq += v * v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double mean = sum / n;
    return new JsonObject().put("min", round(min)).put("max", round(max)).put("mean", round(mean))
        .put("stdDev", round(Math.sqrt(Math.max(0, sq / n - mean * mean))));
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
