package dev.forja.loadtest.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.loadtest.Machine;
import dev.forja.loadtest.journal.Load.Result;
import dev.forja.loadtest.store.ScratchStore;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.Databases;
import dev.forja.persistence.db.StoreSettings;
import dev.forja.persistence.journal.JournalConfigs;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Measures the journal of a store kind under many concurrent persistent actors, the load that made
 * SQLite report "database is locked" before (lesson L7). It starts an actor system on a fresh store
 * (a SQLite file in a temporary folder, or a new PostgreSQL database), spawns N event-sourced
 * actors that each persist one event after another (persist, and on its confirmation persist the
 * next), warms up, then counts the persists confirmed during the measured seconds.
 *
 * <pre>
 * java -cp "loadtest/target/forja-loadtest-0.1.0-SNAPSHOT.jar:loadtest/target/lib/*" \
 *     dev.forja.loadtest.journal.JournalBenchmark --store sqlite --actors 200 --seconds 10
 * </pre>
 *
 * <p>Prints events/s, the p50, p99 and max persist latency, and the failures: how many persists
 * failed or were rejected, and how many of those mention "database is locked". At the end it checks
 * that the journal holds exactly the confirmed events. Exits 1 when any persist failed or the
 * journal does not hold the confirmed events, 2 on bad arguments, 3 when {@code --bar} is set and
 * events/s stayed below it.
 */
public final class JournalBenchmark {
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

  private JournalBenchmark() {}

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
    Run run = run(options, System.out);
    System.out.println();
    Machine.print();
    System.out.println();
    System.out.println("reproduce (from the repository root):");
    System.out.println("  " + Machine.reproduce(JournalBenchmark.class, options.command()));
    if (!run.consistent()) {
      System.exit(1);
    }
    Result result = run.load();
    if (options.bar > 0) {
      boolean met = result.eventsPerSecond() >= options.bar;
      System.out.printf(
          Locale.ROOT,
          "%nbar: %,.0f events/s (at least %,d): %s%n",
          result.eventsPerSecond(),
          options.bar,
          met ? "MET" : "MISSED");
      System.exit(met ? 0 : 3);
    }
    System.exit(0);
  }

  /**
   * What a run measured, and the events its journal holds at the end.
   *
   * @param load what the writers measured
   * @param journalRows the rows of the journal table once every writer has stopped
   */
  record Run(Result load, long journalRows) {
    /** No persist failed, and the journal holds exactly the events that were confirmed. */
    boolean consistent() {
      return load.failures() == 0 && journalRows == load.allEvents();
    }
  }

  /** One run with {@code options}, reported on {@code out}; the store is gone afterwards. */
  static Run run(Options options, PrintStream out)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    try (ScratchStore store =
        options.store == StoreSettings.Kind.POSTGRESQL
            ? ScratchStore.postgresql(options.pgUrl)
            : ScratchStore.sqlite()) {
      Config base =
          store
              .config()
              .withFallback(
                  ConfigFactory.parseString(
                      String.join(
                          "\n",
                          "pekko.loglevel = WARNING",
                          "pekko.stdout-loglevel = WARNING",
                          "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
                          "pekko.logging-filter ="
                              + " \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"")))
              .withFallback(ConfigFactory.parseResources("forja-actors.conf"))
              .withFallback(ConfigFactory.load())
              .resolve();
      StoreSettings settings = StoreSettings.fromConfig(base);
      Config config = JournalConfigs.forStore(settings).withFallback(base).resolve();
      String filler = "x".repeat(options.payloadBytes);
      Load load = new Load();
      CompletableFuture<Void> stopped = new CompletableFuture<>();

      out.printf(
          Locale.ROOT,
          "Forja journal benchmark: %d persistent actors, each persisting %d-byte events one after"
              + " another; %d s warm-up, %d s measured%n",
          options.actors,
          options.payloadBytes,
          options.warmupSeconds,
          options.seconds);
      out.printf(
          Locale.ROOT,
          "store: %s; journal: %s%n",
          store.describe(),
          config.getString("pekko.persistence.journal.plugin"));
      double loadBefore = OS.getSystemLoadAverage();

      // The database opens (and migrates) before the actor system, as ForjaEngine does: the
      // PostgreSQL plugin expects its tables to exist.
      long journalRows;
      try (Database database = Databases.acquire(settings)) {
        ActorSystem<Void> system =
            ActorSystem.create(
                WriterPool.create(options.actors, load, filler, stopped), "journal-bench", config);
        try {
          TimeUnit.SECONDS.sleep(options.warmupSeconds);
          load.startMeasuring();
          TimeUnit.SECONDS.sleep(options.seconds);
          load.drain();
          stopped.get(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS);
        } finally {
          system.terminate();
          system.getWhenTerminated().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
        journalRows = database.read(JournalBenchmark::countJournalRows);
      }

      Result result = load.result();
      out.println();
      out.printf(
          Locale.ROOT,
          "events/s: %,.0f (%,d events confirmed in %.1f s)%n",
          result.eventsPerSecond(),
          result.events(),
          result.seconds());
      out.printf(
          Locale.ROOT,
          "persist latency ms: p50 %.2f, p99 %.2f, max %.2f%n",
          result.p50Millis(),
          result.p99Millis(),
          result.maxMillis());
      out.printf(
          Locale.ROOT,
          "failures: %d (\"database is locked\": %d)%n",
          result.failures(),
          result.lockedFailures());
      result.firstFailures().forEach(f -> out.println("  failure: " + f));
      out.printf(
          Locale.ROOT,
          "journal rows: %,d for %,d confirmed persists (warm-up and drain included): %s%n",
          journalRows,
          result.allEvents(),
          journalRows == result.allEvents() ? "consistent" : "MISMATCH");
      out.printf(
          Locale.ROOT,
          "load average: %.1f before the run, %.1f after (%d cores): compare figures only at"
              + " similar load%n",
          loadBefore,
          OS.getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      return new Run(result, journalRows);
    }
  }

  /** Both dialects' journal schemas name the table {@code event_journal}. */
  private static long countJournalRows(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM event_journal")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Command-line options. */
  static final class Options {
    static final String USAGE =
        "usage: JournalBenchmark [--store sqlite|postgresql (sqlite)] [--actors N (200)]"
            + " [--seconds S (10)] [--warmup-seconds W (3)] [--payload-bytes B (200)]"
            + " [--pg-url JDBC_URL ("
            + ScratchStore.DEFAULT_PG_SERVER
            + ")] [--bar EVENTS_PER_S]";

    StoreSettings.Kind store = StoreSettings.Kind.SQLITE;
    int actors = 200;
    int seconds = 10;
    int warmupSeconds = 3;
    int payloadBytes = 200;
    String pgUrl = ScratchStore.DEFAULT_PG_SERVER;
    int bar;

    static Options parse(String... args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("-h") || flag.equals("--help")) {
          throw new IllegalArgumentException(
              "Measures persisted events/s with many concurrent persistent actors on a store.");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String v = args[++i];
        try {
          switch (flag) {
            case "--store" -> o.store = store(v);
            case "--actors" -> o.actors = atLeast(flag, Integer.parseInt(v), 1);
            case "--seconds" -> o.seconds = atLeast(flag, Integer.parseInt(v), 1);
            case "--warmup-seconds" -> o.warmupSeconds = atLeast(flag, Integer.parseInt(v), 0);
            case "--payload-bytes" -> o.payloadBytes = atLeast(flag, Integer.parseInt(v), 0);
            case "--pg-url" -> o.pgUrl = pgUrl(v);
            case "--bar" -> o.bar = atLeast(flag, Integer.parseInt(v), 0);
            default -> throw new IllegalArgumentException("unknown option " + flag);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + " needs a number, got '" + v + "'", e);
        }
      }
      return o;
    }

    String command() {
      StringBuilder b = new StringBuilder();
      b.append("--store ").append(store.name().toLowerCase(Locale.ROOT));
      b.append(" --actors ").append(actors);
      b.append(" --seconds ").append(seconds);
      b.append(" --warmup-seconds ").append(warmupSeconds);
      b.append(" --payload-bytes ").append(payloadBytes);
      if (store == StoreSettings.Kind.POSTGRESQL && !pgUrl.equals(ScratchStore.DEFAULT_PG_SERVER)) {
        b.append(" --pg-url '").append(pgUrl).append('\'');
      }
      if (bar > 0) {
        b.append(" --bar ").append(bar);
      }
      return b.toString();
    }

    private static StoreSettings.Kind store(String v) {
      return switch (v.trim().toLowerCase(Locale.ROOT)) {
        case "sqlite" -> StoreSettings.Kind.SQLITE;
        case "postgresql", "postgres", "pg" -> StoreSettings.Kind.POSTGRESQL;
        default ->
            throw new IllegalArgumentException("--store must be sqlite or postgresql, got " + v);
      };
    }

    private static String pgUrl(String v) {
      if (!v.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("--pg-url needs a jdbc:postgresql: URL, got " + v);
      }
      return v;
    }

    private static int atLeast(String flag, int v, int min) {
      if (v < min) {
        throw new IllegalArgumentException(flag + " must be at least " + min + ", got " + v);
      }
      return v;
    }
  }
}
