#pragma once
// The real datasets shipped in data/ (provenance in data/README.md), loaded unscaled. Split
// them with StratifiedSplit and scale with MinMaxScaler fitted on the training part (the
// paper's protocol: stratified 90/10 per class, min-max on the training set).
#include <string>

#include "neuralcrn/data/dataset.h"

namespace ncrn {

// The data/ directory: $NCRN_DATA_DIR if set, else the first of <exe>/../data,
// <exe>/../../data, <exe>/../share/neuralcrn/data that holds iris/ (so it works from a build
// directory inside the source tree and from an install). Throws InputError listing the paths
// tried.
std::string FindDataDir();

enum class IrisVariant {
  kCorrected,  // iris/iris_sklearn.csv: Fisher-corrected values (= UCI bezdekIris.data)
  kReference,  // iris/iris_uci_neuralcrngen.data: the file the paper's authors loaded
               // (original UCI iris.data, differs in rows 35 and 38)
};
std::string ToString(IrisVariant v);                      // "corrected", "reference"
IrisVariant IrisVariantFromString(const std::string& s);  // throws InputError

// Iris: 150 x 4 (sepal_length, sepal_width, petal_length, petal_width), 3 classes (setosa,
// versicolor, virginica), 50 each. Default variant kCorrected.
Dataset LoadIris(const std::string& data_dir, IrisVariant variant = IrisVariant::kCorrected);

// Virus Infection (GSE73072 at symptom onset), 4 classes (h1n1, h3n2, hrv, rsv): rows of
// virus_gse73072/virus_onset_4class.csv with symptomatic == 1 (535 samples: 144/173/132/86), 9
// gene features (the table's 10 genes without 10005_at, the lowest random-forest importance;
// the paper used 9 genes). Rows whose `symptomatic` is not 0 or 1 are rejected with their line.
Dataset LoadVirus(const std::string& data_dir);

}  // namespace ncrn
