package io.thumbnailworker.render;

import io.thumbnailworker.bus.RenderSettings;

import io.thumbnailworker.config.WorkerConfig;
import io.thumbnailworker.render.encode.ImageEncoders;
import io.thumbnailworker.render.encode.WebpMuxer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RenderSettingsTest {
  @Test
  void viewAndImportFieldsFollowTheConfigAndTravelInJson() {
    RenderSettings d = RenderSettings.defaults();
    assertTrue(d.autoView(), "the orbit starts at the model's three-quarter view unless a start angle is set");
    assertEquals(-1, d.posterFrame());
    assertEquals("auto", d.upAxis());
    assertEquals(40, d.creaseAngle());
    RenderSettings set = RenderSettings.from(WorkerConfig.from(new JsonObject().put("ORBIT_START_ANGLE", "0")
        .put("UP_AXIS", "z").put("CREASE_ANGLE", "30")));
    assertFalse(set.autoView(), "a configured ORBIT_START_ANGLE is kept, even at its default value");
    assertEquals(set, RenderSettings.fromJson(set.toJson()));
    assertFalse(RenderSettings.fromJson(new JsonObject().put("startAngle", 30.0)).autoView(), "a request's own start angle is kept");
    assertTrue(RenderSettings.fromJson(new JsonObject().put("width", 128)).autoView());
    RenderSettings turned = d.withView(45, 3);
    assertEquals(45, turned.angle(0));
    assertEquals(3, turned.posterIndex());
    assertFalse(turned.autoView(), "a view is applied once");
    assertThrows(IllegalArgumentException.class, () -> RenderSettings.fromJson(new JsonObject().put("upAxis", "x")));
    assertThrows(IllegalArgumentException.class, () -> WorkerConfig.from(new JsonObject().put("CREASE_ANGLE", "200")));
  }

  @Test
  void readsConfigKeysAndRoundTripsThroughJson() {
    WorkerConfig c = WorkerConfig.from(new JsonObject().put("RENDER_WIDTH", "320").put("ORBIT_ANGLE_STEP", "45")
        .put("RENDER_BACKGROUND", "transparent").put("POSTER_FRAME", "99").put("ANTIALIASING_METHOD", "fxaa"));
    RenderSettings s = RenderSettings.from(c);
    assertEquals(320, s.width());
    assertEquals(8, s.frameCount());
    assertTrue(s.transparent());
    assertEquals(7, s.posterIndex(), "poster frame clamped to the frame count");
    assertEquals("fxaa", s.effectiveAntialiasing());
    assertEquals("none", s.withAntialiasing(false).effectiveAntialiasing());
    assertEquals("ssaa", RenderSettings.defaults().antialiasingMethod(), "2x2 supersampling unless chosen otherwise");
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> RenderSettings.fromJson(new JsonObject().put("antialiasingMethod", "smaa")));
    assertTrue(bad.getMessage().contains("smaa") && bad.getMessage().contains("fxaa"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WorkerConfig.from(new JsonObject().put("ANTIALIASING_METHOD", "x4")));
    assertEquals(s, RenderSettings.fromJson(s.toJson()));
    assertEquals(24, RenderSettings.defaults().frameCount());
    assertEquals(128, RenderSettings.fromJson(new JsonObject().put("width", 128)).width(), "partial JSON takes defaults");
    assertEquals(1, RenderSettings.fromJson(new JsonObject().put("orbitEnabled", false)).frameCount());
    assertArrayEquals(new float[] {240 / 255f, 240 / 255f, 240 / 255f, 1f}, RenderSettings.defaults().backgroundRgba());
    assertThrows(IllegalArgumentException.class, () -> RenderSettings.fromJson(new JsonObject().put("background", "red")));
  }

  @Test
  void muxedAnimationParsesAndEveryFrameDecodes() throws Exception {
    List<byte[]> stills = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int[] px = new int[64 * 48];
      for (int p = 0; p < px.length; p++) px[p] = 0xff000000 | (i * 80) << 16 | (p % 64) * 4;
      stills.add(ImageEncoders.webp(ImageEncoders.image(px, 64, 48, false), 90));
    }
    AnimatedWebp anim = AnimatedWebp.parse(WebpMuxer.mux(stills, 64, 48, 100, 0, 0xfff0f0f0));
    assertEquals(3, anim.frames.size());
    assertEquals(64, anim.width);
    assertEquals(48, anim.height);
    assertFalse(anim.alpha);
    BufferedImage last = anim.frames.get(2);
    assertEquals(160, (last.getRGB(0, 20) >> 16) & 255, 8);
  }

  @Test
  void sanitizesMessages() {
    assertEquals("Assimp: bad ?? token ?", RenderException.sanitize("Assimp: bad \u0001\u0002 token \u0000"));
    assertEquals("two lines", RenderException.sanitize("two\nlines"));
  }
}
