#include "neuralcrn/io/plot.h"

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"

namespace ncrn {

namespace {

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

std::string DataBlocks(const PlotSpec& spec) {
  std::string out = "# one block per series (gnuplot 'index N'); columns: x y [z]\n";
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const PlotSeries& s = spec.series[i];
    if (s.x.size() != s.y.size() || (spec.three_d && s.z.size() != s.x.size())) {
      throw InputError(
          fmt::format("plot '{}': series '{}' has columns of unequal length", spec.title, s.title));
    }
    out += fmt::format("# {}\n", s.title);
    for (std::size_t k = 0; k < s.x.size(); ++k) {
      out += spec.three_d ? fmt::format("{} {} {}\n", s.x[k], s.y[k], s.z[k])
                          : fmt::format("{} {}\n", s.x[k], s.y[k]);
    }
    // gnuplot needs at least one point per index; an empty series gets a NaN row.
    if (s.x.empty()) out += spec.three_d ? "NaN NaN NaN\n" : "NaN NaN\n";
    out += "\n\n";
  }
  return out;
}

std::string Script(const PlotSpec& spec, const std::string& stem) {
  std::string gp = fmt::format(
      "# Regenerate with: gnuplot {0}.gp (run in this directory)\n"
      "set title {1} noenhanced\nset xlabel {2} noenhanced\nset ylabel {3} noenhanced\n"
      "set key outside right top noenhanced\nset grid\n",
      stem, Quote(spec.title), Quote(spec.xlabel), Quote(spec.ylabel));
  if (spec.three_d) gp += fmt::format("set zlabel {} noenhanced\n", Quote(spec.zlabel));
  if (spec.square) gp += "set size ratio -1\n";
  for (const std::string& s : spec.settings) gp += s + "\n";
  std::string plot = spec.three_d ? "splot " : "plot ";
  const std::string cols = spec.three_d ? "1:2:3" : "1:2";
  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    const PlotSeries& s = spec.series[i];
    plot += fmt::format("{}{} index {} using {} with {} {} title {}", i ? ", \\\n     " : "",
                        Quote(stem + ".dat"), i, cols, s.style, s.extra, Quote(s.title));
  }
  if (spec.series.empty()) plot = "plot NaN notitle";
  gp += fmt::format("set terminal pngcairo size 900,650 noenhanced\nset output {}\n{}\n",
                    Quote(stem + ".png"), plot);
  gp += fmt::format("set terminal svg size 900,650 noenhanced\nset output {}\nreplot\n",
                    Quote(stem + ".svg"));
  gp += "set output\n";
  return gp;
}

}  // namespace

PlotFiles WritePlot(const PlotSpec& spec, const std::string& base_path) {
  namespace fs = std::filesystem;
  const fs::path base(base_path);
  const std::string stem = base.filename().string();
  PlotFiles files{base_path + ".dat", base_path + ".gp", "", "", ""};
  WriteFileAtomic(files.data, DataBlocks(spec));
  WriteFileAtomic(files.script, Script(spec, stem));
  const fs::path dir = base.has_parent_path() ? base.parent_path() : fs::path(".");
  const std::string cmd =
      fmt::format("cd '{}' && gnuplot '{}.gp' >/dev/null 2>&1", dir.string(), stem);
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) {
    files.warning = "gnuplot not found: wrote data and script only";
  } else if (std::system(cmd.c_str()) != 0) {
    files.warning = fmt::format("gnuplot failed on {}", files.script);
  } else {
    files.png = base_path + ".png";
    files.svg = base_path + ".svg";
  }
  return files;
}

}  // namespace ncrn
