#pragma once
// Optimised replacements for the serial N_Vector operations. Debian's SUNDIALS is built at -O0
// (docs/performance.md); CVODE/ARKODE spend much of a small solve in these loops. The ops table
// is per vector and copied by N_VClone, so patching the template vector before CVodeInit /
// ARKStepCreate makes every internal vector use them. Semantics follow nvector_serial exactly.
#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>

namespace ncrn::internal {

// Installs the optimised operations (including the fused ones) on a serial vector.
void UseFastSerialOps(N_Vector v);
// Same for a dense SUNMatrix (zero, copy, scale-add-identity, clone keeps the fast ops).
void UseFastDenseOps(SUNMatrix a);

}  // namespace ncrn::internal
