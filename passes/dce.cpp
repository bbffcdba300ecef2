// passes/dce.cpp — dead-code elimination: every op is pure, so a node none of whose results
// reaches a return is removed.
#include "passes/pass.h"

namespace kiln::passes {

bool dead_code_elimination(ir::Graph& g) { return g.remove_dead_nodes() > 0; }

}  // namespace kiln::passes
