package dev.forja.cli.client.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.command.UpdateState;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code -o table} forms of the agent's status, command list and inventory bodies. */
public final class CommandTables {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private CommandTables() {}

  /** A command ({@code GET /commands/{id}}): its header, counts, then one row per update. */
  public static void status(PrintWriter out, JsonNode c) {
    String mode = text(c, "Mode");
    out.println("Command  " + text(c, "CommandId"));
    String kind = text(c, "Command");
    out.println("Kind     " + kind + (mode == null || mode.equals(kind) ? "" : " (" + mode + ")"));
    out.println("State    " + text(c, "State"));
    out.println("Started  " + time(text(c, "StartTs")));
    out.println("Ended    " + time(text(c, "EndTs")));
    out.println("Updates  " + counts(c.path("Counts")));
    JsonNode updates = c.path("ResourceUpdates");
    if (!updates.isArray() || updates.isEmpty()) {
      return;
    }
    out.println();
    Table t = new Table("RESOURCE", "TYPE", "OPERATION", "STATE", "ATTEMPTS", "NATIVE ID", "ERROR");
    for (JsonNode u : updates) {
      String code = text(u, "ErrorCode");
      String message = text(u, "Message");
      String error = code == null ? message : message == null ? code : code + ": " + message;
      t.row(
          text(u, "Stack") + "/" + text(u, "Label"),
          text(u, "Type"),
          text(u, "Operation"),
          text(u, "State"),
          u.path("Attempts").asInt(),
          text(u, "NativeID"),
          error);
    }
    t.print(out);
  }

  /** The command list ({@code GET /commands}), newest first. */
  public static void commands(PrintWriter out, JsonNode commands) {
    if (commands.isEmpty()) {
      out.println("No commands.");
      return;
    }
    Table t = new Table("ID", "COMMAND", "MODE", "STATE", "STARTED", "ENDED", "UPDATES");
    for (JsonNode c : commands) {
      t.row(
          text(c, "CommandId"),
          text(c, "Command"),
          text(c, "Mode"),
          text(c, "State"),
          time(text(c, "StartTs")),
          time(text(c, "EndTs")),
          counts(c.path("Counts")));
    }
    t.print(out);
  }

  /** The inventory ({@code GET /resources}). */
  public static void inventory(PrintWriter out, JsonNode resources) {
    if (resources.isEmpty()) {
      out.println("No resources.");
      return;
    }
    Table t = new Table("RESOURCE", "TYPE", "TARGET", "NATIVE ID", "MANAGED", "KSUID");
    for (JsonNode r : resources) {
      t.row(
          text(r, "Stack") + "/" + text(r, "Label"),
          text(r, "Type"),
          text(r, "Target"),
          text(r, "NativeID"),
          r.path("Managed").asBoolean() ? "yes" : "no",
          text(r, "Ksuid"));
    }
    t.print(out);
  }

  /** {@code Success 16, Failed 1 of 40}: the states that have updates. */
  private static String counts(JsonNode counts) {
    List<String> parts = new ArrayList<>();
    int total = 0;
    for (UpdateState s : UpdateState.values()) {
      int n = counts.path(s.wire()).asInt(0);
      total += n;
      if (n > 0) {
        parts.add(s.wire() + " " + n);
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts) + " of " + total;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** An API timestamp to the second, as people read it: {@code 2025-01-31 12:34:56Z}. */
  private static String time(String iso) {
    if (iso == null) {
      return "-";
    }
    try {
      return SECONDS.format(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}
