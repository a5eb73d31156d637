#pragma once
// Private to the run-directory code: the plots of a finished run.
#include <string>
#include <vector>

#include "neuralcrn/train/experiment.h"

namespace ncrn::internal {

struct RunPlotInput {
  const ExperimentConfig* config = nullptr;
  const ExperimentData* data = nullptr;
  const ParameterLayout* layout = nullptr;
  const RunState* state = nullptr;
  const Evaluation* test = nullptr;  // chemical learner on data->test
  Learner* chemical = nullptr;
  Learner* exact = nullptr;  // may be null
};

// Writes every plot into `dir`; returns notes about plots that were skipped or not rendered.
std::vector<std::string> WriteRunPlots(const RunPlotInput& in, const std::string& dir);

}  // namespace ncrn::internal
