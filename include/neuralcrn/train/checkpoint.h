#pragma once
// checkpoint.json: everything needed to continue a run after an interruption (parameters of both
// learners after the last completed epoch, their trajectories, the metrics so far). Training
// draws no random numbers after initialisation, and the epoch order is derived from the seed and
// the epoch number (EpochOrder), so the position "epochs_done" replaces an RNG state: a resumed
// run repeats exactly what the uninterrupted run would have done.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "neuralcrn/train/experiment.h"

namespace ncrn {

nlohmann::json ToJson(const RunState& s);
// Throws InputError naming `source` and the field on a malformed checkpoint.
RunState RunStateFromJson(const nlohmann::json& j, const std::string& source);

// Atomic write (a crash or Ctrl-C during the write leaves the previous checkpoint).
void WriteCheckpoint(const std::string& path, const RunState& s);
RunState ReadCheckpoint(const std::string& path);

}  // namespace ncrn
