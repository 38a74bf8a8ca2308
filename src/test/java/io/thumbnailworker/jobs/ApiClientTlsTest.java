package io.thumbnailworker.jobs;

import io.thumbnailworker.Errors;

import io.thumbnailworker.config.WorkerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The API client over TLS: the verification switch, and HTTP/2 when the server offers it through ALPN. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiClientTlsTest {
  Vertx vertx;
  HttpServer server;
  SelfSignedCertificate cert;
  final List<String> versions = new CopyOnWriteArrayList<>();

  @BeforeAll
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    cert = SelfSignedCertificate.create("localhost");
    server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setUseAlpn(true).setKeyCertOptions(cert.keyCertOptions()))
        .requestHandler(req -> {
          versions.add(req.version().name());
          req.response().setStatusCode(204).end();
        })
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  void tearDown() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    cert.delete();
  }

  private ApiClient client(boolean verify) {
    WorkerConfig cfg = WorkerConfig.from(new JsonObject().put("API_BASE_URL", "https://localhost:" + server.actualPort())
        .put("TLS_REJECT_UNAUTHORIZED", verify).put("MAX_RETRIES", 0));
    return new ApiClient(vertx, cfg, () -> cfg, TestSupport.SPEC_ONLY);
  }

  @Test
  @DisplayName("TLS_REJECT_UNAUTHORIZED=false accepts a self-signed API and speaks HTTP/2 when offered")
  void noVerifyUsesHttp2() throws Exception {
    ApiClient c = client(false);
    assertTrue(c.dequeue().await(10, TimeUnit.SECONDS).isEmpty());
    assertTrue(versions.size() == 1 && versions.get(0).equals("HTTP_2"), versions.toString());
    c.close();
  }

  @Test
  @DisplayName("TLS_REJECT_UNAUTHORIZED=true (default) refuses a self-signed certificate")
  void verifyRefusesSelfSigned() {
    ApiClient c = client(true);
    int before = versions.size();
    Exception e = assertThrows(Exception.class, () -> c.dequeue().await(10, TimeUnit.SECONDS));
    assertEquals(before, versions.size(), "no request reached the server");
    assertFalse(Retry.retryable(new ApiStatusException("x", 400, null)));
    assertNotNull(Errors.oneLine(e));
    c.close();
  }
}
