package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The gallery page renders in headless Chromium and shows the thumbnails (skipped where Chromium is not installed). */
class GalleryPageTest {
  @Test
  @DisplayName("headless Chromium renders the gallery: one card per model, thumbnails as images, failures with their message")
  void galleryRendersInChromium(@TempDir Path data, @TempDir Path profile) throws Exception {
    String browser = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").stream()
        .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    assumeTrue(browser != null, "Chromium is not installed (apt-get install -y chromium)");
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    try (ApiTestClient http = new ApiTestClient(vertx, server.port())) {
      GalleryFixture.seed(http);
      Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile, "--virtual-time-budget=4000", "--dump-dom", server.baseUrl() + "/")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
      Matcher cards = Pattern.compile("<article class=\"card\">").matcher(dom);
      int n = 0;
      while (cards.find()) n++;
      assertEquals(7, n, dom);
      Matcher imgs = Pattern.compile("<img alt=\"thumbnail of [^\"]+\" src=\"/hashes/[0-9a-f]{64}/thumbnail\\.webp\">").matcher(dom);
      int thumbs = 0;
      while (imgs.find()) thumbs++;
      assertEquals(4, thumbs, dom);
      assertTrue(dom.contains("FBX-Parser unexpected token"), "the failed job's message is shown");
      assertTrue(dom.contains("4 Completed") && dom.contains("1 Failed"), "the summary counts statuses");
      assertTrue(dom.contains("by worker-modelibr · modelibr") && dom.contains("on worker-demo-1 · spec"),
          "each card names the worker and the contract it claimed the job through");
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }
}
