# Packaging of the installed library: the static archive's link interface, the
# pkg-config fields, the licence and the RPATH of installed programs.
# Included from CMakeLists.txt after the dxsim and dxsim_static targets exist.

set(DXSIM_LICENSE "MIT")   # LICENSE at the repository root

# ---- libdxsim.a: what a consumer must link besides it -------------------------
# Build tree: dxsim::deps. Install tree: the same libraries by the absolute
# paths found at configure time, so dxsim-config.cmake needs no find_dependency.
set(DXSIM_STATIC_INSTALL_LIBS ${DXSIM_GSL_LIB} ${DXSIM_LAPACKE_LIB} ${DXSIM_OPENBLAS_LIB}
    ${LIBXML2_LIBRARY} ${DXSIM_PROJ_LINK_LIBRARIES} ${DXSIM_MINIZIP_LINK_LIBRARIES})
# PROJ (geo, terrain), minizip (GSI DEM zips), LAPACKE (calibration least squares).
# PROJ and minizip go in Libs.private, not Requires.private: `pkg-config --static
# proj` would pull libcurl's own static dependencies (nghttp2, ssh2, ldap ...),
# which Debian does not ship as archives; the consumer links their shared copies.
set(DXSIM_PC_REQUIRES_PRIVATE "gsl libxml-2.0")
set(DXSIM_PC_LIBS_PRIVATE "-lproj -lminizip -llapacke -lopenblas")
if(DXSIM_WITH_PNG)
  list(APPEND DXSIM_STATIC_INSTALL_LIBS ${PNG_LIBRARIES})
  string(APPEND DXSIM_PC_REQUIRES_PRIVATE " libpng")
endif()
if(DXSIM_WITH_OPENMP AND OpenMP_C_FOUND)
  list(APPEND DXSIM_STATIC_INSTALL_LIBS ${OpenMP_C_LIBRARIES})
  # GCC's runtime (libgomp); -fopenmp would also work but is a compiler flag
  foreach(omp_lib IN LISTS OpenMP_C_LIB_NAMES)
    string(APPEND DXSIM_PC_LIBS_PRIVATE " -l${omp_lib}")
  endforeach()
endif()
if(DXSIM_WITH_GDAL)
  list(APPEND DXSIM_STATIC_INSTALL_LIBS ${GDAL_LIBRARIES})
  string(APPEND DXSIM_PC_REQUIRES_PRIVATE " gdal")
endif()
list(APPEND DXSIM_STATIC_INSTALL_LIBS m)
string(APPEND DXSIM_PC_LIBS_PRIVATE " -lm")
target_link_libraries(dxsim_static INTERFACE "$<INSTALL_INTERFACE:${DXSIM_STATIC_INSTALL_LIBS}>")

# ---- licence -------------------------------------------------------------------
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- RPATH of installed programs ------------------------------------------------
# The installed `dxsim` finds libdxsim relative to itself, so a
# `cmake --install --prefix ANYWHERE` copy runs without LD_LIBRARY_PATH.
# Applies to targets created after this point (the CLI, examples), not to
# libdxsim.so itself.
option(DXSIM_INSTALL_RPATH "Give installed programs the RPATH \$ORIGIN/../<libdir>" ON)
if(DXSIM_INSTALL_RPATH AND NOT DEFINED CMAKE_INSTALL_RPATH)
  set(CMAKE_INSTALL_RPATH "\$ORIGIN/../${CMAKE_INSTALL_LIBDIR}")
endif()
