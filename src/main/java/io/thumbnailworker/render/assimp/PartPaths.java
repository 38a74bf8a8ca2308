package io.thumbnailworker.render.assimp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Part paths of a scene graph as Modelibr keys them: {@code /}-joined segments, each the trimmed node name with
 * {@code % / [ ]} escaped as {@code %25 %2F %5B %5D}; siblings whose segment is blank or shared get {@code [k]}, k
 * counting from 0 in child order among the siblings with that segment. Top-level parts have parent path {@code /}.
 */
public final class PartPaths {
  public static final String ROOT = "/";

  private PartPaths() {}

  /** One name as a path segment, without the sibling suffix. */
  public static String escape(String name) {
    String s = name == null ? "" : name.trim();
    return s.replace("%", "%25").replace("/", "%2F").replace("[", "%5B").replace("]", "%5D");
  }

  /** The segments of sibling parts named {@code names}, in the same order, made unique among themselves. */
  public static List<String> siblings(List<String> names) {
    Map<String, Integer> counts = new HashMap<>();
    List<String> escaped = new ArrayList<>(names.size());
    for (String n : names) {
      String e = escape(n);
      escaped.add(e);
      counts.merge(e, 1, Integer::sum);
    }
    Map<String, Integer> seen = new HashMap<>();
    List<String> out = new ArrayList<>(names.size());
    for (String e : escaped) {
      if (e.isEmpty() || counts.get(e) > 1) out.add(e + "[" + (seen.merge(e, 1, Integer::sum) - 1) + "]");
      else out.add(e);
    }
    return out;
  }

  /** The path of a child with {@code segment} under {@code parentPath}. */
  public static String child(String parentPath, String segment) {
    return ROOT.equals(parentPath) ? segment : parentPath + "/" + segment;
  }
}
