#pragma once
// Plots rendered with gnuplot. Every plot keeps its data (.dat) and its gnuplot script (.gp) next
// to the rendered PNG and SVG, so users can restyle it with `gnuplot NAME.gp`.
#include <string>
#include <vector>

namespace ncrn {

struct PlotSeries {
  std::string title;
  std::vector<double> x, y;
  std::vector<double> z;        // only for 3-D plots
  std::string style = "lines";  // gnuplot "with" clause: lines, points, linespoints, ...
  std::string extra;            // appended to the plot clause, e.g. "pt 7 ps 0.6 lc rgb 'red'"
};

struct PlotSpec {
  std::string title, xlabel, ylabel, zlabel;
  std::vector<PlotSeries> series;
  bool three_d = false;               // splot instead of plot
  bool square = false;                // equal aspect ratio (decision boundaries)
  std::vector<std::string> settings;  // extra gnuplot "set ..." lines
};

struct PlotFiles {
  std::string data, script, png, svg;  // png/svg empty if gnuplot is not available
  std::string warning;                 // why rendering did not happen, if it did not
};

// Writes BASE.dat and BASE.gp, then runs gnuplot to render BASE.png and BASE.svg.
// Throws InputError if the files cannot be written. A missing or failing gnuplot is reported in
// PlotFiles::warning (the data and script are still written).
PlotFiles WritePlot(const PlotSpec& spec, const std::string& base_path);

}  // namespace ncrn
