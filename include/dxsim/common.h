/**
 * @file dxsim/common.h
 * Status codes, the thread-local last-error message, library-owned memory,
 * process-wide initialisation and the run-time version.
 *
 * Every fallible libdxsim function returns a dx_status: 0 on success, a
 * negative code on failure. On failure the calling thread's message
 * (dx_last_error) names the argument, index, value, unit and allowed range.
 */
#ifndef DXSIM_COMMON_H
#define DXSIM_COMMON_H

#include <stddef.h>
#include "dxsim/export.h"
#include "dxsim/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One list generates the enum, the names and the default messages. */
#define DX_STATUS_MAP(X)                                                \
    X(OK, 0, "success")                                                 \
    X(ERROR, -1, "unspecified failure")                                 \
    X(EINVAL, -2, "invalid argument")                                   \
    X(EDOMAIN, -3, "input outside the model's validity range")          \
    X(ENOMEM, -4, "out of memory")                                      \
    X(EIO, -5, "file could not be read or written")                     \
    X(EPARSE, -6, "malformed scenario document")                        \
    X(EBUFSIZE, -7, "output buffer too small")                          \
    X(ENOCONV, -8, "iteration did not converge")                        \
    X(ENOTFOUND, -9, "named item not found")                            \
    X(EREFUSED, -10, "design refused by a regulatory limit")

/** Result of every fallible call: DX_OK (0) or a negative failure code. */
typedef enum {
#define DX_STATUS_ENUM_(name, value, text) DX_##name = (value),
    DX_STATUS_MAP(DX_STATUS_ENUM_)
#undef DX_STATUS_ENUM_
} dx_status;

/** Name of a status code, e.g. "DX_EDOMAIN"; "DX_UNKNOWN" for other values. Never NULL. */
DX_API const char *dx_status_name(int status);

/** Default one-line description of a status code. Never NULL. */
DX_API const char *dx_status_message(int status);

/**
 * The calling thread's message for the most recent failure.
 * Thread safety: thread-local; valid until the thread's next libdxsim call.
 * @return a NUL-terminated string, never NULL ("" when no failure was recorded).
 */
DX_API const char *dx_last_error(void);

/**
 * Progress of a long run (grid planning, Monte Carlo): stage names the work
 * ("plan", "monte_carlo", "done"); done_ratio (0..1) is the share of the whole
 * run done and never decreases; the last call has done_ratio = 1. Called
 * from the calling thread or a worker thread, never concurrently; it must
 * not call back into libdxsim with the same scenario.
 */
typedef void (*dx_progress_fn)(void *user, const char *stage, double done_ratio);

/** Bytes of a user-given name (demand class, cost item), NUL included: a
 *  200-byte Japanese name fits; a longer one is refused where it is read
 *  (file, line, element, limit), never cut (issue 10). */
#define DX_NAME_MAX 256

/** Clear the calling thread's message. */
DX_API void dx_clear_error(void);

/** Free a buffer that libdxsim returned (report text, JSON). NULL is a no-op. */
DX_API void dx_free(void *ptr);

/** Flags for dx_global_init. */
#define DX_INIT_DEFAULT 0u
/** Switch GSL's process-global aborting error handler off (recommended). */
#define DX_INIT_GSL_HANDLER_OFF 1u

/**
 * Process-wide initialisation. Call once at start-up before other threads use
 * libdxsim. With DX_INIT_GSL_HANDLER_OFF, GSL errors become status codes
 * instead of calling abort().
 * @return DX_OK; DX_EINVAL for unknown flag bits.
 */
DX_API dx_status dx_global_init(unsigned int flags);

/**
 * Run-time version of the loaded library (may differ from DX_VERSION_* of
 * the headers the caller was compiled with). Any pointer may be NULL.
 */
DX_API void dx_version(int *major, int *minor, int *patch);

/** Run-time version as a string "major.minor.patch". Never NULL, static. */
DX_API const char *dx_version_string(void);

/**
 * Cheap check, before any computation, that a run can write its result folder
 * dir: dir is an existing writable folder (or can be created: its parent
 * exists and is writable), and the parent accepts the private temporary folder
 * every write goes through (see docs/robustness.md). Nothing is left behind.
 * @param dir  the output folder (UTF-8 path)
 * @return DX_OK; DX_EINVAL for NULL or ""; DX_EIO naming the path and the
 *         system's reason (not a folder, permission denied, read-only ...).
 */
DX_API dx_status dx_output_check(const char *dir);

/**
 * Read a whole input file the way every reader of the library does: a FIFO,
 * device or folder is refused at once (the open never blocks), and a file
 * larger than max_bytes is refused before anything is allocated.
 * @param out_text receives the bytes plus a terminating NUL; free with dx_free
 * @param out_len  receives the length in bytes (may be NULL)
 * @return DX_OK; DX_EIO naming the path (missing, not a regular file, read
 *         error); DX_EPARSE for a file above max_bytes; DX_ENOMEM.
 */
DX_API dx_status dx_file_read(const char *path, size_t max_bytes, char **out_text,
                              size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_COMMON_H */
