// neuralcrn export: write a CRN in another tool's format. The formats are the table in
// io/formats.h (ExportFormats()); adding one there makes it available here.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/io/formats.h"

namespace ncrn::cli {

namespace {

// A training run: one file per stage network, named after the stage.
void ExportRun(const ExportFormat& format, const std::string& run_dir, const std::string& out) {
  namespace fs = std::filesystem;
  const fs::path crn_dir = fs::path(run_dir) / "crn";
  if (!fs::is_directory(crn_dir)) {
    throw InputError(
        fmt::format("'{}' is a directory but not a training run (no crn/ inside)", run_dir));
  }
  if (out.empty()) throw InputError("exporting a run directory needs -o OUT_DIR");
  std::vector<fs::path> stages;
  for (const auto& e : fs::directory_iterator(crn_dir)) {
    if (e.path().extension() == ".crn") stages.push_back(e.path());
  }
  std::sort(stages.begin(), stages.end());
  if (stages.empty()) throw InputError(fmt::format("no .crn files in '{}'", crn_dir.string()));
  fs::create_directories(out);
  for (const fs::path& p : stages) {
    ExportOptions options;
    options.model_name = p.stem().string();
    const std::string target = (fs::path(out) / (p.stem().string() + format.extension)).string();
    WriteExport(format, ReadCrnFile(p.string()), options, target);
    std::cerr << fmt::format("wrote {}\n", target);
  }
}

}  // namespace

void RegisterExport(CLI::App& app) {
  struct Args {
    std::string input, to, output;
  };
  auto a = std::make_shared<Args>();
  std::string help = "Format:";
  std::vector<std::string> names;
  for (const ExportFormat& f : ExportFormats()) {
    help += fmt::format("\n  {:<10} {}", f.name, f.description);
    names.push_back(f.name);
  }
  CLI::App* sub = app.add_subcommand(
      "export", "Write a CRN file in another tool's format (stdout unless -o is given)");
  sub->add_option("CRN_FILE", a->input,
                  "Network in this project's .crn text format, or a training run directory: "
                  "then every stage network (crn/*.crn, with the trained concentrations as "
                  "initial values) is written into the directory given by -o")
      ->required()
      ->check(CLI::ExistingPath);
  sub->add_option("--to", a->to, help)->required()->check(CLI::IsMember(names));
  sub->add_option("-o,--output", a->output,
                  "Output file, written atomically (for --to dot, a .png/.svg/.pdf name renders "
                  "the graph with Graphviz)");
  sub->callback([a] {
    const ExportFormat& format = FindExportFormat(a->to);
    if (std::filesystem::is_directory(a->input)) {
      ExportRun(format, a->input, a->output);
      return;
    }
    RefuseWrongKindOfFile(a->input, InputKind::kNetwork);
    RefuseOverwritingInput(a->input, a->output, "-o");
    const Crn crn = ReadCrnFile(a->input);
    ExportOptions options;
    options.model_name = std::filesystem::path(a->input).stem().string();
    if (a->output.empty()) {
      std::cout << format.format(crn, options) << std::flush;
    } else {
      WriteExport(format, crn, options, a->output);
    }
  });
}

}  // namespace ncrn::cli
