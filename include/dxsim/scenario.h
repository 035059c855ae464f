/**
 * @file dxsim/scenario.h
 * The scenario: what the user asks libdxsim to study, read from XML.
 *
 * A scenario names a rectangular study area with an environment class, the
 * device demand classes, the candidate technologies, the financial
 * assumptions, the procurement choice and the MIC programme menu. The XML
 * reader uses libxml2 with safe options: no network access, no DTD loading,
 * no entity substitution; a document with a DOCTYPE is refused. Every error
 * names the file, line, element path, attribute, value, unit and allowed range.
 * The format is documented in docs/scenario-format.md.
 */
#ifndef DXSIM_SCENARIO_H
#define DXSIM_SCENARIO_H

#include <stddef.h>
#include "dxsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Opaque scenario handle (one thread at a time). */
typedef struct dx_scenario dx_scenario;

/** Environment class of the study area: selects the propagation model. */
typedef enum {
    DX_ENV_RURAL = 0,
    DX_ENV_SUBURBAN = 1,
    DX_ENV_URBAN = 2,
    DX_ENV_INDOOR_OFFICE = 3,
    DX_ENV_INDOOR_FACTORY = 4
} dx_environment;

/** "rural", "suburban", "urban", "indoor-office", "indoor-factory". Never NULL. */
DX_API const char *dx_environment_name(dx_environment e);

/** Loader options. */
typedef struct {
    unsigned int version;   /**< DX_LOAD_OPTIONS_VERSION */
    size_t max_bytes;       /**< refuse larger documents; default 8 MiB */
    /** version 2: folder that relative file references (terrain dem, area file,
     *  calibration file) resolve against; NULL (default) = the folder of the
     *  path or name the scenario is read as */
    const char *base_dir;
} dx_load_options;
#define DX_LOAD_OPTIONS_VERSION 2

/** Fill *opts with defaults. @return DX_OK; DX_EINVAL for a NULL opts or a newer version. */
DX_API dx_status dx_load_options_init(dx_load_options *opts, unsigned int version);

/**
 * Read a scenario file.
 * @param path  file to read
 * @param opts  options or NULL for defaults
 * @param out   receives the scenario (caller frees with dx_scenario_free); NULL on failure
 * @return DX_OK; DX_EIO (unreadable); DX_EPARSE (malformed XML, DOCTYPE, unknown
 *         element or attribute); DX_EDOMAIN (a value outside its allowed range);
 *         DX_ENOTFOUND (unknown technology id); DX_ENOMEM.
 */
DX_API dx_status dx_scenario_load(const char *path, const dx_load_options *opts, dx_scenario **out);

/** Like dx_scenario_load from a memory buffer; name is used in messages ("demo.xml"). */
DX_API dx_status dx_scenario_load_memory(const char *xml, size_t len, const char *name,
                                         const dx_load_options *opts, dx_scenario **out);

/** The built-in demo scenario: a rural municipality comparing all catalogued technologies. */
DX_API dx_status dx_scenario_demo(dx_scenario **out);

/** The demo scenario's XML text (static, NUL-terminated; for users to copy and edit). */
DX_API const char *dx_scenario_demo_xml(void);

/** Free a scenario. NULL is a no-op. */
DX_API void dx_scenario_free(dx_scenario *sc);

/** Scenario name (borrowed, valid until dx_scenario_free). */
DX_API const char *dx_scenario_name(const dx_scenario *sc);

/** Source file name the scenario was read from (borrowed). */
DX_API const char *dx_scenario_source(const dx_scenario *sc);

/** Study area: width and height in metres and the environment class. Any output may be NULL. */
DX_API dx_status dx_scenario_area(const dx_scenario *sc, double *width_m, double *height_m,
                                  dx_environment *env);

/**
 * Demand area (m^2): width x height for a rectangle; for an area given as
 * latitude/longitude polygons (<area><polygon> or <area file>) the geodesic
 * area on GRS80 of the polygons minus their holes (dx_geo_area_m2). The grid
 * then covers only the polygons: pixels outside them or in a hole are not
 * demand area.
 */
DX_API dx_status dx_scenario_area_m2(const dx_scenario *sc, double *out_area_m2);

/**
 * Location of the study area: latitude/longitude (JGD2011, degrees) of its
 * south-west corner, from <area lat_deg lon_deg>. Outputs get NaN when the
 * scenario gives none. Either output may be NULL.
 * @return DX_OK; DX_ENOTFOUND when the scenario has no location (maps then say
 *         their origin is ASSUMED).
 */
DX_API dx_status dx_scenario_origin(const dx_scenario *sc, double *lat_deg, double *lon_deg);

/**
 * The area coverage a design must reach (<coverage target_area="..."/>; the
 * ASSUMED default 0.95), the target `dxsim run` judges feasibility by.
 * @return DX_OK; DX_EINVAL for NULL.
 */
DX_API dx_status dx_scenario_target_area_ratio(const dx_scenario *sc, double *out_ratio);

/** Number of demand classes / candidate technologies. */
DX_API size_t dx_scenario_demand_count(const dx_scenario *sc);
DX_API size_t dx_scenario_technology_count(const dx_scenario *sc);

/** Id of candidate technology i (borrowed). NULL when i is out of range. */
DX_API const char *dx_scenario_technology_id(const dx_scenario *sc, size_t i);

/** Number of routes (polylines checked along their length, e.g. a Level 4 bus line). */
DX_API size_t dx_scenario_route_count(const dx_scenario *sc);

/**
 * Route i of the scenario. Pointers are borrowed from sc (valid until
 * dx_scenario_free); any output may be NULL.
 * @param name               route name
 * @param n_points           vertices of the polyline (>= 2)
 * @param x_m, y_m           vertex coordinates in the area's local metres
 * @param required_ul_kbps   uplink each vehicle must sustain (0 = none)
 * @param step_m             sampling step along the route
 * @return DX_OK; DX_EINVAL for NULL sc or i out of range.
 */
DX_API dx_status dx_scenario_route(const dx_scenario *sc, size_t i, const char **name,
                                   size_t *n_points, const double **x_m, const double **y_m,
                                   double *required_ul_kbps, double *step_m);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_SCENARIO_H */
