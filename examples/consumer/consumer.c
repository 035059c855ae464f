/* Smallest useful libdxsim consumer: initialise, print the version and the
 * built-in technology catalogue. Built against the installed library by
 * tests/check_install.sh (find_package and pkg-config). */
#include <stdio.h>
#include <dxsim.h>

int main(void)
{
    if (dx_global_init(DX_INIT_GSL_HANDLER_OFF) != DX_OK)
        return 1;
    int maj, min, pat;
    dx_version(&maj, &min, &pat);
    if (maj != DX_VERSION_MAJOR || min != DX_VERSION_MINOR) {
        fprintf(stderr, "header/library version mismatch\n");
        return 1;
    }
    printf("dxsim %d.%d.%d, %zu technologies\n", maj, min, pat, dx_technology_count());
    /* the XML reader (libxml2) and the whole link: the built-in demo scenario */
    dx_scenario *sc = NULL;
    if (dx_scenario_demo(&sc) != DX_OK) {
        fprintf(stderr, "%s\n", dx_last_error());
        return 1;
    }
    printf("demo scenario: %s\n", dx_scenario_name(sc));
    dx_scenario_free(sc);
    for (size_t i = 0; i < dx_technology_count(); i++) {
        dx_technology t;
        if (dx_technology_get(i, &t) != DX_OK) {
            fprintf(stderr, "%s\n", dx_last_error());
            return 1;
        }
        printf("  %-16s %.0f MHz\n", t.id, t.fc_hz / 1e6);
    }
    return 0;
}
