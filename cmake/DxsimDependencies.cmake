# Finds libdxsim's dependencies and names the Debian package when one is missing.
# GSL is linked WITHOUT libgslcblas: its CBLAS calls are served by OpenBLAS.
find_package(PkgConfig)

function(dxsim_missing what pkg)
  message(FATAL_ERROR "dxsim: ${what} not found. On Debian/Ubuntu install it with:\n"
                      "  apt-get install ${pkg}\n(or run scripts/install-deps.sh)")
endfunction()

# GSL: library and headers (not the GSL::gsl target, which drags in gslcblas)
find_path(DXSIM_GSL_INCLUDE gsl/gsl_errno.h)
find_library(DXSIM_GSL_LIB gsl)
if(NOT DXSIM_GSL_INCLUDE OR NOT DXSIM_GSL_LIB)
  dxsim_missing("GSL (GNU Scientific Library)" libgsl-dev)
endif()

# OpenBLAS provides the cblas_* symbols GSL needs
find_library(DXSIM_OPENBLAS_LIB NAMES openblas)
if(NOT DXSIM_OPENBLAS_LIB)
  dxsim_missing("OpenBLAS" libopenblas-dev)
endif()

find_package(LibXml2 QUIET)
if(NOT LibXml2_FOUND)
  dxsim_missing("libxml2" libxml2-dev)
endif()

if(DXSIM_WITH_PNG)
  find_package(PNG QUIET)
  if(NOT PNG_FOUND)
    dxsim_missing("libpng (or configure with -DDXSIM_WITH_PNG=OFF)" libpng-dev)
  endif()
endif()

if(DXSIM_WITH_OPENMP)
  find_package(OpenMP QUIET COMPONENTS C)
  if(NOT OpenMP_C_FOUND)
    message(WARNING "dxsim: OpenMP not found; grid kernels run on one thread (install libgomp via gcc)")
  endif()
endif()

if(DXSIM_WITH_GDAL)
  find_package(GDAL QUIET)
  if(NOT GDAL_FOUND)
    dxsim_missing("GDAL (or configure with -DDXSIM_WITH_GDAL=OFF)" libgdal-dev)
  endif()
endif()

# --- terrain / geo / calibration (issue 12) ---------------------------------
# PROJ (libproj-dev): geodesics (geodesic.h) and JGD2011 plane-rectangular CRSs.
# minizip (libminizip-dev): GSI DEM zips without making GDAL mandatory.
# LAPACKE (liblapacke-dev): least squares of the calibration module; its LAPACK
# is served by OpenBLAS, already linked.
if(PkgConfig_FOUND)
  pkg_check_modules(DXSIM_PROJ QUIET IMPORTED_TARGET proj)
  pkg_check_modules(DXSIM_MINIZIP QUIET IMPORTED_TARGET minizip)
endif()
if(NOT DXSIM_PROJ_FOUND)
  dxsim_missing("PROJ" "libproj-dev proj-data")
endif()
if(NOT DXSIM_MINIZIP_FOUND)
  dxsim_missing("minizip" libminizip-dev)
endif()
find_path(DXSIM_LAPACKE_INCLUDE lapacke.h)
find_library(DXSIM_LAPACKE_LIB lapacke)
if(NOT DXSIM_LAPACKE_INCLUDE OR NOT DXSIM_LAPACKE_LIB)
  dxsim_missing("LAPACKE" liblapacke-dev)
endif()

add_library(dxsim_deps INTERFACE)
add_library(dxsim::deps ALIAS dxsim_deps)
target_include_directories(dxsim_deps INTERFACE ${DXSIM_GSL_INCLUDE})
target_link_libraries(dxsim_deps INTERFACE ${DXSIM_GSL_LIB} ${DXSIM_OPENBLAS_LIB} LibXml2::LibXml2 m)
target_include_directories(dxsim_deps INTERFACE ${DXSIM_LAPACKE_INCLUDE})
target_link_libraries(dxsim_deps INTERFACE PkgConfig::DXSIM_PROJ PkgConfig::DXSIM_MINIZIP ${DXSIM_LAPACKE_LIB})
if(DXSIM_WITH_PNG)
  target_link_libraries(dxsim_deps INTERFACE PNG::PNG)
  target_compile_definitions(dxsim_deps INTERFACE DXSIM_HAVE_PNG=1)
endif()
if(DXSIM_WITH_OPENMP AND OpenMP_C_FOUND)
  target_link_libraries(dxsim_deps INTERFACE OpenMP::OpenMP_C)
  target_compile_definitions(dxsim_deps INTERFACE DXSIM_HAVE_OPENMP=1)
elseif(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  # Without the OpenMP runtime the kernels' "#pragma omp simd" still vectorise
  # (-fopenmp-simd needs no library); without it GCC warns on every pragma.
  target_compile_options(dxsim_deps INTERFACE -fopenmp-simd)
endif()
if(DXSIM_WITH_GDAL)
  target_link_libraries(dxsim_deps INTERFACE GDAL::GDAL)
  target_compile_definitions(dxsim_deps INTERFACE DXSIM_HAVE_GDAL=1)
endif()

# MPI (optional, for `dxsim sweep` under mpirun): only the CLI links it, never libdxsim.
set(DXSIM_WITH_MPI AUTO CACHE STRING "MPI driver of dxsim sweep: AUTO (if found), ON, OFF")
set(DXSIM_MPI_FOUND OFF)
if(NOT DXSIM_WITH_MPI STREQUAL "OFF")
  find_package(MPI QUIET COMPONENTS C)
  if(MPI_C_FOUND)
    set(DXSIM_MPI_FOUND ON)
  elseif(DXSIM_WITH_MPI STREQUAL "ON")
    dxsim_missing("MPI (or configure with -DDXSIM_WITH_MPI=OFF)" "libopenmpi-dev openmpi-bin")
  endif()
endif()

# Tests
if(DXSIM_BUILD_TESTS)
  find_path(DXSIM_CMOCKA_INCLUDE cmocka.h)
  find_library(DXSIM_CMOCKA_LIB cmocka)
  if(NOT DXSIM_CMOCKA_INCLUDE OR NOT DXSIM_CMOCKA_LIB)
    dxsim_missing("cmocka (or configure with -DDXSIM_BUILD_TESTS=OFF)" libcmocka-dev)
  endif()
endif()
