package io.tablewave.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine a result was measured on: results from different machines are not comparable. */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    machine.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
    machine.put(
        "jdk",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    machine.put("harnessMaxHeapBytes", Runtime.getRuntime().maxMemory());
    return machine;
  }

  private static String firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.stream()
          .filter(line -> line.startsWith(key))
          .findFirst()
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Peak resident memory of a process (VmHWM), in bytes. */
  static long peakResidentBytes(long pid) throws IOException {
    String value = firstValue(Path.of("/proc", String.valueOf(pid), "status"), "VmHWM");
    String[] parts = value.split("\\s+");
    return Long.parseLong(parts[0]) * 1024;
  }
}
