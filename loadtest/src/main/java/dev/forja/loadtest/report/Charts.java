package dev.forja.loadtest.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a report's charts to PNG files with JFreeChart, headless: a fixed size, fixed colours, no
 * timestamps, so the same figures draw the same picture. A chart that has nothing to draw throws
 * {@link IllegalArgumentException} rather than drawing an empty frame.
 */
final class Charts {
  static {
    // Before any AWT class initializes: the machines these run on have no display.
    System.setProperty("java.awt.headless", "true");
  }

  /** The size of every chart, in pixels. */
  static final int WIDTH = 900;

  static final int HEIGHT = 450;

  /** Distinct, readable on white, in a fixed order: series i always gets the same colour. */
  private static final Color[] PALETTE = {
    new Color(0x1F77B4),
    new Color(0xD62728),
    new Color(0x2CA02C),
    new Color(0xFF7F0E),
    new Color(0x9467BD),
    new Color(0x8C564B),
    new Color(0xE377C2),
    new Color(0x7F7F7F),
    new Color(0x17BECF),
    new Color(0xBCBD22),
  };

  private Charts() {}

  /** A line per series over the seconds since the run started. */
  static void line(Path file, String title, String yLabel, List<TimeSeries> series)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    Set<String> names = new HashSet<>();
    boolean anyPoint = false;
    for (TimeSeries s : series) {
      // JFreeChart keys series by name; a repeated name would replace a line silently.
      String name = s.name();
      for (int n = 2; !names.add(name); n++) {
        name = s.name() + " (" + n + ")";
      }
      XYSeries xy = new XYSeries(name, false, true);
      for (TimeSeries.Point p : s.points()) {
        xy.add(p.seconds(), p.value());
        anyPoint = true;
      }
      data.addSeries(xy);
    }
    if (!anyPoint) {
      throw new IllegalArgumentException("no samples to draw");
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "seconds since start",
            yLabel,
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      if (data.getItemCount(i) == 1) {
        // A single sample has no line to draw; show it as a point.
        renderer.setSeriesShapesVisible(i, true);
      }
    }
    plot.setRenderer(renderer);
    save(file, chart);
  }

  /** For each group one bar per key, groups along the x axis, keys in the legend. */
  static void bar(Path file, String title, String yLabel, Map<String, Map<String, Double>> groups)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    groups.forEach((group, bars) -> bars.forEach((key, value) -> data.addValue(value, key, group)));
    if (data.getRowCount() == 0) {
      throw new IllegalArgumentException("no bars to draw");
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter()); // flat bars: no gradient, no shadow
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.05);
    for (int i = 0; i < data.getRowCount(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    // The value on each bar: a reader should not have to estimate it from the axis.
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator(
            "{2}", new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT))));
    renderer.setDefaultItemLabelsVisible(true);
    plot.getRangeAxis().setUpperMargin(0.1); // room for the label on the tallest bar
    save(file, chart);
  }

  private static void save(Path file, JFreeChart chart) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }
}
