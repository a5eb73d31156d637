#include "neuralcrn/io/formats.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/io/antimony.h"
#include "neuralcrn/io/bngl.h"
#include "neuralcrn/io/catalyst.h"
#include "neuralcrn/io/dot.h"
#include "neuralcrn/io/latex.h"
#include "neuralcrn/io/nuskell.h"
#include "neuralcrn/io/sbml.h"
#include "neuralcrn/io/visual_crn.h"

namespace ncrn {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// DOT goes to a .png/.svg/.pdf file rendered by Graphviz, to any other name as DOT text.
void WriteDot(const Crn& crn, const ExportOptions& o, const std::string& path) {
  DotWriteOptions d;
  d.graph_name = o.model_name;
  const std::string text = FormatDot(crn, d);
  const std::string ext = Lower(std::filesystem::path(path).extension().string());
  if (ext == ".png" || ext == ".svg" || ext == ".pdf") {
    RenderDot(text, ext.substr(1), path);
  } else {
    WriteFileAtomic(path, text);
  }
}

}  // namespace

const std::vector<ExportFormat>& ExportFormats() {
  static const std::vector<ExportFormat> formats = {
      {"crn",
       ".crn",
       "this project's CRN text (same as the input format)",
       [](const Crn& c, const ExportOptions&) { return FormatCrn(c); },
       {}},
      {"catalyst",
       ".jl",
       "Catalyst.jl @reaction_network (rates adjusted to its combinatoric law)",
       [](const Crn& c, const ExportOptions& o) {
         return FormatCatalyst(c, CatalystWriteOptions{o.model_name});
       },
       {}},
      {"antimony",
       ".ant",
       "Antimony model with explicit kinetic laws (Tellurium)",
       [](const Crn& c, const ExportOptions& o) {
         return FormatAntimony(c, AntimonyWriteOptions{o.model_name});
       },
       {}},
      {"bngl",
       ".bngl",
       "BioNetGen plain reaction network (rates adjusted to its symmetry factors)",
       [](const Crn& c, const ExportOptions&) { return FormatBngl(c); },
       {}},
      {"nuskell",
       ".crn",
       "Nuskell / crnsimulator CRN text (plain mass action)",
       [](const Crn& c, const ExportOptions&) { return FormatNuskell(c); },
       {}},
      {"visualcrn",
       ".crn",
       "Visual CRN model with dual-rail plots [Vp] - [Vm]",
       [](const Crn& c, const ExportOptions&) { return FormatVisualCrn(c); },
       {}},
      {"dot", ".dot", "Graphviz reaction graph (-o X.png/.svg/.pdf renders it with dot)",
       [](const Crn& c, const ExportOptions& o) {
         DotWriteOptions d;
         d.graph_name = o.model_name;
         return FormatDot(c, d);
       },
       WriteDot},
      {"latex",
       ".tex",
       "LaTeX longtable of the reactions",
       [](const Crn& c, const ExportOptions&) { return FormatLatexTable(c); },
       {}},
      {"sbml",
       ".xml",
       "SBML Level 3 Version 2, explicit mass-action laws (COPASI, Tellurium)",
       [](const Crn& c, const ExportOptions& o) {
         SbmlWriteOptions w;
         w.model_id = SanitizeSbmlId(o.model_name);
         w.model_name = o.model_name;
         return FormatSbml(c, w);
       },
       {}},
  };
  return formats;
}

const std::vector<ImportFormat>& ImportFormats() {
  static const std::vector<ImportFormat> formats = {
      {"crn",
       {".crn"},
       "this project's CRN text",
       [](const std::string& t, const std::string& s) { return ParseCrn(t, s); }},
      {"catalyst",
       {".jl"},
       "Catalyst.jl @reaction_network reaction lines (combinatoric law)",
       [](const std::string& t, const std::string& s) { return ParseCatalyst(t, s); }},
      {"nuskell",
       {".nuskell", ".ncrn"},
       "Nuskell / crnsimulator CRN text (missing rates = 1)",
       [](const std::string& t, const std::string& s) { return ParseNuskell(t, s); }},
      {"sbml",
       {".xml", ".sbml"},
       "SBML Level 2/3 with mass-action kinetic laws",
       [](const std::string& t, const std::string& s) { return ParseSbml(t, s); }},
  };
  return formats;
}

namespace {
template <typename F>
const F& FindByName(const std::vector<F>& formats, std::string_view name, const char* what) {
  std::vector<std::string> names;
  for (const F& f : formats) {
    if (f.name == name) return f;
    names.push_back(f.name);
  }
  throw InputError(fmt::format("unknown {} format '{}': expected one of {}", what, name,
                               fmt::join(names, ", ")));
}
}  // namespace

const ExportFormat& FindExportFormat(std::string_view name) {
  return FindByName(ExportFormats(), name, "export");
}
const ImportFormat& FindImportFormat(std::string_view name) {
  return FindByName(ImportFormats(), name, "import");
}

const ImportFormat& GuessImportFormat(const std::string& path) {
  const std::string ext = Lower(std::filesystem::path(path).extension().string());
  std::vector<std::string> known;
  for (const ImportFormat& f : ImportFormats()) {
    for (const std::string& e : f.extensions) {
      if (e == ext) return f;
      known.push_back(fmt::format("{} ({})", e, f.name));
    }
  }
  throw InputError(
      fmt::format("cannot tell the format of '{}' from its extension '{}': known "
                  "extensions are {}; or give --from",
                  path, ext, fmt::join(known, ", ")));
}

void WriteExport(const ExportFormat& format, const Crn& crn, const ExportOptions& options,
                 const std::string& path) {
  if (format.write) {
    format.write(crn, options, path);
  } else {
    WriteFileAtomic(path, format.format(crn, options));
  }
}

Crn ReadImport(const ImportFormat& format, const std::string& path) {
  return format.parse(ReadFile(path), path);
}

}  // namespace ncrn
