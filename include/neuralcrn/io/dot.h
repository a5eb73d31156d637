#pragma once
// Graphviz DOT drawing of a network, and rendering it with Graphviz's `dot` program.
//
// The drawing is the usual bipartite graph: species are ellipses, reactions are small boxes
// labelled with their rate; an arrow species -> reaction per reactant, reaction -> species per
// product (labelled with the coefficient when > 1). A catalyst (same count on both sides) is
// drawn as one dashed undirected edge instead of two arrows, so catalytic templates stay
// readable.
#include <string>

#include "neuralcrn/core/crn.h"

namespace ncrn {

struct DotWriteOptions {
  // Graph name. Default "neuralcrn".
  std::string graph_name = "neuralcrn";
  // Layout direction: "LR" (left to right, default) or "TB". Other values are refused.
  std::string rankdir = "LR";
  // Draw catalysts as a dashed edge (default true); false draws the two arrows.
  bool merge_catalysts = true;

  void Validate() const;
};

std::string FormatDot(const Crn& crn, const DotWriteOptions& options = {});

// True if Graphviz's `dot` is on PATH.
bool DotAvailable();

// Runs `dot -T<format>` on the DOT text and writes the result to `path` atomically. `format` is
// "png", "svg" or "pdf". Throws InputError if `dot` is missing or fails (with its message).
void RenderDot(const std::string& dot_text, const std::string& format, const std::string& path);

}  // namespace ncrn
