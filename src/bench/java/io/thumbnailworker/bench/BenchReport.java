package io.thumbnailworker.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Output of one benchmark run: Markdown tables on stdout and the same rows in a JSON file under {@code target/bench/}
 * ({@code <bench>-<UTC time>-<commit>.json}), together with the machine description, so runs can be compared across
 * commits.
 */
final class BenchReport {
  private final String bench;
  private final JsonObject json = new JsonObject();
  private final JsonArray tables = new JsonArray();

  BenchReport(String bench, JsonObject parameters) {
    this.bench = bench;
    json.put("bench", bench).put("startedAt", Instant.now().toString()).put("commit", commit())
        .put("machine", machine()).put("parameters", parameters).put("tables", tables);
    System.out.printf(Locale.ROOT, "# bench %s: %s%n", bench, describe(json.getJsonObject("machine")));
  }

  /** Prints a Markdown table and records its rows (numbers stay numbers in the JSON). */
  void table(String title, List<String> headers, List<List<Object>> rows) {
    System.out.printf("%n### %s%n%n| %s |%n|%s%n", title, String.join(" | ", headers), "---|".repeat(headers.size()));
    JsonArray jrows = new JsonArray();
    for (List<Object> row : rows) {
      StringBuilder line = new StringBuilder("|");
      JsonObject jrow = new JsonObject();
      for (int i = 0; i < row.size(); i++) {
        Object v = row.get(i);
        line.append(' ').append(format(v)).append(" |");
        jrow.put(headers.get(i), v instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : v);
      }
      System.out.println(line);
      jrows.add(jrow);
    }
    tables.add(new JsonObject().put("title", title).put("rows", jrows));
    System.out.flush();
  }

  void note(String text) {
    System.out.println();
    System.out.println(text);
    json.put("notes", json.getJsonArray("notes", new JsonArray()).add(text));
  }

  void put(String key, Object value) {
    json.put(key, value);
  }

  /** Writes the JSON file and prints its path. */
  Path finish() throws IOException {
    json.put("finishedAt", Instant.now().toString()).put("loadAverageAtEnd", loadAverage());
    System.out.printf(Locale.ROOT, "%nLoad average (1 min) at start %.1f, at the end %.1f on %d cores: figures taken on a busy machine "
        + "are slower than on a quiet one.%n", json.getJsonObject("machine").getDouble("loadAverageAtStart"), loadAverage(),
        Runtime.getRuntime().availableProcessors());
    Path dir = Path.of("target", "bench");
    Files.createDirectories(dir);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path file = dir.resolve(bench + "-" + stamp + "-" + json.getString("commit") + ".json");
    Files.writeString(file, json.encodePrettily());
    System.out.println("\nJSON: " + file);
    return file;
  }

  static String format(Object v) {
    if (v instanceof Double d) {
      if (d.isNaN()) return "–";
      if (Math.abs(d) >= 100) return String.format(Locale.ROOT, "%,.0f", d);
      return Math.abs(d) >= 1 || d == 0 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.3f", d);
    }
    if (v instanceof Long || v instanceof Integer) return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    return String.valueOf(v);
  }

  static JsonObject machine() {
    JsonObject m = new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("cpu", cpuModel())
        .put("memoryGiB", Math.round(memTotalKb() / 1048576.0 * 10) / 10.0)
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
        .put("lpNumThreads", System.getenv().getOrDefault("LP_NUM_THREADS", "(default)"))
        .put("loadAverageAtStart", loadAverage());
    return m;
  }

  static String describe(JsonObject m) {
    return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB, %s, %s, load average %.1f%s", m.getInteger("cores"), m.getString("cpu"),
        m.getDouble("memoryGiB"), m.getString("java"), m.getString("os"), m.getDouble("loadAverageAtStart"),
        m.containsKey("glRenderer") ? ", " + m.getString("glRenderer") : "");
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
      }
    } catch (IOException ignored) {
      // not Linux: the JSON says unknown
    }
    return "unknown";
  }

  private static long memTotalKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D", ""));
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux
    }
    return 0;
  }

  private static String commit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      boolean ok = p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
      return ok && out.matches("[0-9a-f]+") ? out : "nocommit";
    } catch (IOException | InterruptedException e) {
      return "nocommit";
    }
  }

  /** Percentile (nearest rank) of unsorted values; NaN when empty. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) return Double.NaN;
    double[] v = values.clone();
    Arrays.sort(v);
    int rank = (int) Math.ceil(p / 100.0 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  static double median(double[] values) {
    return percentile(values, 50);
  }

  /** 1-minute load average (NaN when unreadable). */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** User + system CPU seconds a process has used so far, from /proc/PID/stat (0 when unreadable). */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;   // utime, stime in clock ticks (USER_HZ = 100)
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Resident set of a process from /proc (0 when unreadable). */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    } catch (IOException | RuntimeException ignored) {
      return 0;
    }
    return 0;
  }

  static String flag(String[] args, String name, String def) {
    for (int i = 0; i < args.length - 1; i++) if (args[i].equals(name)) return args[i + 1];
    return def;
  }
}
