package dev.forja.loadtest.report;

import java.util.ArrayList;
import java.util.List;

/** One line of a chart: values over the seconds since a run started. Thread-safe. */
public final class TimeSeries {
  /** One sample. */
  public record Point(double seconds, double value) {}

  private final String name;
  private final List<Point> points = new ArrayList<>();

  /** An empty series labelled {@code name} in the chart's legend. */
  public TimeSeries(String name) {
    this.name = name;
  }

  /** The legend label. */
  public String name() {
    return name;
  }

  /** Adds a sample taken {@code seconds} after the run started. */
  public synchronized void add(double seconds, double value) {
    points.add(new Point(seconds, value));
  }

  /** The samples so far, in the order added. */
  public synchronized List<Point> points() {
    return List.copyOf(points);
  }

  /** The largest value, or 0 with no samples. */
  public synchronized double max() {
    double max = 0;
    for (Point p : points) {
      max = Math.max(max, p.value());
    }
    return max;
  }
}
