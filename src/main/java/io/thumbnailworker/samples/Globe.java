package io.thumbnailworker.samples;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** {@code globe.glb}: a UV sphere with a painted PBR base-colour texture on a stand, as a single-sided glTF binary. */
final class Globe {
  private Globe() {}

  static byte[] glb() {
    int lat = 32, lon = 64;
    List<float[]> pos = new ArrayList<>(), nrm = new ArrayList<>(), uv = new ArrayList<>();
    for (int i = 0; i <= lat; i++) {
      double v = (double) i / lat, th = v * Math.PI;
      for (int j = 0; j <= lon; j++) {
        double u = (double) j / lon, ph = u * 2 * Math.PI;
        float x = (float) (Math.sin(th) * Math.cos(ph)), y = (float) Math.cos(th), z = (float) (-Math.sin(th) * Math.sin(ph));
        pos.add(new float[] {x, y, z});
        nrm.add(new float[] {x, y, z});
        uv.add(new float[] {(float) u, (float) v});
      }
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < lat; i++) {
      for (int j = 0; j < lon; j++) {
        int a = i * (lon + 1) + j, b = a + lon + 1;
        idx.add(a); idx.add(b); idx.add(a + 1);
        idx.add(a + 1); idx.add(b); idx.add(b + 1);
      }
    }
    // a stand on one side so the model is not rotationally symmetric
    Boxes.add(pos, nrm, uv, idx, 0.9f, -1.25f, -0.15f, 1.5f, 0.1f, 0.3f);
    byte[] image = SampleModels.png(texture());
    return GlbWriter.texturedGlb(pos, nrm, uv, idx, image);
  }

  private static BufferedImage texture() {
    BufferedImage img = new BufferedImage(512, 256, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(20, 60, 140), 0, 256, new Color(30, 110, 190)));
    g.fillRect(0, 0, 512, 256);
    g.setColor(new Color(70, 150, 60));
    int[][] blobs = {{60, 70, 120, 80}, {110, 140, 60, 90}, {250, 60, 90, 70}, {270, 120, 60, 90}, {360, 70, 120, 60}, {400, 160, 60, 40}};
    for (int[] b : blobs) g.fillOval(b[0], b[1], b[2], b[3]);
    g.setColor(new Color(235, 235, 240));
    g.fillRect(0, 0, 512, 18);
    g.fillRect(0, 238, 512, 18);
    g.setColor(new Color(250, 200, 40));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
    g.drawString("TW", 200, 150);
    g.dispose();
    return img;
  }
}
