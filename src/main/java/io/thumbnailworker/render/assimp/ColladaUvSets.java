package io.thumbnailworker.render.assimp;

import org.lwjgl.system.MemoryUtil;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renumbers a COLLADA primitive's texture coordinate sets from 0 when it has none numbered 0: Assimp drops the
 * coordinates of such a primitive, so a mesh whose coordinates are all in {@code set="1"} came in without any and was
 * drawn untextured. The material still names its set; the loader falls back to the first set a mesh has.
 * The text is handled as ISO-8859-1, so every byte outside the rewritten attributes stays as it was.
 */
final class ColladaUvSets {
  private static final Pattern PRIMITIVE = Pattern.compile(
      "<(triangles|polylist|polygons|tristrips|trifans)\\b.*?</\\1\\s*>", Pattern.DOTALL);
  private static final Pattern TEXCOORD_INPUT = Pattern.compile("<input\\b[^>]*\\bsemantic\\s*=\\s*\"TEXCOORD\"[^>]*>");
  private static final Pattern SET = Pattern.compile("\\bset\\s*=\\s*\"(\\d+)\"");

  private ColladaUvSets() {}

  /** The file's bytes with its sets renumbered where needed: {@code data} itself when nothing changes (else freed). */
  static ByteBuffer fix(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    String fixed = fix(text);
    if (fixed == null) return data;
    byte[] out = fixed.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer copy = MemoryUtil.memAlloc(out.length);
    copy.put(out).flip();
    MemoryUtil.memFree(data);
    return copy;
  }

  /** The text with renumbered sets, or null when every primitive's sets already start at 0. */
  static String fix(String text) {
    if (!text.contains("TEXCOORD")) return null;
    Matcher prim = PRIMITIVE.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (prim.find()) {
      String block = prim.group();
      String renumbered = renumber(block);
      if (renumbered == null) continue;
      if (out == null) out = new StringBuilder(text.length() + 64);
      out.append(text, copied, prim.start()).append(renumbered);
      copied = prim.end();
    }
    if (out == null) return null;
    return out.append(text, copied, text.length()).toString();
  }

  private static String renumber(String block) {
    TreeSet<Integer> sets = new TreeSet<>();
    Matcher in = TEXCOORD_INPUT.matcher(block);
    while (in.find()) {
      Matcher s = SET.matcher(in.group());
      sets.add(s.find() ? parse(s.group(1)) : 0);
    }
    if (sets.isEmpty() || sets.first() == 0) return null;
    StringBuilder out = new StringBuilder(block.length());
    in.reset();
    int copied = 0;
    while (in.find()) {
      Matcher s = SET.matcher(in.group());
      if (!s.find()) continue;
      int rank = sets.headSet(parse(s.group(1))).size();
      out.append(block, copied, in.start() + s.start(1)).append(rank);
      copied = in.start() + s.end(1);
    }
    return out.append(block, copied, block.length()).toString();
  }

  private static int parse(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
