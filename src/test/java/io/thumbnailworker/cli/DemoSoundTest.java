package io.thumbnailworker.cli;

import io.thumbnailworker.api.ApiOptions;
import io.thumbnailworker.api.ApiProfile;
import io.thumbnailworker.api.ApiServer;
import io.thumbnailworker.sound.DecodedSound;
import io.thumbnailworker.sound.SoundDecoder;
import io.thumbnailworker.sound.SoundStatistics;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The demo's sound: a WAV the worker decodes (its beat and its silent second measurable), uploaded and listed over HTTP. */
class DemoSoundTest {
  @Test
  void theToneBurstDecodesWithItsBeatAndSilence(@TempDir Path tmp) throws Exception {
    DecodedSound s = SoundDecoder.decode(DemoSound.write(tmp.resolve("tone-burst.wav")), "wav");
    assertEquals(DemoSound.SECONDS, s.durationSeconds(), 1e-6);
    assertEquals(44_100, s.sampleRate());
    assertEquals(1, s.channels());
    SoundStatistics stats = s.statistics();
    assertEquals(0.8, stats.perChannel().get(0).peak(), 0.01);
    assertEquals(1 / 6.0, stats.silence().fraction(), 0.12, "the silent second, and the quiet ends of the notes");
    assertNotNull(stats.bpm(), "the plucks are a steady beat");
    assertEquals(DemoSound.BPM, stats.bpm(), 2.5);
  }

  @Test
  void uploadedAndListedWithItsJob(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    ApiServer api = ApiServer.start(vertx, ApiOptions.builder(data).profile(ApiProfile.MODELIBR).port(0).build())
        .await(1, TimeUnit.MINUTES);
    WebClient http = WebClient.create(vertx);
    try {
      long id = DemoSound.create(http, api.baseUrl());
      JsonArray list = DemoSound.list(http, api.baseUrl());
      assertEquals(1, list.size(), list.encode());
      JsonObject listed = list.getJsonObject(0);
      assertEquals("sound " + id, listed.getString("id"));
      assertEquals("sound tone burst", listed.getString("name"));
      assertEquals("Pending", listed.getString("jobStatus"), listed.encode());
      assertNull(listed.getValue("thumbnailPath"), "no waveform before the job is done");
    } finally {
      http.close();
      api.close().await(1, TimeUnit.MINUTES);
      vertx.close().await(1, TimeUnit.MINUTES);
    }
  }
}
