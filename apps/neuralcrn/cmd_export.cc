// neuralcrn export: write a CRN in another tool's format. The formats are the table in
// io/formats.h (ExportFormats()); adding one there makes it available here.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/io/formats.h"

namespace ncrn::cli {

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
  sub->add_option("CRN_FILE", a->input, "Network in this project's .crn text format")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--to", a->to, help)->required()->check(CLI::IsMember(names));
  sub->add_option("-o,--output", a->output,
                  "Output file, written atomically (for --to dot, a .png/.svg/.pdf name renders "
                  "the graph with Graphviz)");
  sub->callback([a] {
    const Crn crn = ReadCrnFile(a->input);
    const ExportFormat& format = FindExportFormat(a->to);
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
