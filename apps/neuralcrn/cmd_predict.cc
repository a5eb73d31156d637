// neuralcrn predict: classify new samples with a trained run (forward stage only).
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "commands.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/train/run_dir.h"

namespace ncrn::cli {

void RegisterPredict(CLI::App& app) {
  struct Args {
    std::string run_dir, input, output;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand(
      "predict", "Classify the rows of a CSV file with the trained CRN of a run directory");
  sub->add_option("run_dir", a->run_dir, "Run directory written by `neuralcrn train`")->required();
  sub->add_option("--input", a->input,
                  "CSV with the run's feature columns (by header name, or the first D columns). "
                  "The first row is a header only if one of its feature fields is not a number "
                  "(a text label alone does not make one), as in `train`. A label column (header "
                  "'label', 'class' or the run's label column; without a header, the last column "
                  "of rows longer than D), if present, gives the accuracy; its labels must be "
                  "the run's classes (an unknown label is an error naming the line)")
      ->required();
  sub->add_option("-o,--output", a->output, "Output CSV (default: <input>.predictions.csv)");
  sub->add_flag("--json", a->json, "Print the result as JSON");
  sub->callback([a] {
    std::string out =
        a->output.empty()
            ? (std::filesystem::path(a->input).replace_extension("").string() + ".predictions.csv")
            : a->output;
    RefuseOverwritingInput(a->input, out, "-o");
    nlohmann::json r = PredictFromRun(a->run_dir, a->input, out);
    if (a->json) {
      std::cout << r.dump(2) << std::endl;
    } else {
      std::cout << "classified " << r["samples"].get<int>() << " samples; predictions in " << out;
      if (r.contains("accuracy")) std::cout << "; accuracy " << r["accuracy"].get<double>();
      std::cout << std::endl;
    }
  });
}

}  // namespace ncrn::cli
