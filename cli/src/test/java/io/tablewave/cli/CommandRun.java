package io.tablewave.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A finished run of a command of {@code bin/}, with what it printed. */
record CommandRun(int exitCode, String out, String err) {
  static final Path HOME =
      Path.of(System.getProperty("tablewave.home", "..")).toAbsolutePath().normalize();

  /**
   * Runs {@code bin/<command> arguments...} from the project's directory and waits at most two
   * minutes.
   */
  static CommandRun of(String command, String... arguments)
      throws IOException, InterruptedException {
    List<String> line =
        new ArrayList<>(List.of("sh", HOME.resolve("bin").resolve(command).toString()));
    line.addAll(List.of(arguments));
    Path out = Files.createTempFile("tablewave-cli-out", ".txt");
    Path err = Files.createTempFile("tablewave-cli-err", ".txt");
    try {
      Process process =
          new ProcessBuilder(line)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(
            command
                + " did not end within two minutes; it printed:\n"
                + Files.readString(out)
                + Files.readString(err));
      }
      return new CommandRun(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
