package dev.forja.loadtest;

import dev.forja.loadtest.report.Host;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/** What every benchmark report states: the machine it ran on and the command that reproduces it. */
public final class Machine {
  private Machine() {}

  /** Prints the CPU, cores, heap, JVM, OS and JVM flags. */
  public static void print() {
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "machine: %s; %d cores available; max heap %,d MB%n",
        cpuModel(),
        rt.availableProcessors(),
        rt.maxMemory() / (1024 * 1024));
    System.out.printf(
        Locale.ROOT,
        "JVM: %s %s (%s); OS: %s %s %s%n",
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"));
    List<String> flags = jvmFlags();
    System.out.println("JVM flags: " + (flags.isEmpty() ? "(none)" : String.join(" ", flags)));
  }

  /**
   * The command, from the repository root, that builds the loadtest module and runs {@code main}
   * with the same JVM flags and {@code arguments}.
   */
  public static String reproduce(Class<?> main, String arguments) {
    StringBuilder b = new StringBuilder("mvn -q -pl loadtest -am package -DskipTests && java");
    jvmFlags().forEach(f -> b.append(' ').append(f));
    b.append(" -cp \"loadtest/target/forja-loadtest-0.1.0-SNAPSHOT.jar:loadtest/target/lib/*\" ");
    return b.append(main.getName()).append(' ').append(arguments).toString();
  }

  private static List<String> jvmFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  private static String cpuModel() {
    return Host.cpuModel();
  }
}
