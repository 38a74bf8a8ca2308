package io.thumbnailworker.render.encode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Assembles still WebP images (as written by webp-imageio) into one animated WebP: RIFF header, VP8X (animation flag,
 * alpha flag when any frame has alpha), ANIM (background, loop count), then one ANMF per frame holding the still's
 * ALPH/VP8/VP8L chunks copied verbatim. Every frame covers the whole canvas at offset 0 and replaces the previous one
 * (no blending), so a viewer needs no compositing state.
 */
public final class WebpMuxer {
  private WebpMuxer() {}

  /**
   * @param frameMs display time of each frame
   * @param loops 0 = forever
   * @param bgra background colour hint, B,G,R,A byte order as the container wants
   */
  public static byte[] mux(List<byte[]> stills, int width, int height, int frameMs, int loops, int bgra) {
    ByteArrayOutputStream frames = new ByteArrayOutputStream(stills.stream().mapToInt(b -> b.length + 24).sum());
    boolean alpha = false;
    for (byte[] still : stills) {
      if (still.length < 12 || !"RIFF".equals(fourcc(still, 0)) || !"WEBP".equals(fourcc(still, 8))) {
        throw new IllegalArgumentException("frame is not a WebP image");
      }
      ByteBuffer in = ByteBuffer.wrap(still).order(ByteOrder.LITTLE_ENDIAN);
      int dataStart = frames.size();
      ByteArrayOutputStream data = new ByteArrayOutputStream(still.length);
      for (int pos = 12; pos + 8 <= still.length; ) {
        String cc = fourcc(still, pos);
        int size = in.getInt(pos + 4);
        int padded = 8 + size + (size & 1);
        if (size < 0 || pos + padded > still.length) throw new IllegalArgumentException("frame has a truncated " + cc + " chunk");
        if (cc.equals("ALPH") || cc.equals("VP8 ") || cc.equals("VP8L")) {
          data.write(still, pos, padded);
          alpha |= !cc.equals("VP8 ");
        }
        pos += padded;
      }
      ByteBuffer anmf = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
      anmf.put(ascii("ANMF")).putInt(16 + data.size());
      u24(anmf, 0);
      u24(anmf, 0);
      u24(anmf, width - 1);
      u24(anmf, height - 1);
      u24(anmf, frameMs);
      anmf.put((byte) 0b10);   // B=1: do not blend, overwrite; D=0: keep
      frames.writeBytes(anmf.array());
      frames.writeBytes(data.toByteArray());
      assert frames.size() > dataStart;
    }
    ByteBuffer head = ByteBuffer.allocate(12 + 18 + 14).order(ByteOrder.LITTLE_ENDIAN);
    head.put(ascii("RIFF")).putInt(4 + 18 + 14 + frames.size()).put(ascii("WEBP"));
    head.put(ascii("VP8X")).putInt(10).put((byte) (0x02 | (alpha ? 0x10 : 0))).put((byte) 0).put((byte) 0).put((byte) 0);
    u24(head, width - 1);
    u24(head, height - 1);
    head.put(ascii("ANIM")).putInt(6).putInt(bgra).putShort((short) loops);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.capacity() + frames.size());
    out.writeBytes(head.array());
    out.writeBytes(frames.toByteArray());
    return out.toByteArray();
  }

  private static String fourcc(byte[] b, int pos) {
    return new String(b, pos, 4, StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void u24(ByteBuffer b, int v) {
    b.put((byte) v).put((byte) (v >>> 8)).put((byte) (v >>> 16));
  }
}
