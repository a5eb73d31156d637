#include "neuralcrn/io/dot.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string_view>

#include <fmt/format.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"
#include "text_util.h"

extern char** environ;

namespace ncrn {
namespace {

std::string Quote(std::string_view s) {
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

}  // namespace

void DotWriteOptions::Validate() const {
  if (rankdir != "LR" && rankdir != "TB") {
    throw InputError(fmt::format("DOT rankdir '{}' is not supported: expected LR or TB", rankdir));
  }
}

std::string FormatDot(const Crn& crn, const DotWriteOptions& options) {
  options.Validate();
  std::string out = fmt::format(
      "// Reaction graph written by neuralcrn: {} species, {} reactions ({} rate law).\n"
      "// Species: ellipses; reactions: boxes labelled with the rate; dashed: catalyst.\n"
      "digraph {} {{\n  rankdir={};\n  node [fontname=\"Helvetica\"];\n",
      crn.num_species(), crn.num_reactions(), ToString(crn.rate_law()), Quote(options.graph_name),
      options.rankdir);
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    out += fmt::format("  s{} [label={}, shape=ellipse];\n", s, Quote(crn.name(s)));
  }
  for (int i = 0; i < crn.num_reactions(); ++i) {
    const Reaction& r = crn.reactions()[i];
    out += fmt::format("  r{} [label={}, shape=box, fontsize=10, height=0.2];\n", i,
                       Quote(internal::Num(r.rate)));
    auto coefficient = [](int n) {
      return n > 1 ? fmt::format(" [label=\"{}\"]", n) : std::string();
    };
    for (const StoichTerm& t : r.reactants) {
      const int both = std::min(t.count, r.ProductCount(t.species));
      if (options.merge_catalysts && both == t.count && both == r.ProductCount(t.species)) {
        out += fmt::format("  s{} -> r{} [style=dashed, dir=none{}];\n", t.species, i,
                           t.count > 1 ? fmt::format(", label=\"{}\"", t.count) : "");
        continue;
      }
      out += fmt::format("  s{} -> r{}{};\n", t.species, i, coefficient(t.count));
    }
    for (const StoichTerm& t : r.products) {
      if (options.merge_catalysts && r.ReactantCount(t.species) == t.count) continue;
      out += fmt::format("  r{} -> s{}{};\n", i, t.species, coefficient(t.count));
    }
  }
  out += "}\n";
  return out;
}

bool DotAvailable() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string_view p(path);
  while (!p.empty()) {
    const size_t colon = p.find(':');
    const std::string dir(p.substr(0, colon));
    if (!dir.empty() && ::access((dir + "/dot").c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    p.remove_prefix(colon + 1);
  }
  return false;
}

void RenderDot(const std::string& dot_text, const std::string& format, const std::string& path) {
  if (format != "png" && format != "svg" && format != "pdf") {
    throw InputError(fmt::format("cannot render DOT as '{}': expected png, svg or pdf", format));
  }
  if (!DotAvailable()) {
    throw InputError(
        fmt::format("cannot render '{}': Graphviz 'dot' is not installed (Debian "
                    "package graphviz)",
                    path));
  }
  namespace fs = std::filesystem;
  const fs::path target(path);
  const std::string stem =
      (target.parent_path() / fmt::format(".{}.{}", target.filename().string(), ::getpid()))
          .string();
  const std::string in = stem + ".dot", out = stem + ".out";
  WriteFileAtomic(in, dot_text);
  const std::string flag = "-T" + format;
  const char* argv[] = {"dot", flag.c_str(), in.c_str(), "-o", out.c_str(), nullptr};
  pid_t pid = 0;
  int status = 0;
  const int rc = ::posix_spawnp(&pid, "dot", nullptr, nullptr, const_cast<char**>(argv), environ);
  const bool ok =
      rc == 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::error_code ec;
  fs::remove(in, ec);
  if (!ok) {
    fs::remove(out, ec);
    throw InputError(fmt::format("cannot render '{}': Graphviz 'dot -T{}' failed", path, format));
  }
  fs::rename(out, target, ec);
  if (ec) {
    fs::remove(out, ec);
    throw InputError(fmt::format("cannot write '{}': {}", path, ec.message()));
  }
}

}  // namespace ncrn
