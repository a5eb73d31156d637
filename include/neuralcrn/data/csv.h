#pragma once
// CSV input for users' own data: a table of feature columns and one label column.
//
// Accepted format: one record per line, fields separated by `delimiter`, surrounding spaces and
// one pair of surrounding double quotes stripped from each field (quoted fields cannot contain
// the delimiter or a newline). CRLF line ends are accepted. Lines that are empty or only
// whitespace are not records and are skipped. Every other line is a record and is either used
// or rejected: bad input never gets silently dropped. Rejections are InputError with
// "file:line: " and what would have been accepted:
//   - a record with a different number of fields than the first record (or the header)
//   - a feature field that is not a number, or is NaN or +-Inf
//   - a label not in `label_set` (when a label set is given)
//   - fewer than `min_samples_per_class` samples in a class (names the class and the line of
//     its first sample)
//   - no records at all
#include <string>
#include <string_view>
#include <vector>

#include "neuralcrn/data/dataset.h"

namespace ncrn {

// Raw table: fields as strings, with the 1-based line number of each record.
struct CsvTable {
  std::string source;               // file name used in messages
  std::vector<std::string> header;  // empty if the table has none
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  // lines[i] is the line of rows[i]

  // Index of the column called `name`; throws InputError naming the columns that exist.
  int Column(std::string_view name) const;
};

// Parses `text` (lines before `skip_lines` ignored). Throws InputError on a record whose field
// count differs from the first record's.
CsvTable ParseCsvTable(std::string_view text, const std::string& source, bool has_header,
                       char delimiter = ',', int skip_lines = 0);

// Parses one numeric field: optional sign, decimal or exponent notation. Throws InputError with
// `where` (e.g. "f.csv:3: ") for anything else, including NaN, Inf and empty fields.
double ParseCsvNumber(std::string_view field, const std::string& where, std::string_view column);

// The header rule of CsvHeader::kAuto, shared by every CSV reader (train, predict): `record`
// (the first record) is a header iff one of its fields other than the label column
// `label_column` (-1: none) is not a number. A text label such as "setosa" alone does not make a
// header.
bool LooksLikeHeader(const std::vector<std::string>& record, int label_column);

enum class CsvHeader {
  kAuto,     // the first record is a header iff one of its non-label fields is not a number
  kPresent,  // the first record is a header
  kAbsent,   // every record is data; columns are named by 0-based index ("0", "1", ...)
};

struct CsvOptions {
  // Field separator. Default ','.
  char delimiter = ',';
  // Header handling; default kAuto. A label column given by name needs a header.
  CsvHeader header = CsvHeader::kAuto;
  // Lines ignored at the top of the file before the header or data (e.g. sklearn's count line).
  // Default 0.
  int skip_lines = 0;
  // The label column: a header name, or a 0-based column index written as a number (a header
  // name takes precedence). Default empty: the last column.
  std::string label_column;
  // Feature columns by header name or 0-based index, in the order wanted. Default empty: every
  // column except the label, in file order.
  std::vector<std::string> feature_columns;
  // Allowed labels, which also fixes class order (class k = label_set[k]). Default empty: the
  // distinct labels found, sorted (numerically if they are all numbers), with unknown labels
  // impossible by construction.
  std::vector<std::string> label_set;
  // Each class needs at least this many samples (2 is the minimum for a stratified split).
  // Default 2.
  int min_samples_per_class = 2;
  // Throws InputError on skip_lines < 0, min_samples_per_class < 1, or a duplicate in
  // label_set or feature_columns.
  void Validate() const;
};

// Builds a Dataset from a parsed table (see CsvOptions). Used by LoadCsvDataset and by the
// built-in loaders that first filter rows.
Dataset DatasetFromCsvTable(const CsvTable& table, const CsvOptions& options);

// Reads and parses `path`. The dataset name is the file name.
Dataset LoadCsvDataset(const std::string& path, const CsvOptions& options = {});
// Same, from text in memory; `source` is the name used in messages.
Dataset ParseCsvDataset(std::string_view text, const std::string& source,
                        const CsvOptions& options = {});

// Reads a whole file; throws InputError naming the path if it cannot be opened.
std::string ReadTextFile(const std::string& path);

}  // namespace ncrn
