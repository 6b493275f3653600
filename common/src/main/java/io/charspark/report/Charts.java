package io.charspark.report;

import io.charspark.io.OutputDir;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The few chart shapes charspark draws, built with JFreeChart and rendered off-screen to PNG.
 *
 * <p>Inputs are plain numbers (series of x/y points, category tables, pre-computed histogram
 * counts); outputs are {@link JFreeChart} objects and PNG bytes or files. PNG files are written
 * atomically (temporary sibling, then a rename) so a viewer refreshing a chart during training
 * never sees half a file. Rendering needs no display: the class switches AWT to headless mode
 * before any chart is built. Failure modes: an unwritable directory is an {@link
 * UncheckedIOException}; a JVM without fonts (fontconfig) fails inside AWT with an {@link Error}.
 */
public final class Charts {
  static {
    // Must precede the first AWT use in this JVM: a job on a server has no display.
    System.setProperty("java.awt.headless", "true");
  }

  public static final int WIDTH = 800;
  public static final int HEIGHT = 480;
  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);

  /** A named line of points ({@code x.length == y.length}). */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series " + name + ": " + x.length + " x for " + y.length + " y");
      }
    }
  }

  /** A vertical reference line, e.g. the best epoch or {@code etl.max_length}. */
  public record Marker(double x, String label) {}

  private Charts() {}

  /** Lines with point shapes; {@code dashedLast} draws the last series dashed (a reference line). */
  public static JFreeChart lines(String title, String xLabel, String yLabel, List<Series> series,
      List<Marker> markers, boolean dashedLast) {
    XYSeriesCollection data = collection(series);
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    style(chart);
    plotStyle(plot);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesStroke(i, new BasicStroke(2f));
      if (dashedLast && i == series.size() - 1) {
        r.setSeriesStroke(i, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
        r.setSeriesShapesVisible(i, false);
        r.setSeriesPaint(i, Color.GRAY);
      }
      // Hundreds of ROC points would hide the line under their shapes.
      if (series.get(i).x().length > 60) r.setSeriesShapesVisible(i, false);
    }
    plot.setRenderer(r);
    addMarkers(plot, markers);
    return chart;
  }

  /**
   * A histogram from pre-computed counts: bin {@code i} covers {@code [i·width, (i+1)·width)}, one
   * series per group, drawn as translucent overlapping bars.
   */
  public static JFreeChart histogram(String title, String xLabel, String yLabel, double binWidth,
      Map<String, double[]> countsBySeries, List<Marker> markers) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, double[]> e : countsBySeries.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false, true);
      double[] c = e.getValue();
      for (int i = 0; i < c.length; i++) s.add((i + 0.5) * binWidth, c[i]);
      data.addSeries(s);
    }
    data.setIntervalWidth(binWidth);
    JFreeChart chart = ChartFactory.createXYBarChart(title, xLabel, false, yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    style(chart);
    plotStyle(plot);
    XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setDrawBarOutline(false);
    plot.setForegroundAlpha(countsBySeries.size() > 1 ? 0.55f : 0.85f);
    addMarkers(plot, markers);
    return chart;
  }

  /**
   * Grouped bars: {@code values.get(series).get(category)}. {@code horizontal} suits long category
   * names (e.g. characters with their code points).
   */
  public static JFreeChart bars(String title, String categoryLabel, String valueLabel,
      Map<String, ? extends Map<String, ? extends Number>> values, boolean horizontal) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, ? extends Map<String, ? extends Number>> s : values.entrySet()) {
      for (Map.Entry<String, ? extends Number> c : s.getValue().entrySet()) {
        data.addValue(c.getValue(), s.getKey(), c.getKey());
      }
    }
    JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
        horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL, values.size() > 1, false,
        false);
    style(chart);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setItemMargin(0.05);
    // The value on each bar: a reader compares exact counts and bits/char, not bar heights.
    r.setDefaultItemLabelGenerator(new org.jfree.chart.labels.StandardCategoryItemLabelGenerator(
        "{2}", new java.text.DecimalFormat("#,##0.####", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT))));
    r.setDefaultItemLabelsVisible(true);
    if (!horizontal && data.getColumnCount() > 8) {
      plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    return chart;
  }

  /** A smaller second line under the title, for the facts a reader needs to read the chart. */
  public static JFreeChart subtitle(JFreeChart chart, String text) {
    org.jfree.chart.title.TextTitle t = new org.jfree.chart.title.TextTitle(text,
        new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
    t.setPaint(Color.DARK_GRAY);
    chart.addSubtitle(0, t);
    return chart;
  }

  /** Whole-number ticks on the x axis (epochs). */
  public static JFreeChart integerDomain(JFreeChart chart) {
    ((NumberAxis) chart.getXYPlot().getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    return chart;
  }

  /** Lets the y axis zoom in on the data instead of always starting at zero. */
  public static JFreeChart zoomRange(JFreeChart chart) {
    ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
    return chart;
  }

  /** Both axes fixed to [0, 1] (ROC, calibration): curves compare at a glance across charts. */
  public static JFreeChart unitSquare(JFreeChart chart) {
    chart.getXYPlot().getDomainAxis().setRange(0, 1);
    chart.getXYPlot().getRangeAxis().setRange(0, 1);
    return chart;
  }

  public static byte[] png(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render chart '" + chart.getTitle().getText() + "'", e);
    }
    return out.toByteArray();
  }

  /**
   * Small multiples: {@code charts} drawn left to right, top to bottom, {@code columns} per row,
   * each {@code width × height} pixels, into one PNG.
   */
  public static byte[] grid(List<JFreeChart> charts, int columns, int width, int height) {
    int rows = (charts.size() + columns - 1) / columns;
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(
        columns * width, Math.max(1, rows) * height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      for (int i = 0; i < charts.size(); i++) {
        charts.get(i).draw(g, new java.awt.geom.Rectangle2D.Double(
            (i % columns) * width, (i / columns) * height, width, height));
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot render a grid of " + charts.size() + " charts", e);
    }
    return out.toByteArray();
  }

  /** Renders {@code chart} at the default size and writes it atomically; returns {@code file}. */
  public static Path write(JFreeChart chart, Path file) {
    OutputDir.writeAtomically(file, png(chart, WIDTH, HEIGHT));
    return file;
  }

  private static XYSeriesCollection collection(List<Series> series) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series s : series) {
      // No auto-sort: a ROC curve may hold several points at the same x.
      XYSeries xy = new XYSeries(s.name(), false, true);
      for (int i = 0; i < s.x().length; i++) xy.add(s.x()[i], s.y()[i]);
      data.addSeries(xy);
    }
    return data;
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    if (chart.getLegend() != null) chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
  }

  private static void plotStyle(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlinePaint(Color.GRAY);
  }

  private static void addMarkers(XYPlot plot, List<Marker> markers) {
    if (markers == null) return;
    for (Marker m : markers) {
      ValueMarker v = new ValueMarker(m.x(), new Color(0xC0, 0x39, 0x2B), new BasicStroke(1.5f));
      v.setLabel(m.label());
      v.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      v.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      v.setLabelPaint(new Color(0xC0, 0x39, 0x2B));
      v.setLabelBackgroundColor(new Color(255, 255, 255, 200));
      v.setLabelFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
      plot.addDomainMarker(v);
    }
  }
}
