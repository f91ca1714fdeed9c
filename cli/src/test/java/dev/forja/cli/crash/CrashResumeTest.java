package dev.forja.cli.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigUtil;
import dev.forja.actors.testing.GeneratedForma;
import dev.forja.persistence.testing.PostgresFixture;
import dev.forja.plugin.catalog.AwsCatalog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resume after a real crash (issue 5, lessons L1, L2, L6): the engine runs in its own JVM on a
 * durable store and applies a 300-resource forma through the AWS plugin to the simulator server
 * (another JVM, with latency), is killed with SIGKILL at a seeded point, and is started again on
 * the same store. Then the command ends in Success; every update final before the crash has the
 * same final state after it and was not run again; the simulator holds exactly one resource per
 * created update (no duplicate creates); the inventory equals the simulator's resources; and every
 * row of the command read model has its command's journal.
 *
 * <p>One seed per store by default, random and printed; {@code -Dforja.crash.seed=S} replays one,
 * {@code -Dforja.crash.runs=N} runs N seeds (S, S+1, ... when S is given). The PostgreSQL runs skip
 * without a reachable server, unless {@code CI=true}.
 */
class CrashResumeTest {
  private static final int RESOURCES = 300;
  private static final int MIN_KILL_AFTER = 20;
  private static final int MAX_KILL_AFTER = 250;
  // Fast enough for a short test, slow enough that a 300-resource apply takes several seconds.
  private static final String SIM_LATENCY_MS = "20-120";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration LINE_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
  private static final String JOURNAL_PREFIX = "FormaCommand|";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The seeds of this run: see the class comment. */
  static Stream<Long> seeds() {
    int runs = Integer.getInteger("forja.crash.runs", 1);
    String given = System.getProperty("forja.crash.seed", "").strip();
    long first = given.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(given);
    if (given.isEmpty()) {
      return Stream.concat(
          Stream.of(first),
          Stream.generate(() -> ThreadLocalRandom.current().nextLong()).limit(runs - 1L));
    }
    return LongStream.range(0, runs).mapToObj(i -> first + i);
  }

  @ParameterizedTest(name = "SQLite, seed {0}")
  @MethodSource("seeds")
  void sqliteCommandResumesAfterKill9(long seed, @TempDir Path dir) throws Exception {
    crashAndResume(seed, CrashStore.sqlite(dir.resolve("forja.db")), dir);
  }

  @ParameterizedTest(name = "PostgreSQL, seed {0}")
  @MethodSource("seeds")
  void postgresqlCommandResumesAfterKill9(long seed, @TempDir Path dir) throws Exception {
    try (PostgresFixture pg = new PostgresFixture().start()) {
      crashAndResume(seed, CrashStore.postgresql(pg), dir);
    }
  }

  private static void crashAndResume(long seed, CrashStore store, Path dir) throws Exception {
    int killAfter = MIN_KILL_AFTER + new Random(seed).nextInt(MAX_KILL_AFTER - MIN_KILL_AFTER + 1);
    String run = store.name() + ", seed " + seed;
    System.out.printf(
        "crash test on %s: kill -9 after %d final updates (replay: -Dforja.crash.seed=%d)%n",
        run, killAfter, seed);
    long start = System.nanoTime();
    try (SimProcess sim =
        SimProcess.start(dir, dir.resolve("sim-state.json"), SIM_LATENCY_MS, START_TIMEOUT)) {
      Path forma = dir.resolve("forma.json");
      Files.writeString(forma, awsForma(seed, sim.endpoint()), StandardCharsets.UTF_8);
      Path conf = engineConfig(dir, store);
      Path logback = logbackConfig(dir);

      // 1. Apply; SIGKILL once the engine has reported killAfter updates final.
      Map<String, String> beforeCrash = new LinkedHashMap<>();
      String commandId;
      try (ChildJvm engine = engine(dir, "engine-1", conf, logback, "run", forma)) {
        String first = protocolLine(engine, START_TIMEOUT, run);
        assertThat(first).as("%s: first line of engine-1", run).startsWith("APPLIED ");
        commandId = first.substring("APPLIED ".length());
        progress(run, start, "engine-1 applied command " + commandId);
        while (beforeCrash.size() < killAfter) {
          String line = protocolLine(engine, LINE_TIMEOUT, run);
          if (line.startsWith("END ")) {
            throw new AssertionError(
                run
                    + ": the command ended before the kill point: "
                    + line
                    + "; stderr:\n"
                    + engine.stderrTail());
          }
          recordFinal(line, beforeCrash);
        }
        int exit = engine.kill9(EXIT_TIMEOUT);
        assertThat(exit)
            .as("%s: exit code of engine-1 after SIGKILL", run)
            .isEqualTo(ChildJvm.SIGKILL_EXIT);
        // Lines still in the pipe were printed before the kill, so they count as seen.
        engine.rest(EXIT_TIMEOUT).forEach(l -> recordFinal(l, beforeCrash));
      }
      long killed = System.nanoTime();
      progress(run, start, "engine-1 killed; " + beforeCrash.size() + " final updates seen");
      List<String> problems = new ArrayList<>();
      checkReadModelHasJournal("after the kill", store, problems);

      // 2. Restart on the same store; the engine resumes the command, the child follows it to
      // its end, then reports what the store holds.
      Map<String, String> afterRestart = new LinkedHashMap<>();
      String end;
      Report report;
      try (ChildJvm engine = engine(dir, "engine-2", conf, logback, "run", forma)) {
        String first = protocolLine(engine, START_TIMEOUT, run);
        assertThat(first)
            .as("%s: engine-2 must follow the command it resumed, not apply again", run)
            .startsWith("RESUMING " + commandId + " ");
        progress(run, start, "engine-2 " + first);
        String line = protocolLine(engine, LINE_TIMEOUT, run);
        while (!line.startsWith("END ")) {
          recordFinal(line, afterRestart);
          line = protocolLine(engine, LINE_TIMEOUT, run);
        }
        end = line;
        progress(run, start, "engine-2 " + end);
        List<String> reported = new ArrayList<>();
        for (line = protocolLine(engine, LINE_TIMEOUT, run);
            !line.equals("DONE");
            line = protocolLine(engine, LINE_TIMEOUT, run)) {
          // A subscriber may still be delivering FINAL lines after END.
          if (line.startsWith("FINAL ")) {
            recordFinal(line, afterRestart);
          } else {
            reported.add(line);
          }
        }
        report = Report.parse(reported);
        assertThat(engine.awaitExit(EXIT_TIMEOUT)).as("%s: exit code of engine-2", run).isZero();
      }
      long ended = System.nanoTime();

      // 3. What the store holds against what the cloud holds.
      checkCommand(commandId, end, report, problems);
      checkFinalStatesKept(beforeCrash, afterRestart, report, problems);
      checkCloud(report, sim.resources(), sim.oplog(), problems);
      checkReadModelHasJournal("at the end", store, problems);

      String timing =
          String.format(
              "%d final updates seen before the kill, %d after the restart; apply to kill %.1f s,"
                  + " restart to end %.1f s, whole run %.1f s",
              beforeCrash.size(),
              afterRestart.size(),
              (killed - start) / 1e9,
              (ended - killed) / 1e9,
              (System.nanoTime() - start) / 1e9);
      if (!problems.isEmpty()) {
        throw new AssertionError(
            "crash test on "
                + run
                + " (kill after "
                + killAfter
                + "): "
                + problems.size()
                + " problem(s):\n  "
                + String.join("\n  ", problems)
                + "\n"
                + timing
                + "\nengine-1 stderr ends:\n"
                + tail(dir.resolve("engine-1.stderr"))
                + "\nengine-2 stderr ends:\n"
                + tail(dir.resolve("engine-2.stderr")));
      }
      System.out.printf("crash test on %s: passed; %s%n", run, timing);
    }
  }

  // ---- the checks ----

  /** The command ended in Success, and the store holds it alone, with every update Success. */
  private static void checkCommand(
      String commandId, String end, Report report, List<String> problems) {
    if (!end.equals("END " + commandId + " Success")) {
      problems.add("the resumed command ended as '" + end + "', expected Success");
    }
    if (report.commands().size() != 1 || !report.commands().containsKey(commandId)) {
      problems.add(
          "the store holds commands " + report.commands() + ", expected only " + commandId);
    }
    String stored = report.commands().get(commandId);
    if (stored != null && !stored.startsWith("Success ")) {
      problems.add("the store holds the command as " + stored + ", expected Success");
    }
    List<Update> updates = report.updatesOf(commandId);
    if (updates.size() != RESOURCES) {
      problems.add("the command has " + updates.size() + " updates, expected " + RESOURCES);
    }
    updates.stream()
        .filter(u -> !u.state().equals("Success"))
        .limit(10)
        .forEach(u -> problems.add("update " + u + " did not succeed"));
  }

  /** L1: a final state seen before the crash is the same after it, and was not reached again. */
  private static void checkFinalStatesKept(
      Map<String, String> beforeCrash,
      Map<String, String> afterRestart,
      Report report,
      List<String> problems) {
    Map<String, String> stored = new HashMap<>();
    report.updates().forEach(u -> stored.put(u.key(), u.state()));
    beforeCrash.forEach(
        (key, state) -> {
          String now = stored.get(key);
          if (!state.equals(now)) {
            problems.add(
                "update " + key + " was " + state + " before the crash, " + now + " after it (L1)");
          }
          String again = afterRestart.get(key);
          if (again != null) {
            problems.add(
                "update "
                    + key
                    + " was final ("
                    + state
                    + ") before the crash, yet the resumed engine reported it final again ("
                    + again
                    + "): it ran again (L1)");
          }
        });
  }

  /**
   * No duplicate creates: each created update made exactly one resource, the one whose id it holds,
   * and the cloud holds nothing else; the inventory is the cloud's resources.
   */
  private static void checkCloud(
      Report report,
      List<SimProcess.Resource> cloud,
      List<SimProcess.Operation> oplog,
      List<String> problems) {
    if (cloud.size() != RESOURCES) {
      problems.add("the sim holds " + cloud.size() + " resources, expected " + RESOURCES);
    }
    // Client tokens are <command>-<ksuid>-create-<attempt>: group the creates by resource.
    Map<String, Set<String>> createdIds = new HashMap<>();
    Map<String, Set<String>> tokens = new HashMap<>();
    for (SimProcess.Operation o : oplog) {
      if (!o.op().equals("Create")) {
        continue;
      }
      String[] parts = o.clientToken() == null ? new String[0] : o.clientToken().split("-", -1);
      if (parts.length != 4 || !parts[2].equals("create")) {
        problems.add("a create with an unexpected client token: " + o);
        continue;
      }
      tokens.computeIfAbsent(parts[1], k -> new TreeSet<>()).add(o.clientToken());
      if (o.identifier() != null) {
        createdIds.computeIfAbsent(parts[1], k -> new TreeSet<>()).add(o.identifier());
      }
    }
    createdIds.forEach(
        (ksuid, ids) -> {
          if (ids.size() != 1) {
            problems.add(
                "resource "
                    + ksuid
                    + " was created "
                    + ids.size()
                    + " times: "
                    + ids
                    + " with tokens "
                    + tokens.get(ksuid));
          }
        });
    Set<SimProcess.Resource> held = new HashSet<>(cloud);
    for (Update u : report.updates()) {
      Set<String> ids = createdIds.getOrDefault(u.ksuid(), Set.of());
      if (u.operation().equals("create") && !ids.equals(Set.of(String.valueOf(u.nativeId())))) {
        problems.add(
            "update " + u + " holds native id " + u.nativeId() + ", the sim created " + ids);
      }
      if (!held.contains(new SimProcess.Resource(u.type(), u.nativeId()))) {
        problems.add("update " + u + ": the sim holds no " + u.type() + " " + u.nativeId());
      }
    }
    Set<SimProcess.Resource> inventory = new HashSet<>();
    long managed = 0;
    for (Inventory r : report.inventory()) {
      inventory.add(new SimProcess.Resource(r.type(), r.nativeId()));
      managed += r.managed() ? 1 : 0;
    }
    if (managed != RESOURCES || report.inventory().size() != RESOURCES) {
      problems.add(
          "the inventory holds "
              + report.inventory().size()
              + " resources, "
              + managed
              + " managed; expected "
              + RESOURCES
              + " managed");
    }
    if (!inventory.equals(held)) {
      Set<SimProcess.Resource> onlyInventory = new TreeSet<>(Report.RESOURCE_ORDER);
      onlyInventory.addAll(inventory);
      onlyInventory.removeAll(held);
      Set<SimProcess.Resource> onlySim = new TreeSet<>(Report.RESOURCE_ORDER);
      onlySim.addAll(held);
      onlySim.removeAll(inventory);
      problems.add(
          "the inventory and the sim differ: only in the inventory "
              + first(onlyInventory)
              + ", only in the sim "
              + first(onlySim));
    }
    long resent = tokens.values().stream().filter(t -> t.size() > 1).count();
    System.out.printf(
        "  the sim received %d creates for %d resources (a resumed create repeats its client"
            + " token); %d resource(s) needed a second attempt%n",
        oplog.stream().filter(o -> o.op().equals("Create")).count(), tokens.size(), resent);
  }

  /** L6: every row of the command read model has its command's journal (events or snapshot). */
  private static void checkReadModelHasJournal(
      String when, CrashStore store, List<String> problems) {
    try (Connection c = store.connect()) {
      List<String> journals = ReadModelCheck.journalTables(c);
      if (journals.isEmpty()) {
        problems.add(
            when + ": no journal table (a table with a persistence_id column) in the store");
        return;
      }
      if (ReadModelCheck.commandIds(c).isEmpty()) {
        problems.add(when + ": the commands read model is empty");
      }
      List<String> orphans = ReadModelCheck.withoutJournal(c, journals, JOURNAL_PREFIX);
      if (!orphans.isEmpty()) {
        problems.add(
            when
                + ": read-model rows without a journal in "
                + journals
                + " (L6): "
                + first(orphans));
      }
    } catch (SQLException e) {
      problems.add(when + ": cannot read the store's tables: " + e);
    }
  }

  // ---- the children ----

  private static ChildJvm engine(
      Path dir, String name, Path conf, Path logback, String mode, Path forma) {
    List<String> args = new ArrayList<>(List.of(mode, conf.toString()));
    if (forma != null) {
      args.add(forma.toString());
    }
    return ChildJvm.start(
        name,
        dir,
        List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            // The AWS plugin takes the SDK's default credential chain; the sim accepts any.
            "-Daws.accessKeyId=sim",
            "-Daws.secretAccessKey=sim",
            "-Dlogback.configurationFile=" + logback),
        CrashEngineMain.class.getName(),
        args);
  }

  /**
   * The next line of the engine's protocol (lines in any other shape, such as a library writing to
   * stdout, are skipped); fails if the engine exits first.
   */
  private static String protocolLine(ChildJvm engine, Duration timeout, String run) {
    while (true) {
      Optional<String> line = engine.next(timeout);
      if (line.isEmpty()) {
        throw new AssertionError(
            run + ": " + engine.name() + " exited early; its stderr ends:\n" + engine.stderrTail());
      }
      String l = line.get();
      if (l.matches("(APPLIED|RESUMING|REFUSED|FINAL|END|COMMAND|UPDATE|INVENTORY|DONE)\\b.*")) {
        return l;
      }
    }
  }

  /** Records a {@code FINAL <ksuid> <stack>/<label> <operation> <state>} line, if it is one. */
  private static void recordFinal(String line, Map<String, String> finals) {
    String[] p = line.split(" ", -1);
    if (p.length == 5 && p[0].equals("FINAL")) {
      finals.put(p[1] + " " + p[2] + " " + p[3], p[4]);
    }
  }

  // ---- inputs ----

  /**
   * The generated forma of {@code seed}, its one target moved to the AWS plugin pointed at the sim.
   * Every type it uses must be in the AWS catalogue, or the test would not be about crashes.
   */
  private static String awsForma(long seed, URI endpoint) throws IOException {
    ObjectNode forma = (ObjectNode) JSON.readTree(GeneratedForma.json(RESOURCES, seed));
    Set<String> types = new TreeSet<>();
    forma.get("Resources").forEach(r -> types.add(r.get("Type").asText()));
    assertThat(types)
        .as("types of the generated forma the AWS plugin's catalogue must serve")
        .allMatch(t -> AwsCatalog.find(t).isPresent());
    ObjectNode target = (ObjectNode) forma.get("Targets").get(0);
    target.put("Namespace", "AWS");
    target.set(
        "Config",
        JSON.createObjectNode()
            .put("Region", "us-east-1")
            .put("Endpoint", endpoint.toString())
            // The plugin's default (2/s, AWS's quota) would make this a 10-minute test.
            .put("RateLimit", 1_000));
    JsonNode resources = forma.get("Resources");
    assertThat(resources).as("resources of the generated forma").hasSize(RESOURCES);
    return JSON.writeValueAsString(forma);
  }

  private static Path engineConfig(Path dir, CrashStore store) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    String conf =
        String.join(
            "\n",
            "forja.home = " + ConfigUtil.quoteString(home.toString()),
            store.config(),
            // The sim ends a mutation within 120 ms: poll often, and let the limiter keep up.
            "forja.engine.status.check-interval = 100ms",
            "forja.engine.rate-limit.overrides { AWS = 1000 }",
            // Pekko's own log lines to SLF4J (stderr), never to stdout, which is the protocol.
            "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
            "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
            "pekko.stdout-loglevel = OFF",
            "");
    return Files.writeString(dir.resolve("engine.conf"), conf, StandardCharsets.UTF_8);
  }

  private static Path logbackConfig(Path dir) throws IOException {
    String xml =
        """
        <configuration>
          <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <logger name="dev.forja" level="INFO"/>
          <root level="WARN"><appender-ref ref="STDERR"/></root>
        </configuration>
        """;
    return Files.writeString(dir.resolve("logback.xml"), xml, StandardCharsets.UTF_8);
  }

  private static void progress(String run, long start, String what) {
    System.out.printf("  %s, %5.1f s: %s%n", run, (System.nanoTime() - start) / 1e9, what);
  }

  private static String tail(Path file) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static String first(Collection<?> items) {
    List<?> list = new ArrayList<>(items);
    return list.size() <= 10
        ? list.toString()
        : list.subList(0, 10) + " and " + (list.size() - 10) + " more";
  }

  // ---- what the report child printed ----

  /**
   * One update of a stored command.
   *
   * @param command its command
   * @param ksuid its resource
   * @param name stack/label
   * @param type the resource type
   * @param operation create, update, ...
   * @param state its state
   * @param nativeId the cloud's id, "null" if none
   */
  record Update(
      String command,
      String ksuid,
      String name,
      String type,
      String operation,
      String state,
      String nativeId) {
    /** The key of FINAL lines: ksuid, stack/label, operation. */
    String key() {
      return ksuid + " " + name + " " + operation;
    }

    @Override
    public String toString() {
      return name + " (" + ksuid + ", " + operation + ", " + state + ")";
    }
  }

  /**
   * One inventory row.
   *
   * @param ksuid the resource
   * @param name stack/label
   * @param type the resource type
   * @param nativeId the cloud's id
   * @param managed whether a forma manages it
   */
  record Inventory(String ksuid, String name, String type, String nativeId, boolean managed) {}

  /**
   * The report child's lines.
   *
   * @param commands "state updates" by command id
   * @param updates every update of every command
   * @param inventory every inventory row
   */
  record Report(Map<String, String> commands, List<Update> updates, List<Inventory> inventory) {
    static final Comparator<SimProcess.Resource> RESOURCE_ORDER =
        Comparator.comparing(SimProcess.Resource::typeName)
            .thenComparing(r -> String.valueOf(r.identifier()));

    static Report parse(List<String> lines) {
      Map<String, String> commands = new LinkedHashMap<>();
      List<Update> updates = new ArrayList<>();
      List<Inventory> inventory = new ArrayList<>();
      for (String line : lines) {
        String[] p = line.split(" ", -1);
        switch (p[0]) {
          case "COMMAND" -> commands.put(p[1], p[3] + " " + p[4]);
          case "UPDATE" -> updates.add(new Update(p[1], p[2], p[3], p[4], p[5], p[6], p[7]));
          case "INVENTORY" ->
              inventory.add(new Inventory(p[1], p[2], p[3], p[4], Boolean.parseBoolean(p[5])));
          default -> throw new AssertionError("unexpected report line: " + line);
        }
      }
      return new Report(commands, updates, inventory);
    }

    List<Update> updatesOf(String commandId) {
      return updates.stream().filter(u -> u.command().equals(commandId)).toList();
    }
  }
}
