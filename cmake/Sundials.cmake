# SUNDIALS 6.4 through its CMake package config. Preferred: the optimised build that
# scripts/build-sundials.sh makes from Debian's source package (NCRN_SUNDIALS_PREFIX); else
# Debian's libsundials-dev, which is compiled at -O0: the same results, solves about 1.6x slower
# (docs/performance.md). Our own dense LU and vector kernels (src/sim) are used with either.
# Only CVODE is linked, never CVODES: both define the CVode* symbols.
set(NCRN_SUNDIALS_PREFIX "/opt/neuralcrn/sundials" CACHE PATH
    "Where scripts/build-sundials.sh installs the optimised SUNDIALS")
find_package(SUNDIALS 6.4 REQUIRED
             COMPONENTS arkode cvode nvecserial sunmatrixdense sunmatrixsparse sunlinsoldense
                        sunlinsolklu sunnonlinsolnewton
             HINTS ${NCRN_SUNDIALS_PREFIX})
cmake_path(IS_PREFIX NCRN_SUNDIALS_PREFIX "${SUNDIALS_DIR}" NORMALIZE _ncrn_sundials_optimised)
if(_ncrn_sundials_optimised)
  message(STATUS "SUNDIALS ${SUNDIALS_VERSION}: optimised build in ${NCRN_SUNDIALS_PREFIX}")
else()
  message(WARNING "SUNDIALS ${SUNDIALS_VERSION} from ${SUNDIALS_DIR}: Debian's build without "
                  "optimisation (solves about 1.6x slower); run scripts/build-sundials.sh")
endif()
add_library(ncrn_sundials INTERFACE)
target_link_libraries(ncrn_sundials INTERFACE
  SUNDIALS::arkode SUNDIALS::cvode SUNDIALS::nvecserial SUNDIALS::sunmatrixdense
  SUNDIALS::sunmatrixsparse SUNDIALS::sunlinsoldense SUNDIALS::sunlinsolklu
  SUNDIALS::sunnonlinsolnewton)
