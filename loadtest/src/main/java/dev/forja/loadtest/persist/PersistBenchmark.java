package dev.forja.loadtest.persist;

import dev.forja.loadtest.Machine;
import dev.forja.loadtest.persist.PersisterDriver.Run;
import dev.forja.loadtest.persist.PersisterDriver.RunFailed;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Times what recording one resource update costs {@code FormaCommandPersister}, for commands of
 * several sizes (lesson L5: the cost must not grow with the command). Each run Accepts a fresh
 * command of N creates, drives every update through RecordAttempt, RecordRequestToken and
 * RecordFinished(Success) with a bounded number of updates in flight, as the executor does, then
 * Completes it. Only the update phase is the per-update cost; Accept and Complete, which are O(N)
 * by design (they write the whole command to the read model), are printed apart.
 *
 * <pre>
 * java -cp "loadtest/target/forja-loadtest-0.1.0-SNAPSHOT.jar:loadtest/target/lib/*" \
 *     dev.forja.loadtest.persist.PersistBenchmark --sizes 200,2000,20000
 * </pre>
 *
 * <p>Exits 1 when a run fails (an ask fails or times out, a record is not applied, or the command
 * does not end Success with every update Success), 2 on bad arguments, 3 when the per-update cost
 * of the largest size over that of the smallest (medians) exceeds {@code --max-ratio} (1.3).
 */
public final class PersistBenchmark {
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

  private final Options options;

  private PersistBenchmark(Options options) {
    this.options = options;
  }

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws IOException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    System.exit(new PersistBenchmark(options).run());
  }

  private int run() throws IOException {
    Map<Integer, List<Run>> measured = new LinkedHashMap<>();
    Map<Integer, DiskUsage> snapshots = new LinkedHashMap<>();
    DiskUsage snapshotsOnDisk;
    double loadBefore;
    double loadAfter;
    try (PersisterDriver driver =
        PersisterDriver.start(
            options.seed,
            options.inFlight,
            options.serializeEvents,
            Duration.ofSeconds(options.timeoutSeconds))) {
      System.out.printf(
          Locale.ROOT,
          "Forja persister benchmark: %d updates in flight; %d warm-up runs of every size, then"
              + " measured runs: %s%n",
          options.inFlight,
          options.warmup,
          options.sizes.stream()
              .map(n -> String.format(Locale.ROOT, "%,d resources x %d", n, options.runsOf(n)))
              .collect(Collectors.joining(", ")));
      System.out.printf(
          Locale.ROOT,
          "journal: pekko.persistence.journal.inmem (events %s); snapshots:"
              + " snapshot-store.local in %s; persister snapshot-every %d%n",
          options.serializeEvents ? "serialized" : "not serialized",
          driver.snapshotDir(),
          driver.settings().persisterSnapshotEvery());
      loadBefore = OS.getSystemLoadAverage();
      try {
        // Warm up every size first, so that no size is measured on a colder JIT than another.
        for (int w = 0; w < options.warmup; w++) {
          for (int n : options.sizes) {
            driver.run(n, false);
          }
        }
        // Then one size at a time, after one more run of it that is not counted: a run's last
        // snapshot is written after its Complete, so the run after a large command pays its tail.
        for (int n : options.sizes) {
          driver.run(n, false);
          DiskUsage before = DiskUsage.of(driver.snapshotDir());
          List<Run> runs = new ArrayList<>();
          for (int i = 0; i < options.runsOf(n); i++) {
            // Each update phase starts from a collected heap, so that neither the garbage of the
            // run before nor the command and its Accept are billed to it; its own collections
            // still count.
            runs.add(driver.run(n, true));
          }
          measured.put(n, runs);
          snapshots.put(n, DiskUsage.of(driver.snapshotDir()).minus(before));
        }
      } catch (RunFailed e) {
        System.out.println("FAILED: " + e.getMessage());
        e.printStackTrace(System.out);
        return 1;
      }
      loadAfter = OS.getSystemLoadAverage();
      snapshotsOnDisk = DiskUsage.of(driver.snapshotDir());
    }

    System.out.println();
    printTable(measured);
    System.out.println();
    snapshots.forEach(
        (n, written) -> {
          int runs = measured.get(n).size();
          System.out.printf(
              Locale.ROOT,
              "snapshots written while measuring %,d resources: %.1f per command, %.2f KB per"
                  + " update%n",
              n,
              (double) written.files() / runs,
              written.bytes() / 1024.0 / runs / n);
        });
    System.out.printf(
        Locale.ROOT,
        "snapshot store after the runs: %d files, %.1f MB%n",
        snapshotsOnDisk.files(),
        snapshotsOnDisk.bytes() / 1e6);
    System.out.printf(
        Locale.ROOT,
        "load average: %.1f before the runs, %.1f after (%d cores): compare wall times only at"
            + " similar load%n",
        loadBefore,
        loadAfter,
        Runtime.getRuntime().availableProcessors());
    System.out.println();
    Machine.print();
    System.out.println();
    System.out.println("reproduce (from the repository root):");
    System.out.println("  " + command());

    int smallest = options.sizes.stream().min(Integer::compare).orElseThrow();
    int largest = options.sizes.stream().max(Integer::compare).orElseThrow();
    double small = median(measured.get(smallest), Run::microsPerUpdate);
    double large = median(measured.get(largest), Run::microsPerUpdate);
    double ratio = large / small;
    double cpuRatio =
        cpuMicrosPerUpdate(measured.get(largest)) / cpuMicrosPerUpdate(measured.get(smallest));
    boolean met = ratio <= options.maxRatio;
    System.out.printf(
        Locale.ROOT,
        "%nbar: per-update cost (median) of %,d resources / %,d resources = %.1f us / %.1f us ="
            + " %.2f (at most %.2f): %s%n",
        largest,
        smallest,
        large,
        small,
        ratio,
        options.maxRatio,
        met ? "MET" : "MISSED");
    System.out.printf(
        Locale.ROOT, "(the same ratio of process CPU time per update: %.2f)%n", cpuRatio);
    return met ? 0 : 3;
  }

  private static void printTable(Map<Integer, List<Run>> measured) {
    String row = "%10s %10s %11s %11s %11s %11s %12s %6s %11s %12s%n";
    System.out.printf(
        Locale.ROOT,
        row,
        "resources",
        "accept ms",
        "us/upd min",
        "us/upd med",
        "us/upd max",
        "cpu us/upd",
        "alloc KB/upd",
        "gc %",
        "records/s",
        "complete ms");
    System.out.printf(
        Locale.ROOT,
        row,
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(11),
        "-".repeat(11),
        "-".repeat(11),
        "-".repeat(11),
        "-".repeat(12),
        "-".repeat(6),
        "-".repeat(11),
        "-".repeat(12));
    measured.forEach(
        (n, runs) ->
            System.out.printf(
                Locale.ROOT,
                row,
                String.format(Locale.ROOT, "%,d", n),
                fixed(median(runs, r -> r.acceptNanos() / 1e6), 1),
                fixed(min(runs, Run::microsPerUpdate), 1),
                fixed(median(runs, Run::microsPerUpdate), 1),
                fixed(max(runs, Run::microsPerUpdate), 1),
                fixed(cpuMicrosPerUpdate(runs), 1),
                fixed(median(runs, Run::allocatedKbPerUpdate), 1),
                fixed(median(runs, Run::gcPercent), 0),
                String.format(Locale.ROOT, "%,.0f", median(runs, Run::recordsPerSecond)),
                fixed(median(runs, r -> r.completeNanos() / 1e6), 1)));
    System.out.println(
        "(us/upd: wall time of the update phase per update; cpu us/upd: the process's CPU time"
            + " per update, every thread, over all runs; alloc KB/upd: heap allocated per update, every thread;"
            + " gc %: collector time over the phase's time; records/s: RecordAttempt,"
            + " RecordRequestToken and RecordFinished per second; the other columns are"
            + " medians)");
  }

  /**
   * Process CPU time over every run of a size, per update. Not a median: the JVM reads process CPU
   * time in 10 ms ticks on Linux, coarser than a small command's whole run, so only a sum is exact.
   */
  private static double cpuMicrosPerUpdate(List<Run> runs) {
    long cpu = runs.stream().mapToLong(Run::cpuNanos).sum();
    long updates = runs.stream().mapToLong(Run::resources).sum();
    return cpu / 1e3 / updates;
  }

  private static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static double[] sorted(List<Run> runs, ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).toArray();
    Arrays.sort(v);
    return v;
  }

  private static double min(List<Run> runs, ToDoubleFunction<Run> f) {
    return sorted(runs, f)[0];
  }

  private static double max(List<Run> runs, ToDoubleFunction<Run> f) {
    double[] v = sorted(runs, f);
    return v[v.length - 1];
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    double[] v = sorted(runs, f);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** What a directory holds: its files and their bytes. */
  private record DiskUsage(long files, long bytes) {
    static DiskUsage of(Path dir) throws IOException {
      long files = 0;
      long bytes = 0;
      try (Stream<Path> list = Files.list(dir)) {
        for (Path p : list.toList()) {
          try {
            bytes += Files.size(p);
            files++;
          } catch (NoSuchFileException e) {
            // A snapshot's temporary file, renamed since it was listed: counted under its name.
          }
        }
      }
      return new DiskUsage(files, bytes);
    }

    DiskUsage minus(DiskUsage earlier) {
      return new DiskUsage(files - earlier.files, bytes - earlier.bytes);
    }
  }

  private String command() {
    StringBuilder b = new StringBuilder();
    b.append("--sizes ")
        .append(options.sizes.stream().map(String::valueOf).collect(Collectors.joining(",")));
    b.append(" --in-flight ").append(options.inFlight);
    b.append(" --warmup ").append(options.warmup);
    b.append(" --iterations ").append(options.iterations);
    b.append(" --seed ").append(options.seed);
    b.append(" --max-ratio ").append(options.maxRatio);
    if (options.serializeEvents) {
      b.append(" --serialize-events");
    }
    return Machine.reproduce(PersistBenchmark.class, b.toString());
  }

  /** Command-line options. */
  private static final class Options {
    static final String USAGE =
        "usage: PersistBenchmark [--sizes N,N,... (200,2000,20000)] [--in-flight F (50)]"
            + " [--warmup W (5)] [--iterations I (10; small sizes run more)] [--seed S (42)] [--max-ratio R (1.3)]"
            + " [--serialize-events] [--timeout-seconds T (600)]";

    List<Integer> sizes = List.of(200, 2_000, 20_000);
    int inFlight = 50;
    int warmup = 5;
    int iterations = 10;
    long seed = 42;
    double maxRatio = 1.3;
    boolean serializeEvents;
    int timeoutSeconds = 600;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("-h") || flag.equals("--help")) {
          throw new IllegalArgumentException(
              "Times the per-update cost of the command persister for commands of several sizes.");
        }
        if (flag.equals("--serialize-events")) {
          o.serializeEvents = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String v = args[++i];
        try {
          switch (flag) {
            case "--sizes" -> o.sizes = sizes(v);
            case "--in-flight" -> o.inFlight = positive(flag, Integer.parseInt(v));
            case "--warmup" -> o.warmup = Math.max(0, Integer.parseInt(v));
            case "--iterations" -> o.iterations = positive(flag, Integer.parseInt(v));
            case "--seed" -> o.seed = Long.parseLong(v);
            case "--max-ratio" -> o.maxRatio = ratio(v);
            case "--timeout-seconds" -> o.timeoutSeconds = positive(flag, Integer.parseInt(v));
            default -> throw new IllegalArgumentException("unknown option " + flag);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + " needs a number, got '" + v + "'", e);
        }
      }
      return o;
    }

    /**
     * Measured runs of size {@code n}: at least {@code iterations}, and enough that a size is
     * measured over a tenth of the updates of the largest (up to ten times {@code iterations}): a
     * small command's run lasts milliseconds, so one scheduling hiccup moves it a lot.
     */
    int runsOf(int n) {
      int largest = sizes.stream().max(Integer::compare).orElse(n);
      long even = (long) iterations * largest / (10L * n);
      return (int) Math.max(iterations, Math.min(10L * iterations, even));
    }

    private static List<Integer> sizes(String v) {
      List<Integer> sizes = new ArrayList<>();
      for (String s : v.split(",", -1)) {
        int n = positive("--sizes", Integer.parseInt(s.trim().replace("_", "")));
        if (!sizes.contains(n)) {
          sizes.add(n);
        }
      }
      return List.copyOf(sizes);
    }

    private static double ratio(String v) {
      double r = Double.parseDouble(v);
      if (!(r >= 1.0) || Double.isInfinite(r)) {
        throw new IllegalArgumentException("--max-ratio must be at least 1, got " + v);
      }
      return r;
    }

    private static int positive(String flag, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(flag + " must be at least 1, got " + v);
      }
      return v;
    }
  }
}
