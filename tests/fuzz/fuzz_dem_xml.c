/* libFuzzer harness: the GSI 基盤地図情報 DEM XML reader (dx_dem_add_gsi_xml_memory),
 * followed by the queries a planner makes on whatever tile was accepted. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dx_dem *dem = NULL;
    if (dx_dem_create(&dem) != DX_OK)
        return 0;
    if (dx_dem_add_gsi_xml_memory(dem, "fuzz.xml", (const char *)data, size) == DX_OK) {
        dx_dem_tile_info info;
        if (dx_dem_tile_count(dem) > 0 && dx_dem_tile_info_get(dem, 0, &info) == DX_OK) {
            double lat[3] = {info.south_deg, 0.5 * (info.south_deg + info.north_deg), info.north_deg};
            double lon[3] = {info.west_deg, 0.5 * (info.west_deg + info.east_deg), info.east_deg};
            double h[3];
            unsigned char cls[3];
            size_t missing = 0;
            (void)dx_dem_elevation_m(dem, DX_DEM_NEAREST, 3, lat, lon, h, cls, &missing);
            (void)dx_dem_elevation_m(dem, DX_DEM_BILINEAR, 3, lat, lon, h, NULL, NULL);
        }
    }
    dx_dem_free(dem);
    return 0;
}
