package io.thumbnailworker.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The claim is the only arbiter: racing claimers never get the same job. One process serves a data directory (a second
 * is refused: {@link DataDirTest}), so the racers are threads, each with its own HTTP connection.
 */
class ClaimConcurrencyTest {
  static final int JOBS = 200;
  static final int THREADS = 8;

  @Test
  @DisplayName("8 threads race dequeue over 200 jobs; every job is claimed exactly once")
  void everyJobClaimedExactlyOnce(@TempDir Path data) throws Exception {
    Vertx vertx = Vertx.vertx();
    ApiServer server = ApiTestClient.await(ApiServer.start(vertx, ApiOptions.builder(data).port(0).build()));
    try (ApiTestClient local = new ApiTestClient(vertx, server.port())) {
      for (int i = 0; i < JOBS; i++) local.uploadModel("m" + i + ".obj", ApiTestClient.obj(i));
      try (ApiTestClient second = new ApiTestClient(vertx, server.port())) {
        // warm up (JIT, connection pools) so that the threads really race
        for (int i = 0; i < 20; i++) {
          second.get("/api/thumbnail-jobs?status=Pending&limit=1");
          local.get("/api/thumbnail-jobs?status=Pending&limit=1");
        }
        Map<Long, String> claims = new ConcurrentHashMap<>();
        List<String> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> counts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
          String worker = "worker-" + t;
          ApiTestClient client = t % 2 == 0 ? local : second;
          counts.add(pool.submit(() -> {
            go.await();
            int n = 0;
            for (JsonObject job; (job = client.dequeue(worker)) != null; n++) {
              String before = claims.putIfAbsent(job.getLong("id"), worker);
              if (before != null) duplicates.add("job " + job.getLong("id") + " claimed by " + before + " and " + worker);
            }
            return n;
          }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : counts) total += f.get(3, TimeUnit.MINUTES);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        pool.shutdown();
        System.out.printf("claimed %d jobs with %d threads in %d ms; per worker %s%n", total, THREADS, ms,
            counts.stream().map(f -> { try { return f.get(); } catch (Exception e) { return -1; } }).toList());

        assertEquals(List.of(), duplicates);
        assertEquals(JOBS, total);
        assertEquals(JOBS, claims.size());
        assertNull(local.dequeue("late-worker"), "nothing should be left");
        for (Object o : local.jobs(null)) {
          JsonObject j = (JsonObject) o;
          assertEquals("InProgress", j.getString("status"));
          assertEquals(claims.get(j.getLong("id")), j.getString("assignedWorkerId"));
          assertEquals(1, j.getInteger("attemptCount"));
        }
      }
    } finally {
      ApiTestClient.await(server.close());
      ApiTestClient.await(vertx.close());
    }
  }
}
