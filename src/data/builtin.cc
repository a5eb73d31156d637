#include "neuralcrn/data/builtin.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/data/csv.h"

namespace ncrn {

namespace fs = std::filesystem;

std::string FindDataDir() {
  if (const char* env = std::getenv("NCRN_DATA_DIR"); env && *env) {
    if (fs::is_directory(env)) return env;
    throw InputError(fmt::format("NCRN_DATA_DIR={} is not a directory", env));
  }
  std::vector<std::string> tried;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path dir = exe.parent_path();
    for (const fs::path& p : {dir / ".." / "data", dir / ".." / ".." / "data",
                              dir / ".." / "share" / "neuralcrn" / "data"}) {
      if (fs::is_directory(p / "iris")) return fs::weakly_canonical(p).string();
      tried.push_back(p.lexically_normal().string());
    }
  }
  throw InputError(fmt::format("cannot find the data directory (tried: {}); set NCRN_DATA_DIR",
                               fmt::join(tried, ", ")));
}

std::string ToString(IrisVariant v) {
  return v == IrisVariant::kCorrected ? "corrected" : "reference";
}

IrisVariant IrisVariantFromString(const std::string& s) {
  if (s == "corrected") return IrisVariant::kCorrected;
  if (s == "reference") return IrisVariant::kReference;
  throw InputError(fmt::format("unknown Iris variant '{}'; accepted: corrected, reference", s));
}

Dataset LoadIris(const std::string& data_dir, IrisVariant variant) {
  CsvOptions o;
  o.header = CsvHeader::kAbsent;
  o.label_column = "4";
  std::string path;
  if (variant == IrisVariant::kCorrected) {
    // First line is sklearn's "150,4,setosa,versicolor,virginica"; labels are 0/1/2.
    path = (fs::path(data_dir) / "iris" / "iris_sklearn.csv").string();
    o.skip_lines = 1;
    o.label_set = {"0", "1", "2"};
  } else {
    path = (fs::path(data_dir) / "iris" / "iris_uci_neuralcrngen.data").string();
    o.label_set = {"Iris-setosa", "Iris-versicolor", "Iris-virginica"};
  }
  o.min_samples_per_class = 2;
  Dataset d = LoadCsvDataset(path, o);
  d.name = "iris";
  d.feature_names = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
  d.class_names = {"setosa", "versicolor", "virginica"};
  return d;
}

Dataset LoadVirus(const std::string& data_dir) {
  const std::string path =
      (fs::path(data_dir) / "virus_gse73072" / "virus_onset_4class.csv").string();
  CsvTable all = ParseCsvTable(ReadTextFile(path), path, /*has_header=*/true);
  const int sym = all.Column("symptomatic");
  CsvTable kept;
  kept.source = all.source;
  kept.header = all.header;
  for (std::size_t i = 0; i < all.rows.size(); ++i) {
    const std::string& s = all.rows[i][sym];
    if (s != "0" && s != "1")
      throw InputError(
          fmt::format("{}column 'symptomatic': '{}' is not 0 or 1", Where(path, all.lines[i]), s));
    if (s == "1") {
      kept.rows.push_back(all.rows[i]);
      kept.lines.push_back(all.lines[i]);
    }
  }
  CsvOptions o;
  o.label_column = "label";
  o.feature_columns = {"10000_at", "10002_at", "10003_at", "10004_at", "10009_at",
                       "10013_at", "10014_at", "10016_at", "10019_at"};
  o.label_set = {"h1n1", "h3n2", "hrv", "rsv"};
  Dataset d = DatasetFromCsvTable(kept, o);
  d.name = "virus";
  return d;
}

}  // namespace ncrn
