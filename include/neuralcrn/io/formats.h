#pragma once
// The table of file formats behind `neuralcrn export --to NAME` and `neuralcrn import --from
// NAME`. Adding a format is one entry in src/io/formats.cc (ExportFormats() / ImportFormats()).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "neuralcrn/core/crn.h"

namespace ncrn {

// Context every exporter may use.
struct ExportOptions {
  // Model / network name written into formats that have one (Catalyst, Antimony, SBML id, DOT).
  // Default "neuralcrn"; the CLI passes the input file's stem. Each writer sanitises it.
  std::string model_name = "neuralcrn";
};

struct ExportFormat {
  std::string name;         // value of --to, e.g. "catalyst"
  std::string extension;    // usual file extension, e.g. ".jl"
  std::string description;  // one line for --help
  // The whole file text.
  std::function<std::string(const Crn&, const ExportOptions&)> format;
  // Optional: writes to `path` atomically itself (e.g. DOT rendered to .png/.svg by extension).
  // Empty = WriteFileAtomic(path, format(...)).
  std::function<void(const Crn&, const ExportOptions&, const std::string& path)> write;
};

struct ImportFormat {
  std::string name;                     // value of --from, e.g. "nuskell"
  std::vector<std::string> extensions;  // used to guess the format when --from is absent
  std::string description;
  // Parses file contents; `source` names the file in error messages.
  std::function<Crn(const std::string& text, const std::string& source)> parse;
};

const std::vector<ExportFormat>& ExportFormats();
const std::vector<ImportFormat>& ImportFormats();

// Throw InputError naming the accepted names.
const ExportFormat& FindExportFormat(std::string_view name);
const ImportFormat& FindImportFormat(std::string_view name);
// By the file's extension (case-insensitive); throws InputError listing the known extensions.
const ImportFormat& GuessImportFormat(const std::string& path);

// Writes the network in `format` to `path` atomically (uses format.write if set).
void WriteExport(const ExportFormat& format, const Crn& crn, const ExportOptions& options,
                 const std::string& path);
// Reads `path` (ReadFile) and parses it with `format`.
Crn ReadImport(const ImportFormat& format, const std::string& path);

}  // namespace ncrn
