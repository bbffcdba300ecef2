// runtime/random.h — the default generator, behind a lock, for the random factories.
#pragma once

#include <functional>

#include "kiln/factories.h"

namespace kiln {
// Runs f with `gen`, or with the process's default generator (locked) when gen is null.
void with_generator(Generator* gen, const std::function<void(Generator&)>& f);
}  // namespace kiln
