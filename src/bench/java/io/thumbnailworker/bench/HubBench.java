package io.thumbnailworker.bench;

import com.google.gson.JsonObject;
import com.microsoft.signalr.HubConnection;
import com.microsoft.signalr.HubConnectionBuilder;
import com.microsoft.signalr.TransportEnum;
import io.thumbnailworker.api.hub.HubServer;
import io.thumbnailworker.api.hub.HubSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code scripts/bench hub}: the reference hub broadcasts {@code JobEnqueued} at a fixed rate to N official Java
 * SignalR clients on loopback; every client records which job ids arrived, so lost, duplicated and reordered messages
 * are counted exactly, and the delivery latency (send to client callback, same JVM clock).
 *
 * <pre>hub [--clients 50] [--rate 1000] [--seconds 10] [--transport WebSockets|LongPolling]</pre>
 */
public final class HubBench {
  /** What one client saw; callbacks come on that client's own thread, one at a time. */
  static final class Receiver {
    final BitSet seen = new BitSet();
    long received, duplicates, reordered;
    int last = -1;
    final double[] latencyMs;
    int latencies;

    Receiver(int expected) {
      latencyMs = new double[expected];
    }

    synchronized void on(JsonObject m, long nowNanos) {
      int id = m.get("JobId").getAsInt();
      received++;
      if (seen.get(id)) duplicates++;
      seen.set(id);
      if (id < last) reordered++;
      last = id;
      if (latencies < latencyMs.length) latencyMs[latencies++] = (nowNanos - m.get("SentNanos").getAsLong()) / 1e6;
    }
  }

  /** CPU time of this JVM's live threads, grouped by name (numbers stripped): server event loops, client threads. */
  static Map<String, Long> threadCpuByGroup() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new TreeMap<>();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) continue;
      long cpu = mx.getThreadCpuTime(t.getThreadId());
      if (cpu < 0) continue;
      String n = t.getThreadName();
      String group = n.startsWith("OkHttp") ? "OkHttp (SignalR client sockets)" : n.replaceAll("[-#\\d ]+$", "");
      out.merge(group, cpu, Long::sum);
    }
    return out;
  }

  /** What the clients saw altogether. */
  private record Tally(long delivered, long lost, long duplicates, long reordered, long worstClientLost, double[] latencyMs) {
    static Tally of(List<Receiver> receivers, int total) {
      long delivered = 0, lost = 0, dups = 0, reordered = 0, worstClientLost = 0;
      List<Double> all = new ArrayList<>();
      for (Receiver r : receivers) {
        synchronized (r) {
          long l = total - r.seen.cardinality();
          delivered += r.received;
          lost += l;
          dups += r.duplicates;
          reordered += r.reordered;
          worstClientLost = Math.max(worstClientLost, l);
          for (int i = 0; i < r.latencies; i += 10) all.add(r.latencyMs[i]);   // every 10th: plenty for percentiles
        }
      }
      return new Tally(delivered, lost, dups, reordered, worstClientLost, all.stream().mapToDouble(Double::doubleValue).toArray());
    }
  }

  private final int clients, rate, seconds, total;
  private final String transport;
  private final Vertx vertx = Vertx.vertx();
  private final HubServer hub = new HubServer(vertx, HubSettings.defaults());
  private final List<HubConnection> conns = new ArrayList<>();
  private final List<Receiver> receivers = new ArrayList<>();

  private HubBench(int clients, int rate, int seconds, String transport) {
    this.clients = clients;
    this.rate = rate;
    this.seconds = seconds;
    this.transport = transport;
    this.total = rate * seconds;
  }

  public static void main(String[] args) throws Exception {
    HubBench bench = new HubBench(Integer.parseInt(BenchReport.flag(args, "--clients", "50")),
        Integer.parseInt(BenchReport.flag(args, "--rate", "1000")), Integer.parseInt(BenchReport.flag(args, "--seconds", "10")),
        BenchReport.flag(args, "--transport", "WebSockets"));
    io.thumbnailworker.logging.Logging.apply("text", "warn");
    try {
      bench.run();
    } finally {
      bench.close();
    }
    System.exit(0);   // OkHttp keeps non-daemon threads for a while after close
  }

  private void run() throws Exception {
    BenchReport report = new BenchReport("hub", new io.vertx.core.json.JsonObject().put("clients", clients)
        .put("rate", rate).put("seconds", seconds).put("transport", transport));
    Router router = Router.router(vertx);
    hub.mount(router, "/hubs/thumbnail-jobs");
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
    double connectMs = connect("http://127.0.0.1:" + server.actualPort() + "/hubs/thumbnail-jobs");
    Map<String, Long> cpuBefore = threadCpuByGroup();
    long t0 = System.nanoTime();
    send(t0);
    double sendSeconds = (System.nanoTime() - t0) / 1e9;
    drain();
    double drainSeconds = (System.nanoTime() - t0) / 1e9 - sendSeconds;
    Map<String, Long> cpuAfter = threadCpuByGroup();
    Tally tally = Tally.of(receivers, total);
    double[] lat = tally.latencyMs();
    report.table("Hub fan-out: JobEnqueued broadcast to official Java SignalR clients (" + transport + ", loopback)",
        List.of("clients", "target rate/s", "seconds", "sent", "actual send rate/s", "expected deliveries", "delivered",
            "lost", "duplicates", "out of order", "latency p50 ms", "latency p99 ms", "latency max ms", "drain s", "connect all ms"),
        List.of(List.of(clients, rate, seconds, (long) total, total / sendSeconds, (long) total * clients, tally.delivered(),
            tally.lost(), tally.duplicates(), tally.reordered(), BenchReport.percentile(lat, 50), BenchReport.percentile(lat, 99),
            BenchReport.percentile(lat, 100), drainSeconds, connectMs)));
    cpuTable(report, cpuBefore, cpuAfter, sendSeconds + drainSeconds);
    report.note(String.format(Locale.ROOT, "Goal: 1,000/s to 50 clients for 10 s with none lost -> %s (lost %,d of %,d; worst client lost %,d).",
        tally.lost() > 0 ? "NOT MET" : total / sendSeconds < 0.95 * rate ? "none lost, but the rate was NOT sustained (" + Math.round(total / sendSeconds) + "/s)"
            : clients >= 50 && rate >= 1000 && seconds >= 10 ? "MET" : "none lost at these settings",
        tally.lost(), (long) total * clients, tally.worstClientLost()));
    report.finish();
  }

  /** Connects every client; returns how long that took, in ms. */
  private double connect(String url) {
    long c0 = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      HubConnection c = HubConnectionBuilder.create(url)
          .withTransport(transport.equals("LongPolling") ? TransportEnum.LONG_POLLING : TransportEnum.WEBSOCKETS).build();
      Receiver r = new Receiver(total);
      c.on("JobEnqueued", m -> r.on(m, System.nanoTime()), JsonObject.class);
      conns.add(c);
      receivers.add(r);
    }
    for (HubConnection c : conns) c.start().blockingAwait(30, TimeUnit.SECONDS);
    if (hub.connectedClients() != clients) throw new IllegalStateException("only " + hub.connectedClients() + " of " + clients + " clients connected");
    return (System.nanoTime() - c0) / 1e6;
  }

  /** A 5 ms timer sends whatever the schedule says is due, so a late tick catches up instead of lowering the rate. */
  private void send(long t0) throws InterruptedException {
    AtomicLong sent = new AtomicLong();
    long timer = vertx.setPeriodic(5, id -> {
      long due = Math.min(total, (System.nanoTime() - t0) * rate / 1_000_000_000L);
      while (sent.get() < due) {
        long n = sent.getAndIncrement();
        hub.broadcast("JobEnqueued", new io.vertx.core.json.JsonObject().put("JobId", n).put("ModelId", n)
            .put("ModelHash", "bench").put("Status", "Pending").put("AttemptCount", 0)
            .put("CreatedAt", "2026-01-01T00:00:00Z").put("SentNanos", System.nanoTime()));
      }
    });
    while (sent.get() < total) Thread.sleep(20);
    vertx.cancelTimer(timer);
  }

  /** Waits until every client has everything, or nothing arrived for 3 s. */
  private void drain() throws InterruptedException {
    long lastTotal = -1, quietSince = System.nanoTime();
    while (true) {
      long got = receivers.stream().mapToLong(r -> { synchronized (r) { return r.received; } }).sum();
      if (got >= (long) total * clients) return;
      if (got != lastTotal) {
        lastTotal = got;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > 3_000_000_000L) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private static void cpuTable(BenchReport report, Map<String, Long> before, Map<String, Long> after, double wall) {
    List<List<Object>> rows = new ArrayList<>();
    for (var e : after.entrySet()) {
      double cpuS = (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e9;
      if (cpuS >= 0.05) rows.add(List.of(e.getKey(), cpuS, cpuS / wall));
    }
    rows.sort((a, b) -> Double.compare((Double) b.get(1), (Double) a.get(1)));
    report.table("Where the CPU went during send + drain (" + String.format(Locale.ROOT, "%.1f", wall) + " s wall)",
        List.of("threads (by name)", "CPU s", "cores busy"), rows);
  }

  private void close() throws Exception {
    for (HubConnection c : conns) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
    hub.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
