package io.thumbnailworker.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
  private record Run(int code, String out, String err) {}

  private static synchronized Run run(String... args) {
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpListsTheFourSubcommands() {
    Run r = run("--help");
    assertEquals(0, r.code());
    for (String cmd : new String[] {"worker", "api", "demo", "render"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(cmd + " ")), cmd + " missing in:\n" + r.out());
    }
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    for (String[] args : new String[][] {{"frobnicate"}, {"worker", "--no-such-flag"}, {"worker", "--port", "x"},
        {"worker", "--set", "NOT_A_KEY=1"}}) {
      Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args));
      assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    }
  }

  @Test
  void anInvalidConfigValueIsAUsageErrorNamingTheKey() {
    Run r = run("worker", "--set", "RENDER_WIDTH=9999");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("RENDER_WIDTH"), r.err());
  }
}
