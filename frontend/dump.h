// frontend/dump.h — KILN_DUMP=DIR: every captured graph and graph segment is written there as
// .kir, and every break and recompile is appended to DIR/events.jsonl (one JSON object a line),
// which `kiln explain DIR` summarises.
#pragma once

#include <string>

#include "ir/graph.h"
#include "kiln/compile.h"

namespace kiln::frontend {

// Whether KILN_DUMP is set.
bool dumping();
// Writes `g` as DIR/<stem>_<n>.kir (n counts per process); returns the path or "".
std::string dump_graph(const ir::Graph& g, const std::string& stem);
void dump_event(const ExplainEvent& e);

}  // namespace kiln::frontend
