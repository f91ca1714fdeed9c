package dev.forja.cli.client.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A plan as the agent sends it, printed as {@code forja plan} prints one offline ({@code
 * PlanReport.toTable}): a count line, then each dependency level with one line per step. It reads
 * {@code PlanReport}'s JSON ({@code Levels} of steps), the submit reply's {@code Changeset} as a
 * list of levels, or a flat list of steps.
 */
public final class PlanTable {
  /** What a plan with nothing to do prints; the same words as {@code forja plan}. */
  public static final String NO_CHANGES = "No changes: the inventory already matches the forma.";

  private static final List<String> OPERATIONS = List.of("create", "update", "replace", "delete");

  private PlanTable() {}

  /** The plan in {@code plan} (a report, a submit reply, or its changeset) as text. */
  public static String render(JsonNode plan) {
    if (plan.isObject() && plan.has("Changeset")) {
      return render(plan.get("Changeset"));
    }
    List<List<JsonNode>> levels = levels(plan);
    if (levels.stream().allMatch(List::isEmpty)) {
      return NO_CHANGES + "\n";
    }
    Map<String, Integer> counts = counts(levels);
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Plan: %d to create, %d to update, %d to replace, %d to delete.%n",
            counts.get("create"),
            counts.get("update"),
            counts.get("replace"),
            counts.get("delete")));
    int width = 0;
    for (List<JsonNode> level : levels) {
      for (JsonNode step : level) {
        width = Math.max(width, key(step).length());
      }
    }
    for (int i = 0; i < levels.size(); i++) {
      b.append(String.format(Locale.ROOT, "%nLevel %d%n", i + 1));
      for (JsonNode step : levels.get(i)) {
        String op = step.path("Operation").asText();
        String stage = step.hasNonNull("Step") ? step.get("Step").asText() : null;
        b.append(
            String.format(
                Locale.ROOT,
                "  %s %-16s %-" + width + "s  %s%s%n",
                symbol(op, stage),
                label(op, stage),
                key(step),
                step.path("Type").asText(),
                detail(step, stage)));
      }
    }
    return b.toString();
  }

  /** Whether {@code plan} (a report, a submit reply, or its changeset) has any step. */
  public static boolean hasChanges(JsonNode plan) {
    if (plan.isObject() && plan.has("Changeset")) {
      return hasChanges(plan.get("Changeset"));
    }
    return levels(plan).stream().anyMatch(l -> !l.isEmpty());
  }

  private static List<List<JsonNode>> levels(JsonNode plan) {
    JsonNode list = plan.isObject() ? plan.path("Levels") : plan;
    List<List<JsonNode>> levels = new ArrayList<>();
    if (!list.isArray()) {
      return levels;
    }
    Map<Integer, List<JsonNode>> byLevel = new LinkedHashMap<>();
    for (JsonNode item : list) {
      if (item.isArray()) {
        List<JsonNode> level = new ArrayList<>();
        item.forEach(level::add);
        levels.add(level);
      } else if (item.isObject()) {
        byLevel.computeIfAbsent(item.path("Level").asInt(1), l -> new ArrayList<>()).add(item);
      }
    }
    byLevel.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> levels.add(e.getValue()));
    return levels;
  }

  /** Resources per operation: a replace's two steps count once. */
  private static Map<String, Integer> counts(List<List<JsonNode>> levels) {
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    OPERATIONS.forEach(op -> seen.put(op, new LinkedHashSet<>()));
    for (List<JsonNode> level : levels) {
      for (JsonNode step : level) {
        Set<String> keys = seen.get(step.path("Operation").asText());
        if (keys != null) {
          keys.add(key(step));
        }
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    seen.forEach((op, keys) -> counts.put(op, keys.size()));
    return counts;
  }

  private static String key(JsonNode step) {
    return step.path("Stack").asText() + "/" + step.path("Label").asText();
  }

  private static String symbol(String op, String stage) {
    return switch (op) {
      case "create" -> "+";
      case "update" -> "~";
      case "delete" -> "-";
      case "replace" -> "delete".equals(stage) ? "-" : "+";
      default -> " ";
    };
  }

  private static String label(String op, String stage) {
    return "replace".equals(op) && stage != null ? "replace (" + stage + ")" : op;
  }

  private static String detail(JsonNode step, String stage) {
    StringBuilder d = new StringBuilder();
    if (step.path("Cascade").asBoolean(false)) {
      d.append("  [cascade]");
    }
    JsonNode patch = step.path("Patch");
    if (patch.isArray() && !patch.isEmpty() && !"delete".equals(stage)) {
      d.append("  ");
      int shown = 0;
      for (JsonNode op : patch) {
        if (shown++ == 3) {
          d.append(", …");
          break;
        }
        d.append(shown > 1 ? ", " : "")
            .append(op.path("op").asText())
            .append(' ')
            .append(op.path("path").asText());
      }
    }
    return d.toString();
  }
}
