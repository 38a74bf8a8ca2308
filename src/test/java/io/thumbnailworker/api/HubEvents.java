package io.thumbnailworker.api;

import com.google.gson.JsonObject;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.reactivex.rxjava3.core.Single;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Listens on the hub with the official Java client and records JobEnqueued / JobStatusChanged for assertions. */
final class HubEvents implements AutoCloseable {
  private final HubConnection hub;
  private final List<String> events = new ArrayList<>();

  HubEvents(String baseUrl, String key) {
    var b = HubConnectionBuilder.create(baseUrl + "/hubs/thumbnail-jobs").withTransport(TransportEnum.WEBSOCKETS);
    if (key != null) b.withAccessTokenProvider(Single.just(key));
    hub = b.build();
    hub.on("JobEnqueued", o -> record("JobEnqueued", o), JsonObject.class);
    hub.on("JobStatusChanged", o -> record("JobStatusChanged", o), JsonObject.class);
    if (!hub.start().blockingAwait(20, TimeUnit.SECONDS)) throw new AssertionError("hub did not connect");
  }

  private synchronized void record(String name, JsonObject o) {
    events.add(name + " " + o.get("JobId").getAsLong() + " " + o.get("Status").getAsString()
        + (o.has("AttemptCount") ? " attempts=" + o.get("AttemptCount").getAsInt() : "")
        + (o.has("WorkerId") && !o.get("WorkerId").isJsonNull() ? " worker=" + o.get("WorkerId").getAsString() : ""));
    notifyAll();
  }

  /** Waits until an event starting with {@code prefix} has been seen (15 s). */
  synchronized String await(String prefix) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (true) {
      for (String e : events) if (e.startsWith(prefix)) return e;
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) throw new AssertionError("no hub event '" + prefix + "…' within 15 s; seen " + events);
      wait(left);
    }
  }

  /** Waits until {@code n} events starting with {@code prefix} have been seen (15 s). */
  synchronized void awaitCount(String prefix, long n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (count(prefix) < n) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) throw new AssertionError(n + " hub events '" + prefix + "…' expected within 15 s; seen " + events);
      wait(left);
    }
  }

  synchronized List<String> all() {
    return new ArrayList<>(events);
  }

  synchronized long count(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).count();
  }

  @Override
  public void close() {
    hub.close();
  }
}
