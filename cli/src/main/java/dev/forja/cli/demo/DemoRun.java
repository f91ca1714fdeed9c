package dev.forja.cli.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.ForjaEngine;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.cli.ExitCode;
import dev.forja.cli.client.progress.ProgressRenderer;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.plan.PlanReport;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One run of {@code forja demo}: its four steps, each printed as it happens, on an engine and a
 * simulated cloud of its own that live as long as the run. A step that does not do what it should
 * ends the run with {@link StepFailed}.
 */
final class DemoRun {
  /** The bundled forma, next to this class. */
  static final String FORMA = "demo-forma.json";

  /**
   * How often the engine polls a change in progress. The default (5 s) suits a real cloud; the
   * simulator's changes take tens to hundreds of milliseconds, and the demo should show that pace.
   */
  private static final String STATUS_CHECK_INTERVAL = "50ms";

  private final PrintWriter out;
  private final SimSettings cloudSettings;
  private final long started = System.nanoTime();

  DemoRun(PrintWriter out, long latencyMinMs, long latencyMaxMs) {
    this.out = out;
    this.cloudSettings =
        new SimSettings(Duration.ofMillis(latencyMinMs), Duration.ofMillis(latencyMaxMs), 0, 0);
  }

  /** A step of the demo did not do what it should; the message says which and why. */
  static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message);
    }

    StepFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Runs the demo; the home and the cloud are gone when it returns. */
  ExitCode run() {
    Path home = temporaryHome();
    SimCloud cloud = SimCloud.inMemory(cloudSettings);
    try (ForjaEngine engine = start(home, cloud)) {
      double startup = seconds(started);
      Forma forma = engine.read(formaText(), InputFormat.JSON);
      out.printf(
          Locale.ROOT,
          "Forja demo: %d resources in %d stacks (%s) on the in-process simulator, %d-%d ms per"
              + " change.%nEmbedded engine started in %.1f s on a fresh SQLite store: %s (deleted"
              + " at the end).%n",
          forma.resources().size(),
          forma.stacks().size(),
          forma.stacks().stream().map(s -> s.label()).collect(Collectors.joining(", ")),
          cloudSettings.latencyMin().toMillis(),
          cloudSettings.latencyMax().toMillis(),
          startup,
          home.resolve("data").resolve("forja.db"));

      FormaCommand applied = execute("1/4 Apply", engine, engine.apply(forma, PlanMode.RECONCILE));
      inventory(engine, forma);
      replan(engine, forma);
      FormaCommand destroyed =
          execute("4/4 Destroy", engine, engine.destroy(forma, OnDependents.ABORT));

      int managed = join(engine.inventory("managed:true"), "count the inventory").size();
      int inCloud = cloud.resourceCount();
      if (managed != 0 || inCloud != 0) {
        throw new StepFailed(
            "destroy left "
                + managed
                + " managed resources in the inventory and "
                + inCloud
                + " in the simulated cloud");
      }
      out.printf(
          Locale.ROOT,
          "%nDemo done in %.1f s: %d created, no changes on re-plan, %d destroyed, 0 resources"
              + " left.%n",
          seconds(started),
          count(applied, Operation.CREATE),
          count(destroyed, Operation.DELETE));
      out.flush();
      return ExitCode.SUCCESS;
    } finally {
      cloud.close();
      deleteRecursively(home);
    }
  }

  private ForjaEngine start(Path home, SimCloud cloud) {
    ClassLoader loader = DemoRun.class.getClassLoader();
    // Over the loaded config, so that a -D the user passes still counts, except for the store and
    // the home, which are the demo's own whatever FORJA_HOME or FORJA_STORE say.
    Map<String, Object> own = new HashMap<>();
    own.put("forja.home", home.toString());
    own.put("forja.store", "sqlite");
    own.put("forja.sqlite.path", "");
    own.put("forja.engine.status.check-interval", STATUS_CHECK_INTERVAL);
    Config config = ConfigFactory.parseMap(own).withFallback(ConfigFactory.load(loader));
    return ForjaEngine.builder()
        .config(config)
        .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
        .start();
  }

  /** Submits, shows the plan's counts, then the command's progress; the command once ended. */
  private FormaCommand execute(
      String step, ForjaEngine engine, CompletionStage<BridgeActor.SubmitReply> submit) {
    BridgeActor.SubmitReply reply = join(submit, step);
    if (!(reply instanceof BridgeActor.Accepted accepted)) {
      throw new StepFailed(step + " was not accepted: " + describe(reply));
    }
    Map<Operation, Integer> counts = PlanReport.counts(accepted.changeset());
    out.printf(
        Locale.ROOT,
        "%n%s: %s%n",
        step,
        counts.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(e -> e.getValue() + " to " + e.getKey())
            .collect(Collectors.joining(", ")));
    out.flush();
    DemoProgress progress = new DemoProgress(accepted.commandId(), renderer());
    ForjaEngine.Subscription subscription =
        engine.subscribe(accepted.commandId(), progress::onProgress);
    FormaCommand ended;
    try {
      ended = join(engine.awaitEnd(accepted.commandId()), step);
    } finally {
      subscription.close();
    }
    progress.finish(ended);
    if (ended.state() != CommandState.SUCCESS) {
      throw new StepFailed(
          step + " ended " + ended.state() + ": " + failures(ended.updates()) + " failed");
    }
    return ended;
  }

  /** Live on a terminal, plain lines otherwise (a pipe, a CI log, a test's writer). */
  private ProgressRenderer renderer() {
    if (!onTerminal()) {
      return ProgressRenderer.plain(out);
    }
    int columns;
    try {
      columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "").strip());
    } catch (NumberFormatException e) {
      columns = 80;
    }
    return ProgressRenderer.live(out, columns);
  }

  /**
   * Whether stdout is a terminal. Before Java 22 a console exists only then; from 22 on it always
   * does, and {@code isTerminal()} tells.
   */
  @SuppressWarnings("SystemConsoleNull") // Java 22+ is handled by isTerminal()
  private static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  private void inventory(ForjaEngine engine, Forma forma) {
    List<InventoryResource> resources =
        join(engine.inventory("managed:true"), "read the inventory");
    Map<ResourceKey, Integer> order = new HashMap<>();
    List<Resource> declared = forma.resources();
    for (int i = 0; i < declared.size(); i++) {
      order.put(declared.get(i).key(), i);
    }
    List<InventoryResource> sorted =
        resources.stream()
            .sorted(
                Comparator.comparing(
                    (InventoryResource r) -> order.getOrDefault(r.key(), Integer.MAX_VALUE)))
            .toList();
    out.printf(Locale.ROOT, "%n2/4 Inventory: %d managed resources%n", resources.size());
    List<String[]> rows =
        sorted.stream()
            .map(
                r ->
                    new String[] {
                      r.stack(), r.label(), r.type(), r.nativeId() == null ? "" : r.nativeId()
                    })
            .toList();
    printTable(new String[] {"STACK", "LABEL", "TYPE", "NATIVE ID"}, rows);
    if (resources.size() != declared.size()) {
      throw new StepFailed(
          "the inventory holds "
              + resources.size()
              + " managed resources after the apply, not "
              + declared.size());
    }
  }

  private void replan(ForjaEngine engine, Forma forma) {
    BridgeActor.SubmitReply reply =
        join(
            engine.simulate(
                new BridgeActor.SubmitRequest(
                    CommandKind.APPLY, PlanMode.RECONCILE, OnDependents.ABORT, true, forma)),
            "re-plan");
    out.printf(Locale.ROOT, "%n3/4 Re-plan (simulate the same apply): ");
    boolean none =
        reply instanceof BridgeActor.NoChanges
            || (reply instanceof BridgeActor.Simulated s && s.changeset().isEmpty());
    if (!none) {
      out.println("changes found");
      if (reply instanceof BridgeActor.Simulated s) {
        out.print(PlanReport.toTable(s.changeset()));
      }
      out.flush();
      throw new StepFailed("the re-plan after the apply is not empty: " + describe(reply));
    }
    out.println("no changes, the inventory matches the forma.");
    out.flush();
  }

  private void printTable(String[] header, List<String[]> rows) {
    int[] widths = new int[header.length];
    for (String[] row : Stream.concat(Stream.<String[]>of(header), rows.stream()).toList()) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : Stream.concat(Stream.<String[]>of(header), rows.stream()).toList()) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        line.append(i < row.length - 1 ? pad(row[i], widths[i] + 2) : row[i]);
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String failures(List<ResourceUpdate> updates) {
    List<String> failed =
        updates.stream()
            .filter(u -> u.state().isFinal() && u.state() != UpdateState.SUCCESS)
            .map(
                u ->
                    u.key()
                        + " ("
                        + u.state()
                        + (u.errorCode() == null ? "" : " " + u.errorCode())
                        + (u.message() == null ? "" : ": " + u.message())
                        + ")")
            .toList();
    return failed.isEmpty() ? "nothing" : String.join("; ", failed);
  }

  private static String describe(BridgeActor.SubmitReply reply) {
    if (reply instanceof BridgeActor.Accepted a) {
      return "accepted as " + a.commandId();
    } else if (reply instanceof BridgeActor.Simulated s) {
      return PlanReport.toTable(s.changeset()).strip();
    } else if (reply instanceof BridgeActor.Invalid i) {
      return "invalid: " + String.join("; ", i.problems());
    } else if (reply instanceof BridgeActor.Conflict c) {
      return "conflicts with command " + c.commandId() + " on " + c.resources();
    } else if (reply instanceof BridgeActor.Unavailable u) {
      return "the engine is unavailable: " + u.reason();
    }
    return "no changes";
  }

  private static long count(FormaCommand command, Operation op) {
    return command.updates().stream().filter(u -> u.operation() == op).count();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static <T> T join(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StepFailed("cannot " + what.toLowerCase(Locale.ROOT) + ": " + cause, cause);
    }
  }

  private static String formaText() {
    try (InputStream in = DemoRun.class.getResourceAsStream(FORMA)) {
      if (in == null) {
        throw new IllegalStateException("the bundled " + FORMA + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + FORMA, e);
    }
  }

  private static Path temporaryHome() {
    try {
      return Files.createTempDirectory("forja-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's temporary home", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the demo's home " + dir, e);
    }
  }
}
