package io.thumbnailworker.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hosts for cluster tests: Linux network namespaces, each with a data link to one bridge (the "LAN": cluster, event
 * bus and API traffic, the test JVM's side of it at {@link #gateway()}) and a control link to another bridge that only
 * the test uses to read /status, so a data link can be cut while its host is still observable. Names and subnets
 * carry a random tag, so several runs on one machine do not collide. Needs root (or CAP_NET_ADMIN) and iproute2;
 * {@link #create} skips the test with the reason when either is missing.
 */
final class NetLab implements AutoCloseable {
  /** One namespace: its data and control addresses and the root-side end of its data link. */
  record Host(String ns, String ip, String controlIp, String dataPort) {}

  private final String tag = Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xefff));
  private final int octet = 200 + ThreadLocalRandom.current().nextInt(50);
  private final int data = ThreadLocalRandom.current().nextInt(0, 254);
  private final List<Host> hosts = new ArrayList<>();
  private final Thread cleanup = new Thread(this::close, "netlab-cleanup");
  private boolean bridges;

  private NetLab() {}

  /** A lab with two empty bridges, or the test skipped with the reason namespaces are not available here. */
  static NetLab create() {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "network namespaces need Linux");
    NetLab lab = new NetLab();
    String probe = lab.run(false, "ip", "netns", "add", "tw" + lab.tag + "-probe");
    assumeTrue(probe != null, "cannot create network namespaces here (needs root or CAP_NET_ADMIN and iproute2's ip)");
    lab.run(true, "ip", "netns", "del", "tw" + lab.tag + "-probe");
    Runtime.getRuntime().addShutdownHook(lab.cleanup);
    lab.bridges = true;
    for (String br : List.of(lab.bridge("d"), lab.bridge("c"))) {
      lab.run(true, "ip", "link", "add", br, "type", "bridge");
      lab.run(true, "ip", "link", "set", br, "up");
    }
    lab.run(true, "ip", "addr", "add", lab.gateway() + "/24", "dev", lab.bridge("d"));
    lab.run(true, "ip", "addr", "add", lab.controlNet() + ".1/24", "dev", lab.bridge("c"));
    return lab;
  }

  /** The test JVM's address on the data LAN (where an API it starts is reachable from the hosts). */
  String gateway() { return dataNet() + ".1"; }

  /** An address on the data LAN that no host has: dialling it fails. */
  String unusedIp() { return dataNet() + ".250"; }

  /** A spare address on the data LAN (for {@link #addAddress}); n from 1 to 99. */
  String spareIp(int n) { return dataNet() + "." + (100 + n); }

  /** A new namespace with its links up. */
  Host addHost() {
    int n = hosts.size() + 1;
    Host h = new Host("tw" + tag + "-" + n, dataNet() + "." + (10 + n), controlNet() + "." + (10 + n), "tw" + tag + "d" + n);
    run(true, "ip", "netns", "add", h.ns());
    hosts.add(h);
    link(h, h.dataPort(), "eth0", bridge("d"), h.ip());
    link(h, "tw" + tag + "c" + n, "eth1", bridge("c"), h.controlIp());
    run(true, "ip", "netns", "exec", h.ns(), "ip", "link", "set", "lo", "up");
    return h;
  }

  /** Adds a second address to the host's data link. */
  void addAddress(Host h, String ip) {
    run(true, "ip", "netns", "exec", h.ns(), "ip", "addr", "add", ip + "/24", "dev", "eth0");
  }

  /** Pulls the host's data cable (its side of the bridge goes down); {@link #heal} plugs it back. */
  void cut(Host h) { run(true, "ip", "link", "set", h.dataPort(), "down"); }

  void heal(Host h) { run(true, "ip", "link", "set", h.dataPort(), "up"); }

  /** The command line that runs {@code command} inside the host's namespace. */
  List<String> inside(Host h, List<String> command) {
    List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", h.ns()));
    out.addAll(command);
    return out;
  }

  private void link(Host h, String outer, String inner, String bridge, String ip) {
    run(true, "ip", "link", "add", outer, "type", "veth", "peer", "name", inner, "netns", h.ns());
    run(true, "ip", "link", "set", outer, "master", bridge, "up");
    run(true, "ip", "netns", "exec", h.ns(), "ip", "addr", "add", ip + "/24", "dev", inner);
    run(true, "ip", "netns", "exec", h.ns(), "ip", "link", "set", inner, "up");
  }

  private String dataNet() { return "10." + octet + "." + data; }
  private String controlNet() { return "10." + octet + "." + (data + 1); }
  private String bridge(String kind) { return "tw" + tag + "b" + kind; }

  /** Removes the namespaces and bridges; processes started inside must be gone first. */
  @Override
  public synchronized void close() {
    for (Host h : hosts) {
      run(false, "ip", "link", "del", h.dataPort());
      run(false, "ip", "netns", "del", h.ns());
    }
    hosts.clear();
    if (bridges) {
      run(false, "ip", "link", "del", bridge("d"));
      run(false, "ip", "link", "del", bridge("c"));
      bridges = false;
    }
    if (Thread.currentThread() != cleanup) {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: nothing to remove
      }
    }
  }

  /** Runs a command; its output, or null when it failed (an AssertionError instead when {@code must}). */
  private String run(boolean must, String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = p.waitFor(30, TimeUnit.SECONDS);
      if (done && p.exitValue() == 0) return out;
      if (must) throw new AssertionError(String.join(" ", command) + " failed: " + out.trim());
      return null;
    } catch (IOException e) {
      if (must) throw new AssertionError(String.join(" ", command) + " failed: " + e.getMessage(), e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + String.join(" ", command), e);
    }
  }
}
