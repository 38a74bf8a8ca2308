package io.thumbnailworker.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadmeConfigTableTest {
  @Test
  void readmeConfigurationTableMatchesTheCode() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int begin = readme.indexOf(ConfigDocs.BEGIN), end = readme.indexOf(ConfigDocs.END);
    assertTrue(begin >= 0 && end > begin, "README.md lacks the config-table markers");
    String table = readme.substring(begin + ConfigDocs.BEGIN.length() + 1, end);
    assertEquals(ConfigDocs.markdownTable(), table, "README config table is stale: regenerate it with "
        + "java -cp target/thumbnail-worker.jar io.thumbnailworker.config.ConfigDocs");
  }
}
