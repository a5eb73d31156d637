#include "neuralcrn/train/checkpoint.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

using nlohmann::json;

// NaN is not JSON: written as null.
json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double NumFrom(const json& j) { return j.is_null() ? std::nan("") : j.get<double>(); }

}  // namespace

json ToJson(const RunState& s) {
  json hist = json::array();
  for (const auto& m : s.history)
    hist.push_back({{"epoch", m.epoch},
                    {"train_loss", Num(m.train_loss)},
                    {"val_loss", Num(m.val_loss)},
                    {"val_accuracy", Num(m.val_accuracy)},
                    {"exact_train_loss", Num(m.exact_train_loss)},
                    {"exact_val_accuracy", Num(m.exact_val_accuracy)},
                    {"max_param_diff", Num(m.max_param_diff)},
                    {"rms_param_diff", Num(m.rms_param_diff)},
                    {"wall_seconds", Num(m.wall_seconds)}});
  json j = {{"format", "neuralcrn-checkpoint-1"},
            {"epochs_done", s.epochs_done},
            {"params", s.params},
            {"exact_params", s.exact_params},
            {"trajectory", s.trajectory},
            {"exact_trajectory", s.exact_trajectory},
            {"history", hist},
            {"wall_seconds", s.wall_seconds}};
  // Optional (older checkpoints lack it): [[species, concentration], ...], in pool order.
  if (!s.pool.empty()) {
    json pool = json::array();
    for (const auto& [name, value] : s.pool) pool.push_back({name, Num(value)});
    j["pool"] = pool;
  }
  return j;
}

RunState RunStateFromJson(const json& j, const std::string& source) {
  RunState s;
  try {
    if (j.value("format", "") != "neuralcrn-checkpoint-1")
      throw InputError(
          fmt::format("{}not a neuralcrn checkpoint (format field missing or not "
                      "'neuralcrn-checkpoint-1')",
                      Where(source)));
    s.epochs_done = j.at("epochs_done").get<int>();
    s.params = j.at("params").get<std::vector<double>>();
    s.exact_params = j.at("exact_params").get<std::vector<double>>();
    s.trajectory = j.at("trajectory").get<std::vector<std::vector<double>>>();
    s.exact_trajectory = j.at("exact_trajectory").get<std::vector<std::vector<double>>>();
    s.wall_seconds = j.at("wall_seconds").get<double>();
    if (j.contains("pool")) {
      for (const auto& e : j.at("pool")) {
        const double v = NumFrom(e.at(1));
        if (!std::isfinite(v))
          throw InputError(fmt::format("{}checkpoint pool: species '{}' has no finite value",
                                       Where(source), e.at(0).get<std::string>()));
        s.pool.emplace_back(e.at(0).get<std::string>(), v);
      }
    }
    for (const auto& h : j.at("history")) {
      EpochMetrics m;
      m.epoch = h.at("epoch").get<int>();
      m.train_loss = NumFrom(h.at("train_loss"));
      m.val_loss = NumFrom(h.at("val_loss"));
      m.val_accuracy = NumFrom(h.at("val_accuracy"));
      m.exact_train_loss = NumFrom(h.at("exact_train_loss"));
      m.exact_val_accuracy = NumFrom(h.at("exact_val_accuracy"));
      m.max_param_diff = NumFrom(h.at("max_param_diff"));
      m.rms_param_diff = NumFrom(h.at("rms_param_diff"));
      m.wall_seconds = NumFrom(h.at("wall_seconds"));
      s.history.push_back(m);
    }
  } catch (const json::exception& e) {
    throw InputError(fmt::format("{}malformed checkpoint: {}", Where(source), e.what()));
  }
  if (s.epochs_done < 0 || static_cast<int>(s.history.size()) != s.epochs_done ||
      static_cast<int>(s.trajectory.size()) != s.epochs_done + 1)
    throw InputError(
        fmt::format("{}inconsistent checkpoint: epochs_done {} but {} history "
                    "rows and {} trajectory points",
                    Where(source), s.epochs_done, s.history.size(), s.trajectory.size()));
  return s;
}

void WriteCheckpoint(const std::string& path, const RunState& s) {
  WriteFileAtomic(path, ToJson(s).dump() + "\n");
}

RunState ReadCheckpoint(const std::string& path) {
  json j = json::parse(ReadFile(path), nullptr, false);
  if (j.is_discarded())
    throw InputError(fmt::format("{}checkpoint is not valid JSON", Where(path)));
  return RunStateFromJson(j, path);
}

}  // namespace ncrn
