#include "neuralcrn/data/csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string CleanField(std::string_view f) {
  f = Trim(f);
  if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = Trim(f.substr(1, f.size() - 2));
  return std::string(f);
}

std::optional<double> TryNumber(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0.0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<int> TryIndex(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

// Resolves a column given by header name or 0-based index.
int ResolveColumn(const CsvTable& t, const std::string& spec, int ncols, const char* what) {
  if (!t.header.empty()) {
    auto it = std::find(t.header.begin(), t.header.end(), spec);
    if (it != t.header.end()) return static_cast<int>(it - t.header.begin());
  }
  if (auto idx = TryIndex(spec)) {
    if (*idx < ncols) return *idx;
    throw InputError(
        fmt::format("{}{} column index {} out of range: the table has {} columns "
                    "(0-based indices 0..{})",
                    Where(t.source), what, *idx, ncols, ncols - 1));
  }
  if (t.header.empty())
    throw InputError(
        fmt::format("{}{} column '{}' given by name, but the file has no header; "
                    "give a 0-based column index instead",
                    Where(t.source), what, spec));
  throw InputError(fmt::format("{}no {} column '{}'; columns are: {}", Where(t.source), what, spec,
                               fmt::join(t.header, ", ")));
}

}  // namespace

int CsvTable::Column(std::string_view name) const {
  auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end())
    throw InputError(fmt::format("{}no column '{}'; columns are: {}", Where(source), name,
                                 fmt::join(header, ", ")));
  return static_cast<int>(it - header.begin());
}

CsvTable ParseCsvTable(std::string_view text, const std::string& source, bool has_header,
                       char delimiter, int skip_lines) {
  CsvTable t;
  t.source = source;
  int line_no = 0;
  int first_line = 0;  // line of the first record, which fixes the field count
  std::size_t ncols = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line_no <= skip_lines || Trim(line).empty()) continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const std::size_t d = line.find(delimiter, start);
      fields.push_back(CleanField(line.substr(start, d == std::string_view::npos ? d : d - start)));
      if (d == std::string_view::npos) break;
      start = d + 1;
    }
    if (first_line == 0) {
      first_line = line_no;
      ncols = fields.size();
    } else if (fields.size() != ncols) {
      throw InputError(fmt::format("{}expected {} fields (as on line {}), found {}",
                                   Where(source, line_no), ncols, first_line, fields.size()));
    }
    if (has_header && line_no == first_line) {
      t.header = std::move(fields);
    } else {
      t.rows.push_back(std::move(fields));
      t.lines.push_back(line_no);
    }
  }
  return t;
}

double ParseCsvNumber(std::string_view field, const std::string& where, std::string_view column) {
  auto v = TryNumber(field);
  if (!v)
    throw InputError(
        fmt::format("{}column '{}': '{}' is not a number (expected a decimal such "
                    "as 5.1 or -2e-3)",
                    where, column, field));
  if (!std::isfinite(*v))
    throw InputError(
        fmt::format("{}column '{}': '{}' is not finite (NaN and Inf are not "
                    "accepted)",
                    where, column, field));
  return *v;
}

void CsvOptions::Validate() const {
  if (skip_lines < 0) throw InputError(fmt::format("skip_lines {} must be >= 0", skip_lines));
  if (min_samples_per_class < 1)
    throw InputError(fmt::format("min_samples_per_class {} must be >= 1", min_samples_per_class));
  if (std::set<std::string>(label_set.begin(), label_set.end()).size() != label_set.size())
    throw InputError(fmt::format("label set has duplicates: {}", fmt::join(label_set, ", ")));
  if (std::set<std::string>(feature_columns.begin(), feature_columns.end()).size() !=
      feature_columns.size())
    throw InputError(
        fmt::format("feature columns have duplicates: {}", fmt::join(feature_columns, ", ")));
}

Dataset DatasetFromCsvTable(const CsvTable& t, const CsvOptions& o) {
  o.Validate();
  if (t.rows.empty()) throw InputError(fmt::format("{}no data records", Where(t.source)));
  const int ncols = static_cast<int>(t.rows.front().size());
  if (ncols < 2)
    throw InputError(fmt::format("{}need at least 2 columns (features and a label), found {}",
                                 Where(t.source, t.lines.front()), ncols));
  const int label_col =
      o.label_column.empty() ? ncols - 1 : ResolveColumn(t, o.label_column, ncols, "label");
  std::vector<int> feature_cols;
  if (o.feature_columns.empty()) {
    for (int c = 0; c < ncols; ++c)
      if (c != label_col) feature_cols.push_back(c);
  } else {
    for (const auto& f : o.feature_columns) {
      const int c = ResolveColumn(t, f, ncols, "feature");
      if (c == label_col)
        throw InputError(
            fmt::format("{}column '{}' is both the label and a feature", Where(t.source), f));
      if (std::find(feature_cols.begin(), feature_cols.end(), c) != feature_cols.end())
        throw InputError(fmt::format("{}feature column '{}' given twice", Where(t.source), f));
      feature_cols.push_back(c);
    }
  }
  auto column_name = [&](int c) { return t.header.empty() ? std::to_string(c) : t.header[c]; };

  Dataset d;
  d.name = t.source;
  for (int c : feature_cols) d.feature_names.push_back(column_name(c));

  // Class order: the given label set, or the sorted distinct labels.
  std::map<std::string, int> class_of;
  if (!o.label_set.empty()) {
    d.class_names = o.label_set;
  } else {
    std::set<std::string> seen;
    for (const auto& r : t.rows) seen.insert(r[label_col]);
    d.class_names.assign(seen.begin(), seen.end());
    const bool numeric = std::all_of(d.class_names.begin(), d.class_names.end(),
                                     [](const std::string& s) { return TryNumber(s).has_value(); });
    if (numeric)
      std::stable_sort(d.class_names.begin(), d.class_names.end(),
                       [](const auto& a, const auto& b) { return *TryNumber(a) < *TryNumber(b); });
  }
  for (int k = 0; k < static_cast<int>(d.class_names.size()); ++k) class_of[d.class_names[k]] = k;

  std::vector<double> x(feature_cols.size());
  std::vector<int> first_line(d.class_names.size(), 0);
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    const std::string where = Where(t.source, t.lines[i]);
    for (std::size_t j = 0; j < feature_cols.size(); ++j)
      x[j] = ParseCsvNumber(r[feature_cols[j]], where, column_name(feature_cols[j]));
    auto it = class_of.find(r[label_col]);
    if (it == class_of.end())
      throw InputError(fmt::format("{}label '{}' in column '{}' is not one of: {}", where,
                                   r[label_col], column_name(label_col),
                                   fmt::join(d.class_names, ", ")));
    if (first_line[it->second] == 0) first_line[it->second] = t.lines[i];
    d.Add(x, it->second);
  }
  const auto counts = d.ClassCounts();
  for (int k = 0; k < d.num_classes(); ++k) {
    if (counts[k] >= o.min_samples_per_class) continue;
    if (counts[k] == 0)
      throw InputError(
          fmt::format("{}class '{}' of the label set has no samples (need at least "
                      "{})",
                      Where(t.source), d.class_names[k], o.min_samples_per_class));
    throw InputError(fmt::format(
        "{}class '{}' has {} sample(s) (first on this line); each "
        "class needs at least {}",
        Where(t.source, first_line[k]), d.class_names[k], counts[k], o.min_samples_per_class));
  }
  return d;
}

bool LooksLikeHeader(const std::vector<std::string>& record, int label_column) {
  for (int c = 0; c < static_cast<int>(record.size()); ++c)
    if (c != label_column && !TryNumber(record[c])) return true;
  return false;
}

Dataset ParseCsvDataset(std::string_view text, const std::string& source, const CsvOptions& o) {
  o.Validate();
  CsvTable t = ParseCsvTable(text, source, /*has_header=*/false, o.delimiter, o.skip_lines);
  if (t.rows.empty()) throw InputError(fmt::format("{}no data records", Where(source)));
  bool header = o.header == CsvHeader::kPresent;
  const bool label_by_name = !o.label_column.empty() && !TryIndex(o.label_column).has_value();
  if (o.header == CsvHeader::kAuto) {
    if (label_by_name) {
      header = true;
    } else {
      const int ncols = static_cast<int>(t.rows.front().size());
      const int label_col = o.label_column.empty() ? ncols - 1 : *TryIndex(o.label_column);
      header = LooksLikeHeader(t.rows.front(), label_col);
    }
  } else if (o.header == CsvHeader::kAbsent && label_by_name) {
    throw InputError(
        fmt::format("{}label column '{}' given by name, but the header is declared "
                    "absent; give a 0-based column index",
                    Where(source), o.label_column));
  }
  if (header) {
    t.header = std::move(t.rows.front());
    t.rows.erase(t.rows.begin());
    t.lines.erase(t.lines.begin());
  }
  return DatasetFromCsvTable(t, o);
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}cannot open file for reading", Where(path)));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Dataset LoadCsvDataset(const std::string& path, const CsvOptions& o) {
  return ParseCsvDataset(ReadTextFile(path), path, o);
}

}  // namespace ncrn
