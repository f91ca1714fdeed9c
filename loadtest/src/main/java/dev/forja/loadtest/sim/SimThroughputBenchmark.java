package dev.forja.loadtest.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.loadtest.Machine;
import dev.forja.plugin.aws.AwsPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import dev.forja.plugin.sim.server.SimServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * How fast the simulator server answers the AWS plugin: a {@link SimServer} in process (no latency,
 * no faults) driven through {@link AwsPlugin}, with the real SDK client over loopback HTTP, by a
 * fixed number of concurrent resource lifecycles. Each lifecycle creates a log group and polls its
 * status until it succeeds, reads it, optionally updates it by patch and polls, then deletes it and
 * polls. An operation is one create, read, update or delete that completed; a request is one HTTP
 * call, status polls included.
 *
 * <pre>
 * java -cp "loadtest/target/forja-loadtest-0.1.0-SNAPSHOT.jar:loadtest/target/lib/*" \
 *     dev.forja.loadtest.sim.SimThroughputBenchmark --count 10000 --concurrency 8
 * </pre>
 *
 * <p>Exits 1 when an operation fails, 2 on bad arguments, 3 when operations/s misses the bar
 * ({@code --bar-ops}, default 2000).
 */
public final class SimThroughputBenchmark {
  private static final String TYPE = "AWS::Logs::LogGroup";
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Options options;
  private final AwsPlugin plugin;
  private final Target target;

  private SimThroughputBenchmark(Options options, AwsPlugin plugin, URI endpoint) {
    this.options = options;
    this.plugin = plugin;
    ObjectNode config =
        JsonNodeFactory.instance
            .objectNode()
            .put("Region", "us-east-1")
            .put("Endpoint", endpoint.toString())
            // The server is what is measured: a limit this high never delays a call.
            .put("RateLimit", 1_000_000_000);
    this.target = new Target("bench", "AWS", config, false);
  }

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    SimCloud cloud = options.endpoint == null ? SimCloud.inMemory(SimSettings.IDEAL) : null;
    SimServer server = cloud == null ? null : SimServer.start(cloud, "127.0.0.1", 0);
    URI endpoint = server == null ? options.endpoint : server.endpoint();
    int exit;
    try (AwsPlugin plugin =
        new AwsPlugin(StaticCredentialsProvider.create(AwsBasicCredentials.create("sim", "sim")))) {
      exit = new SimThroughputBenchmark(options, plugin, endpoint).run(cloud, endpoint);
    } finally {
      if (server != null) {
        server.close();
      }
      if (cloud != null) {
        cloud.close();
      }
    }
    System.exit(exit);
  }

  private int run(SimCloud cloud, URI endpoint) throws InterruptedException {
    System.out.printf(
        Locale.ROOT,
        "Forja sim throughput: %,d lifecycles (create, read%s, delete) of %s, %d in flight,"
            + " %,d warm-up; sim server %s at %s%n",
        options.count,
        options.update ? ", update" : "",
        TYPE,
        options.concurrency,
        options.warmup,
        cloud == null ? "external" : "in process",
        endpoint);

    if (options.warmup > 0) {
      Run warm = new Run("warmup", options.warmup);
      if (!warm.execute()) {
        return report(warm, cloud);
      }
      System.out.printf(
          Locale.ROOT,
          "warm-up: %,d lifecycles in %.1f s%n",
          options.warmup,
          warm.elapsedNanos / 1e9);
    }
    Run measured = new Run("run", options.count);
    measured.execute();
    return report(measured, cloud);
  }

  private int report(Run run, SimCloud cloud) {
    double seconds = run.elapsedNanos / 1e9;
    double requestsPerSecond = run.requests.get() / seconds;
    double operationsPerSecond = run.operations.get() / seconds;
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%,d lifecycles in %.2f s: %,d requests, %,d operations (%,d status polls)%n",
        run.lifecycles.get(),
        seconds,
        run.requests.get(),
        run.operations.get(),
        run.calls.get(Call.STATUS).count());
    System.out.printf(Locale.ROOT, "  requests/s:   %,10.0f%n", requestsPerSecond);
    System.out.printf(Locale.ROOT, "  operations/s: %,10.0f%n", operationsPerSecond);
    System.out.printf(Locale.ROOT, "  lifecycles/s: %,10.0f%n", run.lifecycles.get() / seconds);
    // Client and server share this process: CPU per request is their sum, and the one-minute load
    // average shows whether anything else competed for the cores during the run.
    System.out.printf(
        Locale.ROOT,
        "  process CPU:  %.1f s over %.1f s wall (%.2f of %d cores busy, %.0f us per request);"
            + " load average %.2f before, %.2f after%n",
        run.cpuNanos / 1e9,
        seconds,
        run.cpuNanos / (double) run.elapsedNanos,
        Runtime.getRuntime().availableProcessors(),
        run.cpuNanos / 1e3 / Math.max(1, run.requests.get()),
        run.loadBefore,
        run.loadAfter);
    System.out.println();
    String row = "%-26s %10s %10s %10s %10s%n";
    System.out.printf(Locale.ROOT, row, "latency (ms)", "count", "p50", "p99", "max");
    System.out.printf(
        Locale.ROOT,
        row,
        "-".repeat(26),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(10),
        "-".repeat(10));
    for (Call c : Call.values()) {
      Samples s = run.calls.get(c);
      if (s.count() > 0) {
        System.out.printf(
            Locale.ROOT, row, "call " + c.apiName, s.count(), ms(s, 50), ms(s, 99), ms(s, 100));
      }
    }
    for (Op o : Op.values()) {
      Samples s = run.ops.get(o);
      if (s.count() > 0) {
        System.out.printf(
            Locale.ROOT, row, "operation " + o.label, s.count(), ms(s, 50), ms(s, 99), ms(s, 100));
      }
    }
    System.out.println();
    Machine.print();
    System.out.println();
    System.out.println("reproduce (from the repository root):");
    System.out.println("  " + command());

    if (!run.failures.isEmpty()) {
      System.out.printf(
          Locale.ROOT, "%nFAILED: %,d operations failed; first ones:%n", run.failed.get());
      run.failures.stream().limit(5).forEach(f -> System.out.println("  " + f));
      return 1;
    }
    if (cloud != null) {
      long left = cloud.resources().stream().filter(r -> r.typeName().equals(TYPE)).count();
      if (left != 0) {
        System.out.printf(Locale.ROOT, "%nFAILED: %,d log groups left in the sim%n", left);
        return 1;
      }
    }
    boolean met = operationsPerSecond > options.barOps;
    System.out.printf(
        Locale.ROOT,
        "%nbar: over %,d operations/s: %s (%,.0f operations/s, %,.0f requests/s)%n",
        options.barOps,
        met ? "MET" : "MISSED",
        operationsPerSecond,
        requestsPerSecond);
    return met ? 0 : 3;
  }

  private static String ms(Samples s, double percentile) {
    return String.format(Locale.ROOT, "%.2f", s.percentile(percentile) / 1e6);
  }

  /** The API calls, one per plugin call. */
  private enum Call {
    CREATE("CreateResource"),
    STATUS("GetResourceRequestStatus"),
    READ("GetResource"),
    UPDATE("UpdateResource"),
    DELETE("DeleteResource");

    final String apiName;

    Call(String apiName) {
      this.apiName = apiName;
    }
  }

  /** The operations, from the first call to the status poll that saw them end. */
  private enum Op {
    CREATE("create"),
    READ("read"),
    UPDATE("update"),
    DELETE("delete");

    final String label;

    Op(String label) {
      this.label = label;
    }
  }

  /**
   * One batch of lifecycles, {@code concurrency} at a time: each finished lifecycle starts the next
   * until {@code total} have started.
   */
  private final class Run {
    final String prefix;
    final int total;
    final AtomicInteger next = new AtomicInteger();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong operations = new AtomicLong();
    final AtomicInteger lifecycles = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    // Filled in the constructor and only read afterwards, so safe to share between threads.
    final Map<Call, Samples> calls = new EnumMap<>(Call.class);
    final Map<Op, Samples> ops = new EnumMap<>(Op.class);
    final CountDownLatch done;
    final String runId = UUID.randomUUID().toString().substring(0, 8);
    long elapsedNanos;
    long cpuNanos;
    double loadBefore;
    double loadAfter;

    Run(String prefix, int total) {
      this.prefix = prefix;
      this.total = total;
      this.done = new CountDownLatch(total);
      for (Call c : Call.values()) {
        calls.put(c, new Samples(total * 2));
      }
      for (Op o : Op.values()) {
        ops.put(o, new Samples(total));
      }
    }

    /** Runs every lifecycle; false when some failed or the run timed out. */
    boolean execute() throws InterruptedException {
      loadBefore = OS.getSystemLoadAverage();
      long cpuStart = OS.getProcessCpuTime();
      long start = System.nanoTime();
      for (int lane = 0; lane < options.concurrency; lane++) {
        startNext();
      }
      boolean finished = done.await(options.timeoutSeconds, TimeUnit.SECONDS);
      elapsedNanos = System.nanoTime() - start;
      cpuNanos = OS.getProcessCpuTime() - cpuStart;
      loadAfter = OS.getSystemLoadAverage();
      if (!finished) {
        failures.add(
            "timed out after "
                + options.timeoutSeconds
                + " s with "
                + done.getCount()
                + " lifecycles unfinished");
        failed.incrementAndGet();
      }
      return failures.isEmpty();
    }

    private void startNext() {
      int i = next.getAndIncrement();
      if (i >= total) {
        return;
      }
      CompletableFuture<?> unused =
          lifecycle(i)
              .whenComplete(
                  (ok, e) -> {
                    if (e != null) {
                      fail("lifecycle " + i + " threw " + e);
                    }
                    lifecycles.incrementAndGet();
                    done.countDown();
                    startNext();
                  });
    }

    /** Create, read, (update,) delete; stops at the first failure, which it records. */
    private CompletableFuture<Boolean> lifecycle(int i) {
      String name = "/bench/" + runId + "/" + prefix + "-" + i;
      ObjectNode props =
          JsonNodeFactory.instance.objectNode().put("LogGroupName", name).put("RetentionInDays", 7);
      String clientToken = runId + "-c-" + i;
      long createStart = System.nanoTime();
      return mutation(
              Op.CREATE,
              createStart,
              timed(
                  Call.CREATE,
                  () ->
                      plugin.create(
                          new PluginRequests.Create(TYPE, name, props, target, clientToken))))
          .thenCompose(
              created -> {
                if (created == null) {
                  return CompletableFuture.completedFuture(false);
                }
                String id = created.nativeId();
                long readStart = System.nanoTime();
                return timed(
                        Call.READ, () -> plugin.read(new PluginRequests.Read(TYPE, id, target)))
                    .thenCompose(
                        read -> {
                          if (!ended(Op.READ, readStart, read)) {
                            return CompletableFuture.completedFuture(false);
                          }
                          return update(i, id)
                              .thenCompose(ok -> ok ? delete(i, id) : completed(false));
                        });
              });
    }

    private CompletableFuture<Boolean> update(int i, String id) {
      if (!options.update) {
        return completed(true);
      }
      var patch = JsonNodeFactory.instance.arrayNode();
      patch.addObject().put("op", "replace").put("path", "/RetentionInDays").put("value", 14);
      long start = System.nanoTime();
      return mutation(
              Op.UPDATE,
              start,
              timed(
                  Call.UPDATE,
                  () ->
                      plugin.update(
                          new PluginRequests.Update(
                              TYPE, id, null, null, patch, target, runId + "-u-" + i))))
          .thenApply(r -> r != null);
    }

    private CompletableFuture<Boolean> delete(int i, String id) {
      long start = System.nanoTime();
      return mutation(
              Op.DELETE,
              start,
              timed(
                  Call.DELETE,
                  () ->
                      plugin.delete(
                          new PluginRequests.Delete(TYPE, id, target, runId + "-d-" + i))))
          .thenApply(r -> r != null);
    }

    /** Polls a mutation to its end; its final result on success, null after recording a failure. */
    private CompletableFuture<ProgressResult> mutation(
        Op op, long start, CompletableFuture<ProgressResult> started) {
      return started.thenCompose(r -> poll(op, start, r, 0));
    }

    private CompletableFuture<ProgressResult> poll(Op op, long start, ProgressResult r, int polls) {
      if (r.isDone()) {
        return completed(ended(op, start, r) ? r : null);
      }
      if (polls >= options.maxPolls) {
        fail(op.label + " still in progress after " + polls + " polls: " + r);
        return completed(null);
      }
      String token = r.requestToken();
      return timed(Call.STATUS, () -> plugin.status(new PluginRequests.Status(TYPE, token, target)))
          .thenCompose(next -> poll(op, start, next, polls + 1));
    }

    /** Records an ended operation; whether it succeeded. */
    private boolean ended(Op op, long start, ProgressResult r) {
      if (r.status() != OperationStatus.SUCCESS) {
        fail(op.label + " failed: " + r.errorCode() + " " + r.message());
        return false;
      }
      ops.get(op).add(System.nanoTime() - start);
      operations.incrementAndGet();
      return true;
    }

    private <T> CompletableFuture<T> timed(Call call, Supplier<CompletionStage<T>> send) {
      long t0 = System.nanoTime();
      requests.incrementAndGet();
      return send.get()
          .toCompletableFuture()
          .whenComplete((r, e) -> calls.get(call).add(System.nanoTime() - t0));
    }

    private void fail(String what) {
      failed.incrementAndGet();
      if (failures.size() < 100) {
        failures.add(what);
      }
    }
  }

  private static <T> CompletableFuture<T> completed(T value) {
    return CompletableFuture.completedFuture(value);
  }

  /** Latency samples in nanoseconds; percentiles from the sorted array (nearest rank). */
  private static final class Samples {
    private long[] values;
    private int size;
    private boolean sorted;

    Samples(int capacity) {
      values = new long[Math.max(16, capacity)];
    }

    synchronized void add(long nanos) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = nanos;
      sorted = false;
    }

    synchronized int count() {
      return size;
    }

    synchronized long percentile(double p) {
      if (size == 0) {
        return 0;
      }
      if (!sorted) {
        Arrays.sort(values, 0, size);
        sorted = true;
      }
      int rank = (int) Math.ceil(p / 100.0 * size);
      return values[Math.min(size, Math.max(1, rank)) - 1];
    }
  }

  private String command() {
    StringBuilder b = new StringBuilder();
    b.append("--count ").append(options.count);
    b.append(" --concurrency ").append(options.concurrency);
    b.append(" --warmup ").append(options.warmup);
    if (options.update) {
      b.append(" --update");
    }
    if (options.endpoint != null) {
      b.append(" --endpoint ").append(options.endpoint);
    }
    return Machine.reproduce(SimThroughputBenchmark.class, b.toString());
  }

  /** Command-line options. */
  private static final class Options {
    static final String USAGE =
        "usage: SimThroughputBenchmark [--count N (10000)] [--concurrency C (8)]"
            + " [--warmup W (3000)] [--update] [--bar-ops OPS (2000)] [--max-polls P (1000)]"
            + " [--timeout-seconds S (600)] [--endpoint URL (an in-process sim server)]";

    int count = 10_000;
    // Two cores saturate at about 8 in flight; more only queues calls for CPU (loadtest/README.md).
    int concurrency = 8;
    int warmup = 3_000;
    boolean update;
    long barOps = 2_000;
    int maxPolls = 1_000;
    long timeoutSeconds = 600;
    URI endpoint;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("-h") || flag.equals("--help")) {
          throw new IllegalArgumentException(
              "Measures the sim server's throughput with the AWS plugin as its client.");
        }
        if (flag.equals("--update")) {
          o.update = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String v = args[++i];
        try {
          switch (flag) {
            case "--count" -> o.count = positive(flag, Integer.parseInt(v));
            case "--concurrency" -> o.concurrency = positive(flag, Integer.parseInt(v));
            case "--warmup" -> o.warmup = nonNegative(flag, Integer.parseInt(v));
            case "--bar-ops" -> o.barOps = positive(flag, Integer.parseInt(v));
            case "--max-polls" -> o.maxPolls = positive(flag, Integer.parseInt(v));
            case "--timeout-seconds" -> o.timeoutSeconds = positive(flag, Integer.parseInt(v));
            case "--endpoint" -> o.endpoint = URI.create(v);
            default -> throw new IllegalArgumentException("unknown option " + flag);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + " needs a number, got " + v, e);
        }
      }
      return o;
    }

    private static int positive(String flag, int v) {
      if (v <= 0) {
        throw new IllegalArgumentException(flag + " must be positive, got " + v);
      }
      return v;
    }

    private static int nonNegative(String flag, int v) {
      if (v < 0) {
        throw new IllegalArgumentException(flag + " must not be negative, got " + v);
      }
      return v;
    }
  }
}
