package dev.forja.loadtest.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape of the agent's {@code GET /api/v1/metrics} (Prometheus text format 0.0.4), reduced to
 * its samples: a name, labels and a value per line.
 */
public final class Metrics {
  /**
   * One sample line.
   *
   * @param name the metric name, such as {@code forja_updates_in_flight}
   * @param labels its labels, in the order given
   * @param value its value
   */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private Metrics(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  /** The samples of {@code text}; comment lines and lines it cannot read are skipped. */
  public static Metrics parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String raw : text.lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Sample s = sample(line);
      if (s != null) {
        out.add(s);
      }
    }
    return new Metrics(out);
  }

  /** Every sample. */
  public List<Sample> samples() {
    return samples;
  }

  /**
   * The sum of the samples named {@code name} whose labels include every entry of {@code labels}; 0
   * when none match.
   */
  public double sum(String name, Map<String, String> labels) {
    double total = 0;
    for (Sample s : samples) {
      if (s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())) {
        total += s.value();
      }
    }
    return total;
  }

  /** The sum of every sample named {@code name}. */
  public double sum(String name) {
    return sum(name, Map.of());
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    if (space < 0) {
      return null;
    }
    String name;
    Map<String, String> labels = new LinkedHashMap<>();
    if (brace >= 0 && brace < space) {
      int close = line.lastIndexOf('}');
      if (close < brace) {
        return null;
      }
      name = line.substring(0, brace);
      parseLabels(line.substring(brace + 1, close), labels);
    } else {
      name = line.substring(0, line.indexOf(' '));
    }
    try {
      return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code a="x",b="y",} into {@code labels}; values keep their escapes, which ours never need. */
  private static void parseLabels(String text, Map<String, String> labels) {
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf("=\"", i);
      if (eq < 0) {
        return;
      }
      int end = eq + 2;
      while (end < text.length() && !(text.charAt(end) == '"' && text.charAt(end - 1) != '\\')) {
        end++;
      }
      labels.put(
          text.substring(i, eq).strip(), text.substring(eq + 2, Math.min(end, text.length())));
      i = end + 1;
      while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
        i++;
      }
    }
  }
}
