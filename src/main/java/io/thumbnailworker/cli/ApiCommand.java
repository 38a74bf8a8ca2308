package io.thumbnailworker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "api", mixinStandardHelpOptions = true, description = "Run the reference Web API + SignalR hub (embedded database and file store under --data).")
final class ApiCommand implements Callable<Integer> {
  @Unmatched
  List<String> args;

  @Override
  public Integer call() {
    System.err.println("thumbnail-worker: 'api' is not implemented yet");
    return Main.USAGE;
  }
}
