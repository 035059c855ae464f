/* libFuzzer harness: the drive-test / LPWA measurement table of `dxsim
 * calibrate` (dx_calibrate_samples_parse_csv), then the fit on what it
 * accepted. The first input byte picks which of tx_dbm / sensitivity_dbm are
 * given, so the rssi/snr and lost-packet branches are reached too. */
#include <math.h>
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    double tx = (data[0] & 1) ? 30.0 : NAN, sens = (data[0] & 2) ? -137.0 : NAN;
    dx_calibrate_samples s;
    if (dx_calibrate_samples_parse_csv((const char *)data + 1, size - 1, "fuzz.csv", tx, sens,
                                       &s) != DX_OK)
        return 0;
    if (s.n <= 2000) { /* the fit is O(n) per iteration; keep each input fast */
        dx_propagation_params pp;
        dx_propagation_params_init(&pp, DX_PROPAGATION_PARAMS_VERSION);
        dx_calibrate_options o;
        dx_calibrate_options_init(&o, DX_CALIBRATE_OPTIONS_VERSION);
        dx_calibration c;
        (void)dx_calibrate_fit_model(DX_PROPAGATION_HATA, &pp, 920e6, 20.0, 1.5, s.n, s.d2d_m,
                                     s.path_loss_db, s.has_lost ? s.lost : NULL, NULL,
                                     s.has_group ? s.group : NULL, &o, &c);
    }
    dx_calibrate_samples_dispose(&s);
    return 0;
}
