package dev.forja.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine on a durable store, written once and run on SQLite and PostgreSQL: what a restart
 * keeps, and what an ended command leaves behind (no secret in clear anywhere in the store).
 */
abstract class DurableEngineContract {
  private static final Duration PATIENCE = Duration.ofMinutes(1);

  private final SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
  private final String secret = "s3cr3t-" + UUID.randomUUID();
  // Tests of one class may share a database: each works on a stack of its own.
  private final String stack = "app-" + UUID.randomUUID().toString().substring(0, 8);

  /** The store's config: {@code forja.home}, {@code forja.store} and the store's keys. */
  protected abstract Config storeConfig();

  /** A new connection to the store's database, for looking inside. */
  protected abstract Connection connect() throws SQLException;

  private ForjaEngine start() {
    Config config =
        storeConfig()
            .withFallback(ConfigFactory.parseString("forja.engine.status.check-interval = 10ms"))
            .withFallback(ConfigFactory.load());
    return ForjaEngine.builder()
        .config(config)
        .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
        .start();
  }

  private String forma() {
    return """
        {"Stacks": [{"Label": "%2$s"}], "Targets": [{"Label": "sim", "Namespace": "SIM"}],
         "Resources": [
           {"Label": "dlq", "Type": "AWS::SQS::Queue", "Properties": {"QueueName": "%2$s-dlq"}},
           {"Label": "jobs", "Type": "AWS::SQS::Queue",
            "Properties": {"QueueName": "%2$s-jobs", "RedrivePolicy": {"maxReceiveCount": 3,
              "deadLetterTargetArn": {"$res": true, "$label": "dlq", "$property": "Arn"}}}},
           {"Label": "token", "Type": "AWS::SecretsManager::Secret",
            "Properties": {"Name": "%2$s-token",
              "SecretString": {"$visibility": "Opaque", "$value": "%1$s"}}}]}
        """
        .formatted(secret, stack);
  }

  private static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  private static String accepted(BridgeActor.SubmitReply reply) {
    assertThat(reply).isInstanceOf(BridgeActor.Accepted.class);
    return ((BridgeActor.Accepted) reply).commandId();
  }

  @Test
  void aRestartedEngineKnowsItsCommandsAndInventoryAndSeesNoDrift() throws Exception {
    String id;
    try (ForjaEngine forja = start()) {
      Forma forma = forja.read(forma(), InputFormat.JSON);
      id = accepted(join(forja.apply(forma, PlanMode.RECONCILE)));
      assertThat(join(forja.awaitEnd(id)).state()).isEqualTo(CommandState.SUCCESS);
    }

    try (ForjaEngine forja = start()) {
      FormaCommand after = join(forja.status(id)).orElseThrow();
      assertThat(after.state()).isEqualTo(CommandState.SUCCESS);
      assertThat(after.updates()).hasSize(3);
      assertThat(join(forja.inventory("stack:" + stack)))
          .extracting(InventoryResource::label)
          .containsExactly("dlq", "jobs", "token");
      assertThat(join(forja.commands(10))).extracting(FormaCommand::id).contains(id);

      // The stored secret is a digest now; the same clear value in the forma is no change.
      assertThat(join(forja.apply(forja.read(forma(), InputFormat.JSON), PlanMode.RECONCILE)))
          .isInstanceOf(BridgeActor.NoChanges.class);
    }
    assertThat(cloud.resourceCount()).isEqualTo(3);
  }

  @Test
  void noStoreHoldsTheSecretInClearOnceItsCommandHasEnded() throws Exception {
    try (ForjaEngine forja = start()) {
      String id =
          accepted(join(forja.apply(forja.read(forma(), InputFormat.JSON), PlanMode.PATCH)));
      assertThat(join(forja.awaitEnd(id)).state()).isEqualTo(CommandState.SUCCESS);

      // The journal's events are deleted once the final snapshot is stored: wait for that.
      Instant deadline = Instant.now().plus(PATIENCE);
      List<String> holders = rowsHoldingTheSecret();
      while (!holders.isEmpty() && Instant.now().isBefore(deadline)) {
        TimeUnit.MILLISECONDS.sleep(100);
        holders = rowsHoldingTheSecret();
      }
      assertThat(holders).as("tables holding the secret in clear").isEmpty();
      assertThat(cloud.resourceCount()).isEqualTo(3);
    }
  }

  /** The tables with a row that holds the secret, as text or in a binary payload. */
  private List<String> rowsHoldingTheSecret() throws SQLException {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<String> holders = new ArrayList<>();
    try (Connection c = connect()) {
      DatabaseMetaData meta = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String schema = rs.getString("TABLE_SCHEM");
          if (schema == null
              || (!schema.startsWith("pg_") && !"information_schema".equals(schema))) {
            tables.add(rs.getString("TABLE_NAME"));
          }
        }
      }
      for (String table : tables) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              Object v = rs.getObject(i);
              byte[] bytes =
                  v instanceof byte[] b
                      ? b
                      : v == null ? new byte[0] : v.toString().getBytes(StandardCharsets.UTF_8);
              if (contains(bytes, needle)) {
                holders.add(table);
              }
            }
          }
        }
      }
    }
    return holders;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
