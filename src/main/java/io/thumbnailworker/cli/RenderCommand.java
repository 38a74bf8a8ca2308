package io.thumbnailworker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true, description = "Render model files offline into DIR/<file>.webp and .jpg; one JSON line per file on stdout.")
final class RenderCommand implements Callable<Integer> {
  @Unmatched
  List<String> args;

  @Override
  public Integer call() {
    System.err.println("thumbnail-worker: 'render' is not implemented yet");
    return Main.USAGE;
  }
}
