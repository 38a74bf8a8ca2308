package io.thumbnailworker.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerBenchTest {
  @Test
  void aPeerFolderWithoutItsPackagesFailsWithTheWayToInstallThem(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("driver.js"), "process.exit(3)\n");
    IOException e = assertThrows(IOException.class, () -> PeerProcess.start(dir, "egl"));
    assertTrue(e.getMessage().contains("node_modules") && e.getMessage().contains("scripts/bench peers"), e.getMessage());
  }

  @Test
  void summariesTakeTheMedianAndTheRangeOfTheJobTimes() {
    List<PeerBench.Sample> samples = List.of(sample(310), sample(250), sample(1200), sample(260), sample(240));
    assertEquals(260, PeerBench.med(samples, PeerBench.Sample::totalMs));
    assertEquals("240–1200", PeerBench.range(samples));
  }

  private static PeerBench.Sample sample(double totalMs) {
    return new PeerBench.Sample(totalMs, 0, 0, 0, 0, 0, 0);
  }
}
