// neuralcrn import: read a network written by another tool and save it as .crn text. The formats
// are the table in io/formats.h (ImportFormats()); adding one there makes it available here.
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/io/formats.h"

namespace ncrn::cli {

void RegisterImport(CLI::App& app) {
  struct Args {
    std::string input, from, output;
  };
  auto a = std::make_shared<Args>();
  std::string help = "Format (default: guessed from the file extension):";
  std::vector<std::string> names;
  for (const ImportFormat& f : ImportFormats()) {
    help += fmt::format("\n  {:<10} {} ({})", f.name, f.description, fmt::join(f.extensions, ", "));
    names.push_back(f.name);
  }
  CLI::App* sub = app.add_subcommand(
      "import", "Read a network from another tool's format and write it as a .crn file");
  sub->add_option("FILE", a->input, "Input network")->required()->check(CLI::ExistingFile);
  sub->add_option("--from", a->from, help)->check(CLI::IsMember(names));
  sub->add_option("-o,--output", a->output, "Output .crn file, written atomically")->required();
  sub->callback([a] {
    const ImportFormat& format =
        a->from.empty() ? GuessImportFormat(a->input) : FindImportFormat(a->from);
    RefuseOverwritingInput(a->input, a->output, "-o");
    const Crn crn = ReadImport(format, a->input);
    WriteCrnFile(crn, a->output);
    std::cerr << fmt::format("{}: read as {}: {} species, {} reactions ({} rate law) -> {}\n",
                             a->input, format.name, crn.num_species(), crn.num_reactions(),
                             ToString(crn.rate_law()), a->output);
  });
}

}  // namespace ncrn::cli
