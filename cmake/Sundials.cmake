# SUNDIALS 6.4 from Debian's libsundials-dev. Debian ships no CMake config for it, so the
# libraries are located directly. Note: Debian builds SUNDIALS without optimisation; the hot
# linear algebra is therefore done by our own Eigen-based SUNLinearSolver or by KLU (see
# docs/performance.md).
find_path(SUNDIALS_INCLUDE_DIR NAMES cvode/cvode.h REQUIRED)
set(_sun_libs)
foreach(lib sundials_arkode sundials_cvode sundials_cvodes sundials_nvecserial
            sundials_sunmatrixdense sundials_sunmatrixsparse sundials_sunlinsoldense
            sundials_sunlinsolklu sundials_sunnonlinsolnewton)
  find_library(${lib}_LIBRARY NAMES ${lib})
  if(${lib}_LIBRARY)
    list(APPEND _sun_libs ${${lib}_LIBRARY})
  else()
    message(WARNING "SUNDIALS library ${lib} not found")
  endif()
endforeach()
add_library(ncrn_sundials INTERFACE)
target_include_directories(ncrn_sundials INTERFACE ${SUNDIALS_INCLUDE_DIR} /usr/include/suitesparse)
target_link_libraries(ncrn_sundials INTERFACE ${_sun_libs})
