package io.thumbnailworker.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Opt-in fault injection for tests of the worker's error handling: "the next N requests matching METHOD + path regex
 * answer status S" and "stall the body of the next N matching requests for T ms" (a stalled file download sends its
 * headers, then waits; any other stalled request waits before it is handled). Off unless an instance is given in
 * {@link ApiOptions#faults()} or with the {@code api --inject-fault} flag. Thread-safe.
 */
public final class FaultInjector {
  /** What happens to one request. */
  public record Fault(int status, long stallMs) {}

  private record Rule(String method, Pattern path, int status, long stallMs, int[] remaining) {}

  private final List<Rule> rules = new ArrayList<>();
  private int injected;

  /** The next {@code count} requests matching get {@code status} (e.g. 503) without being handled. */
  public synchronized FaultInjector failNext(int count, String method, String pathRegex, int status) {
    rules.add(new Rule(method.toUpperCase(Locale.ROOT), Pattern.compile(pathRegex), status, 0, new int[] {count}));
    return this;
  }

  /** The next {@code count} requests matching are stalled for {@code ms}. */
  public synchronized FaultInjector stall(int count, String method, String pathRegex, long ms) {
    rules.add(new Rule(method.toUpperCase(Locale.ROOT), Pattern.compile(pathRegex), 0, ms, new int[] {count}));
    return this;
  }

  /** How many requests were failed or stalled so far. */
  public synchronized int injected() {
    return injected;
  }

  /** Takes the first rule matching this request, if any, and uses up one of its count. */
  synchronized Fault take(String method, String path) {
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      if (!r.method.equals(method) && !r.method.equals("*")) continue;
      if (!r.path.matcher(path).matches()) continue;
      if (--r.remaining[0] <= 0) it.remove();
      injected++;
      return new Fault(r.status, r.stallMs);
    }
    return null;
  }

  /**
   * Parses the CLI form {@code fail:STATUS:COUNT:METHOD:REGEX} or {@code stall:MS:COUNT:METHOD:REGEX} (the regex
   * comes last so it may contain colons).
   */
  public FaultInjector add(String spec) {
    String[] p = spec.split(":", 5);
    if (p.length != 5) throw new IllegalArgumentException("fault '" + spec + "' must be fail:STATUS:COUNT:METHOD:REGEX or stall:MS:COUNT:METHOD:REGEX");
    try {
      long value = Long.parseLong(p[1]);
      int count = Integer.parseInt(p[2]);
      switch (p[0]) {
        case "fail" -> failNext(count, p[3], p[4], (int) value);
        case "stall" -> stall(count, p[3], p[4], value);
        default -> throw new IllegalArgumentException("fault '" + spec + "': kind must be fail or stall");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("fault '" + spec + "': STATUS/MS and COUNT must be numbers");
    }
    return this;
  }
}
