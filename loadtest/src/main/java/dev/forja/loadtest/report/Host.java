package dev.forja.loadtest.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The machine a run measured: what a reader needs to compare one report with another. Read from
 * {@code /proc} where Linux has it, from the JVM otherwise; a value that cannot be read is
 * "unknown", never an error.
 *
 * @param cpu the CPU model
 * @param cores the processors available to the JVM
 * @param memoryMb the machine's total memory in MB, or -1 when unknown
 * @param maxHeapMb the JVM's maximum heap in MB
 * @param jvm the JVM's name, version and vendor
 * @param os the operating system's name, version and architecture
 * @param jvmFlags the JVM's flags as given
 */
public record Host(
    String cpu,
    int cores,
    long memoryMb,
    long maxHeapMb,
    String jvm,
    String os,
    List<String> jvmFlags) {
  private static final long MB = 1024L * 1024L;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  public Host {
    jvmFlags = List.copyOf(jvmFlags);
  }

  /** The machine this JVM runs on. */
  public static Host current() {
    return new Host(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        totalMemoryMb(),
        Runtime.getRuntime().maxMemory() / MB,
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.vendor")
            + ")",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /** The CPU model from {@code /proc/cpuinfo}, or "unknown CPU". */
  public static String cpuModel() {
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown CPU";
  }

  /**
   * The load average over 1, 5 and 15 minutes from {@code /proc/loadavg}, such as {@code "0.52 /
   * 0.61 / 0.70 (1 / 5 / 15 min)"}; where there is no such file, the JVM's one-minute figure.
   */
  public static String loadAverage() {
    List<String> lines = lines(Path.of("/proc/loadavg"));
    if (!lines.isEmpty()) {
      String[] f = WHITESPACE.split(lines.get(0).trim(), -1);
      if (f.length >= 3) {
        return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
      }
    }
    double oneMinute = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return oneMinute < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f (1 min)", oneMinute);
  }

  /**
   * {@code flags} with the user's home shown as {@code ~} and the checkout as {@code .}: reports
   * are committed, and a machine's paths say nothing about the run.
   */
  public static List<String> withoutLocalPaths(List<String> flags) {
    String home = System.getProperty("user.home", "");
    String root = System.getenv("FORJA_LOADTEST_ROOT");
    List<String> out = new ArrayList<>();
    for (String flag : flags) {
      String f = flag;
      if (root != null && !root.isEmpty()) {
        f = f.replace(root, ".");
      }
      if (home.length() > 1) {
        f = f.replace(home, "~");
      }
      out.add(f);
    }
    return out;
  }

  private static long totalMemoryMb() {
    for (String line : lines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        String[] f = WHITESPACE.split(line.substring("MemTotal:".length()).trim(), -1);
        try {
          return Long.parseLong(f[0]) / 1024; // the file states kB
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.isReadable(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of(); // only a label for the report
    }
  }
}
