package io.thumbnailworker.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code crate/crate.obj} with its {@code crate.mtl} and {@code crate.png}: a textured box with a coloured lid. */
final class Crate {
  private Crate() {}

  static String obj() {
    StringBuilder s = new StringBuilder("# thumbnail-worker SampleModels: textured crate with a lid\nmtllib crate.mtl\n");
    List<float[]> pos = new ArrayList<>(), nrm = new ArrayList<>(), uv = new ArrayList<>();
    List<Integer> idx = new ArrayList<>();
    Boxes.add(pos, nrm, uv, idx, -1f, -0.7f, -0.7f, 1f, 0.7f, 0.7f);
    int lid = pos.size();
    Boxes.add(pos, nrm, uv, idx, -0.3f, 0.7f, -0.3f, 0.9f, 0.9f, 0.3f);
    // proper per-face UVs for the crate body (addBox puts constant UVs)
    for (int face = 0; face < 6; face++) {
      uv.set(face * 4, new float[] {0, 1});
      uv.set(face * 4 + 1, new float[] {1, 1});
      uv.set(face * 4 + 2, new float[] {1, 0});
      uv.set(face * 4 + 3, new float[] {0, 0});
    }
    for (float[] p : pos) s.append(String.format(Locale.ROOT, "v %.4f %.4f %.4f%n", p[0], p[1], p[2]));
    for (float[] t : uv) s.append(String.format(Locale.ROOT, "vt %.4f %.4f%n", t[0], 1 - t[1]));
    for (float[] n : nrm) s.append(String.format(Locale.ROOT, "vn %.0f %.0f %.0f%n", n[0], n[1], n[2]));
    s.append("usemtl wood\n");
    for (int i = 0; i < idx.size(); i += 3) {
      if (i == 36) s.append("usemtl lid\n");
      int a = idx.get(i) + 1, b = idx.get(i + 1) + 1, c = idx.get(i + 2) + 1;
      s.append(String.format("f %d/%d/%d %d/%d/%d %d/%d/%d%n", a, a, a, b, b, b, c, c, c));
    }
    assert lid == 24;
    return s.toString();
  }

  static String mtl() {
    return "newmtl wood\nKd 1.0 1.0 1.0\nKs 0.2 0.2 0.2\nNs 20\nmap_Kd crate.png\n\n"
        + "newmtl lid\nKd 0.75 0.15 0.12\nKs 0.3 0.3 0.3\nNs 40\n";
  }

  static BufferedImage texture() {
    BufferedImage img = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(176, 122, 62));
    g.fillRect(0, 0, 256, 256);
    for (int y = 0; y < 256; y += 32) {
      g.setColor(y % 64 == 0 ? new Color(150, 98, 45) : new Color(190, 136, 75));
      g.fillRect(0, y + 2, 256, 28);
    }
    g.setColor(new Color(92, 56, 24));
    g.setStroke(new BasicStroke(14));
    g.drawRect(7, 7, 242, 242);
    g.drawLine(10, 10, 246, 246);
    g.setColor(new Color(30, 60, 160));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 64));
    g.drawString("TW", 150, 96);
    g.dispose();
    return img;
  }
}
