package io.thumbnailworker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the API and a worker in one process and render sample models; prints the gallery URL.")
final class DemoCommand implements Callable<Integer> {
  @Unmatched
  List<String> args;

  @Override
  public Integer call() {
    System.err.println("thumbnail-worker: 'demo' is not implemented yet");
    return Main.USAGE;
  }
}
