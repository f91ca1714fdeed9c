package dev.forja.cli.crash;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.ForjaEngine;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.model.InventoryResource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The engine side of {@link CrashResumeTest}: {@code ForjaEngine} in its own JVM, so that the test
 * can {@code kill -9} it. Arguments: a mode and an engine config file (HOCON: {@code forja.home},
 * {@code forja.store}, {@code forja.sqlite.*}, {@code forja.postgres.*}, engine tuning), then the
 * forma file for mode {@code run}.
 *
 * <ul>
 *   <li>{@code run}: applies the forma if the store holds no command yet ({@code APPLIED <id>}),
 *       else follows the most recent one, which the engine resumed at start ({@code RESUMING <id>
 *       <state>}); prints {@code FINAL <ksuid> <stack>/<label> <operation> <state>} for every
 *       update that reaches a final state and {@code END <id> <state>} when the command ends; then
 *       reports as {@code report} does.
 *   <li>{@code report}: prints every stored command ({@code COMMAND <id> <kind> <state>
 *       <updates>}), its updates ({@code UPDATE <command> <ksuid> <stack>/<label> <type>
 *       <operation> <state> <nativeId>}) and the inventory ({@code INVENTORY <ksuid>
 *       <stack>/<label> <type> <nativeId> <managed>}), then {@code DONE}, and exits 0. An ended
 *       command and the inventory are read from the store.
 * </ul>
 *
 * Every line is flushed at once: the test reads them while the engine runs.
 */
public final class CrashEngineMain {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  private CrashEngineMain() {}

  /** Runs the mode {@code args[0]} with the config file {@code args[1]}; see the class doc. */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Config config =
        ConfigFactory.parseFile(Path.of(args[1]).toFile()).withFallback(ConfigFactory.load());
    int code;
    try (ForjaEngine forja = ForjaEngine.builder().config(config).start()) {
      code =
          switch (mode) {
            case "run" -> run(forja, Path.of(args[2]));
            case "report" -> report(forja);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
          };
    }
    OUT.flush();
    // The AWS plugin's threads outlive the engine: exit with the code instead of waiting on them.
    System.exit(code);
  }

  private static int run(ForjaEngine forja, Path formaFile) throws Exception {
    List<FormaCommand> recent = join(forja.commands(1), QUERY_TIMEOUT);
    String id;
    if (recent.isEmpty()) {
      var forma = forja.read(Files.readString(formaFile), InputFormat.JSON);
      BridgeActor.SubmitReply reply = join(forja.apply(forma, PlanMode.RECONCILE), QUERY_TIMEOUT);
      if (!(reply instanceof BridgeActor.Accepted accepted)) {
        print("REFUSED", reply);
        return 3;
      }
      id = accepted.commandId();
      print("APPLIED", id);
    } else {
      id = recent.get(0).id();
      print("RESUMING", id, recent.get(0).state());
    }
    ForjaEngine.Subscription finals = forja.subscribe(id, CrashEngineMain::printFinal);
    try {
      FormaCommand ended = join(forja.awaitEnd(id), COMMAND_TIMEOUT);
      print("END", id, ended.state());
    } finally {
      finals.close();
    }
    return report(forja);
  }

  private static void printFinal(CommandProgress p) {
    ResourceUpdate u = p.update();
    if (u != null && u.state().isFinal()) {
      print("FINAL", u.ksuid(), u.stack() + "/" + u.label(), u.operation(), u.state());
    }
  }

  private static int report(ForjaEngine forja) throws Exception {
    for (FormaCommand listed : join(forja.commands(1_000), QUERY_TIMEOUT)) {
      // The listing may summarize; the command itself carries every update.
      FormaCommand c = join(forja.status(listed.id()), QUERY_TIMEOUT).orElse(listed);
      print("COMMAND", c.id(), c.kind(), c.state(), c.updates().size());
      for (ResourceUpdate u : c.updates()) {
        print(
            "UPDATE",
            c.id(),
            u.ksuid(),
            u.stack() + "/" + u.label(),
            u.type(),
            u.operation(),
            u.state(),
            u.nativeId());
      }
    }
    for (InventoryResource r : join(forja.inventory(""), QUERY_TIMEOUT)) {
      print(
          "INVENTORY", r.ksuid(), r.stack() + "/" + r.label(), r.type(), r.nativeId(), r.managed());
    }
    print("DONE");
    return 0;
  }

  /** Prints one line of space-separated fields and flushes it. */
  private static void print(Object... fields) {
    StringJoiner line = new StringJoiner(" ");
    for (Object f : fields) {
      line.add(String.valueOf(f));
    }
    synchronized (OUT) {
      OUT.println(line);
      OUT.flush();
    }
  }

  private static <T> T join(CompletionStage<T> stage, Duration timeout) throws Exception {
    return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
