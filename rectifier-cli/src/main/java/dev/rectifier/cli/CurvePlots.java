package dev.rectifier.cli;

import dev.rectifier.pretrain.PretrainEpochRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Draws a run's curves as PNG files in its run directory, with XChart. */
final class CurvePlots {
  private static final Logger LOG = LoggerFactory.getLogger(CurvePlots.class);
  static final String PRETRAIN_PLOT_FILE = "pretrain-curves.png";

  private CurvePlots() {}

  /**
   * Returns {@code true} when the plotted values span more than a factor of 20, so that layers of
   * different scales stay readable only on a logarithmic axis.
   */
  private static boolean spansDecades(List<PretrainEpochRecord> records) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (PretrainEpochRecord record : records) {
      for (double value : new double[] {record.reconstructionError(), record.validationReconstructionError()}) {
        if (value > 0 && Double.isFinite(value)) {
          min = Math.min(min, value);
          max = Math.max(max, value);
        }
      }
    }
    return max > 20 * min;
  }

  /**
   * Draws the reconstruction error per epoch of each pre-trained layer, training (solid) and
   * validation (dashed), on a logarithmic axis when the values span more than a factor of 20. A failure to
   * draw, such as a JVM without fonts, is logged and leaves the run going, because the same
   * numbers are in {@value RunDirectory#PRETRAIN_METRICS_FILE}.
   */
  static void writePretrainingCurves(Path runDirectory, List<PretrainEpochRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    Path file = runDirectory.resolve(PRETRAIN_PLOT_FILE);
    try {
      System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
      boolean logarithmic = spansDecades(records);
      XYChart chart = new XYChartBuilder().width(800).height(500)
          .title("Pre-training: reconstruction error" + (logarithmic ? " (logarithmic axis)" : ""))
          .xAxisTitle("epoch of the layer").yAxisTitle("mean reconstruction cost per example").build();
      chart.getStyler().setYAxisLogarithmic(logarithmic);
      chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
      chart.getStyler().setXAxisDecimalPattern("0");
      java.awt.Color[] palette = chart.getStyler().getSeriesColors();
      List<List<PretrainEpochRecord>> grouped = PretrainingProgress.byLayer(records);
      for (int layer = 1; layer <= grouped.size(); layer++) {
        List<PretrainEpochRecord> ofLayer = grouped.get(layer - 1);
        if (ofLayer.isEmpty()) {
          continue;
        }
        java.awt.Color color = palette[(layer - 1) % palette.length];
        List<Integer> epochs = ofLayer.stream().map(PretrainEpochRecord::epoch).toList();
        XYSeries training = chart.addSeries("layer " + layer + " training", epochs,
            ofLayer.stream().map(PretrainEpochRecord::reconstructionError).toList());
        training.setMarker(SeriesMarkers.CIRCLE);
        training.setLineColor(color);
        training.setMarkerColor(color);
        List<Double> validation = ofLayer.stream().map(PretrainEpochRecord::validationReconstructionError).toList();
        if (validation.stream().allMatch(Double::isFinite)) {
          XYSeries series = chart.addSeries("layer " + layer + " validation", epochs, validation);
          series.setMarker(SeriesMarkers.DIAMOND);
          series.setMarkerColor(color);
          series.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
          series.setLineColor(color);
        }
      }
      Path temp = runDirectory.resolve(PRETRAIN_PLOT_FILE + ".tmp.png");
      BitmapEncoder.saveBitmap(chart, temp.toString(), BitmapEncoder.BitmapFormat.PNG);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError e) {
      LOG.warn("Could not draw {}: {}; the same curves are in {}", file, e.toString(),
          RunDirectory.PRETRAIN_METRICS_FILE);
    }
  }
}
