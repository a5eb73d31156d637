// The plots of a finished run (paper Figs 2, 3b/c, 4b/c, 6, 7b/e, S2, SI S5).
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/io/plot.h"
#include "run_dir_internal.h"

namespace ncrn::internal {
namespace {

namespace fs = std::filesystem;

const char* kClassColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd",
                              "#8c564b", "#e377c2", "#7f7f7f", "#17becf"};
// 16 distinguishable colours for the parameter trajectories.
const char* kLineColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                             "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#000000", "#aec7e8",
                             "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94"};

void Emit(const PlotSpec& spec, const std::string& dir, const std::string& stem,
          std::vector<std::string>& notes) {
  PlotFiles f = WritePlot(spec, (fs::path(dir) / stem).string());
  if (!f.warning.empty()) notes.push_back(fmt::format("plot {}: {}", stem, f.warning));
}

}  // namespace

std::vector<std::string> WriteRunPlots(const RunPlotInput& in, const std::string& dir) {
  std::vector<std::string> notes;
  fs::create_directories(dir);
  const auto& c = *in.config;
  const auto& st = *in.state;
  const auto& L = *in.layout;
  const auto& test = in.data->test;

  // Loss curves (Figs 3b, 4b).
  {
    PlotSpec p{
        .title = c.name + ": loss", .xlabel = "epoch", .ylabel = "mean loss 1/2 (y_hat - y)^2"};
    PlotSeries tr{.title = "training (chemical)", .style = "linespoints", .extra = "pt 7 ps 0.4"};
    PlotSeries va{.title = "validation (chemical)", .style = "linespoints", .extra = "pt 5 ps 0.5"};
    PlotSeries ex{
        .title = "training (lock-step " + (in.exact ? in.exact->Kind() : std::string()) + ")",
        .style = "lines",
        .extra = "dt 2"};
    for (const auto& m : st.history) {
      tr.x.push_back(m.epoch), tr.y.push_back(m.train_loss);
      if (!std::isnan(m.val_loss)) va.x.push_back(m.epoch), va.y.push_back(m.val_loss);
      if (!std::isnan(m.exact_train_loss))
        ex.x.push_back(m.epoch), ex.y.push_back(m.exact_train_loss);
    }
    p.series = {tr, va};
    if (!ex.x.empty()) p.series.push_back(ex);
    Emit(p, dir, "loss", notes);
  }
  // Validation accuracy (Fig 7b/e).
  {
    PlotSpec p{.title = c.name + ": validation accuracy", .xlabel = "epoch", .ylabel = "accuracy"};
    p.settings = {"set yrange [0:1.02]"};
    PlotSeries ch{.title = "chemical", .style = "linespoints", .extra = "pt 7 ps 0.5"};
    PlotSeries ex{.title = "lock-step " + (in.exact ? in.exact->Kind() : std::string()),
                  .style = "linespoints",
                  .extra = "dt 2 pt 6 ps 0.5"};
    for (const auto& m : st.history) {
      if (!std::isnan(m.val_accuracy)) ch.x.push_back(m.epoch), ch.y.push_back(m.val_accuracy);
      if (!std::isnan(m.exact_val_accuracy))
        ex.x.push_back(m.epoch), ex.y.push_back(m.exact_val_accuracy);
    }
    p.series = {ch};
    if (!ex.x.empty()) p.series.push_back(ex);
    Emit(p, dir, "val_accuracy", notes);
  }
  // Predicted labels on the test set or grid, misclassified points marked (Figs 3c, 4c, 6).
  if (test.dims() >= 2 && in.test) {
    PlotSpec p{.title = fmt::format("{}: predicted labels on the test {} (x = misclassified)",
                                    c.name, in.data->test_is_grid ? "grid" : "set"),
               .xlabel = test.feature_names[0],
               .ylabel = test.feature_names[1],
               .square = test.dims() == 2};
    const double ps = in.data->test_is_grid ? 0.5 : 0.8;
    for (int k = 0; k < test.num_classes(); ++k) {
      PlotSeries s{.title = "predicted " + test.class_names[k],
                   .style = "points",
                   .extra = fmt::format("pt 7 ps {} lc rgb '{}'", ps, kClassColors[k % 8])};
      for (int i = 0; i < test.size(); ++i)
        if (in.test->predicted[i] == k) s.x.push_back(test.At(i, 0)), s.y.push_back(test.At(i, 1));
      if (!s.x.empty()) p.series.push_back(s);
    }
    PlotSeries wrong{
        .title = "misclassified", .style = "points", .extra = "pt 2 ps 1.2 lc rgb 'red'"};
    for (int i = 0; i < test.size(); ++i)
      if (in.test->predicted[i] != test.labels[i])
        wrong.x.push_back(test.At(i, 0)), wrong.y.push_back(test.At(i, 1));
    if (!wrong.x.empty()) p.series.push_back(wrong);
    if (c.model.kind == "linear" && c.dataset.kind == "linear") {
      PlotSeries truth{.title = "x1 + 2 x2 = 0", .style = "lines", .extra = "lw 2 lc rgb 'black'"};
      truth.x = {c.dataset.grid_min, c.dataset.grid_max};
      truth.y = {-c.dataset.grid_min / 2, -c.dataset.grid_max / 2};
      p.series.push_back(truth);
    }
    if (!p.series.empty()) Emit(p, dir, "predictions", notes);
  }
  // Augmented 3-D hidden state before and after the flow (Fig S2).
  if (L.dims == 3 && in.chemical) {
    std::vector<std::vector<double>> after;
    for (int i = 0; i < test.size(); ++i) after.push_back(in.chemical->Hidden(test.Row(i)));
    if (!after.empty() && after[0].size() == 3) {
      for (int which = 0; which < 2; ++which) {
        PlotSpec p{.title = fmt::format("{}: hidden state {}", c.name,
                                        which == 0 ? "before the flow (z(0) = augmented x)"
                                                   : "after the flow (z(T))"),
                   .xlabel = "z1",
                   .ylabel = "z2",
                   .zlabel = "z3",
                   .three_d = true};
        for (int k = 0; k < test.num_classes(); ++k) {
          PlotSeries s{.title = "class " + test.class_names[k],
                       .style = "points",
                       .extra = fmt::format("pt 7 ps 0.6 lc rgb '{}'", kClassColors[k % 8])};
          for (int i = 0; i < test.size(); ++i) {
            if (test.labels[i] != k) continue;
            if (which == 0) {
              s.x.push_back(test.At(i, 0)), s.y.push_back(test.At(i, 1));
              s.z.push_back(c.model.augment_value);
            } else {
              s.x.push_back(after[i][0]), s.y.push_back(after[i][1]), s.z.push_back(after[i][2]);
            }
          }
          if (!s.x.empty()) p.series.push_back(s);
        }
        Emit(p, dir, which == 0 ? "hidden_before" : "hidden_after", notes);
      }
    } else {
      notes.push_back("hidden_state plots skipped: the learner does not expose z(T)");
    }
  }
  // Parameter trajectories, chemical vs exact (SI S5).
  {
    PlotSpec p{.title = c.name + ": parameters per epoch (solid: chemical, dashed: lock-step)",
               .xlabel = "epoch",
               .ylabel = "value"};
    auto names = L.Names();
    int shown = 0;
    for (int k = 0; k < L.size() && shown < 16; ++k) {
      if (!L.Trained(k)) continue;
      const char* col = kLineColors[shown % 16];
      PlotSeries s{.title = names[k], .style = "lines", .extra = fmt::format("lc rgb '{}'", col)};
      for (std::size_t e = 0; e < st.trajectory.size(); ++e)
        s.x.push_back(e), s.y.push_back(st.trajectory[e][k]);
      p.series.push_back(s);
      if (!st.exact_trajectory.empty()) {
        PlotSeries x{.title = "", .style = "lines", .extra = fmt::format("dt 2 lc rgb '{}'", col)};
        for (std::size_t e = 0; e < st.exact_trajectory.size(); ++e)
          x.x.push_back(e), x.y.push_back(st.exact_trajectory[e][k]);
        p.series.push_back(x);
      }
      ++shown;
    }
    if (shown == 16) p.title += " (first 16 trained entries)";
    Emit(p, dir, "parameters", notes);
  }
  // Concentration traces of one training round across the stages (Fig 2).
  if (in.chemical && test.size() > 0 && in.data->train.size() > 0) {
    const auto& tr = in.data->train;
    auto trace = in.chemical->TraceRound(tr.Row(0), Target(tr.labels[0], L.outputs));
    if (trace && !trace->t.empty()) {
      PlotSpec p{.title = c.name + ": one training round on the first training sample",
                 .xlabel = "clock phase (each stage scaled to unit width)",
                 .ylabel = "signed concentration [S+] - [S-]"};
      for (std::size_t k = 0; k < trace->species.size(); ++k) {
        PlotSeries s{.title = trace->species[k], .x = trace->t, .y = trace->values[k]};
        p.series.push_back(s);
      }
      for (const auto& [name, t0] : trace->stage_starts) {
        p.settings.push_back(
            fmt::format("set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 3", t0));
        p.settings.push_back(fmt::format("set label '{}' at {}, graph 0.97 left front", name, t0));
      }
      Emit(p, dir, "stage_traces", notes);
    } else {
      notes.push_back(
          fmt::format("stage_traces plot skipped: learner '{}' does not record "
                      "concentration traces",
                      in.chemical->Kind()));
    }
  }
  return notes;
}

}  // namespace ncrn::internal
