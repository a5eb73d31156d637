# SUNDIALS 6.4 from Debian's libsundials-dev, through its CMake package config. Only CVODE is
# linked, never CVODES: both define the CVode* symbols. Debian builds SUNDIALS without
# optimisation, so the hot linear algebra is done by our own Eigen-based SUNLinearSolver or by
# KLU (see docs/performance.md).
find_package(SUNDIALS 6.4 REQUIRED COMPONENTS arkode cvode nvecserial sunmatrixdense
             sunmatrixsparse sunlinsoldense sunlinsolklu sunnonlinsolnewton)
add_library(ncrn_sundials INTERFACE)
target_link_libraries(ncrn_sundials INTERFACE
  SUNDIALS::arkode SUNDIALS::cvode SUNDIALS::nvecserial SUNDIALS::sunmatrixdense
  SUNDIALS::sunmatrixsparse SUNDIALS::sunlinsoldense SUNDIALS::sunlinsolklu
  SUNDIALS::sunnonlinsolnewton)
