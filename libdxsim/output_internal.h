/*
 * Output transactions: the one way libdxsim writes files (issue 13).
 *
 *     dx__output *t;
 *     DX_TRY(dx__output_begin(dir, DX__OUTPUT_FOLDER, &t));
 *     st = dx__output_add(t, "report.md", text, len);      // repeat per file
 *     st = st == DX_OK ? dx__output_commit(t) : (dx__output_abort(t), st);
 *
 * Files are written into a private folder made by mkdtemp (mode 0700) in the
 * target's parent, opened with O_CREAT|O_EXCL|O_NOFOLLOW (a planted symlink or
 * an existing name is never followed or overwritten), fsynced, then moved into
 * place; a failed or abandoned transaction leaves the target untouched.
 *
 * DX__OUTPUT_FOLDER (a run's result folder): the reader never sees a mix of old
 * and new files of the run.
 *   - target absent: the private folder is renamed to the target (one rename);
 *   - target present and a plain result folder (regular files and symlinks
 *     only, at most 4096, not sticky or world-writable): the private folder
 *     receives hard links of the target's other files and is swapped with the
 *     target in one renameat2(RENAME_EXCHANGE); the old folder is then swept
 *     (entries created by others meanwhile are moved over, never deleted).
 *   Otherwise (subfolders, shared folders like /tmp, the working folder, a
 *   mount point, or a file system that cannot exchange or hard-link) the
 *   commit places one file at a time (each file atomic, the set not);
 *   dx__output_last_placed() says which.
 * DX__OUTPUT_FILES (single files such as a coverage map and its PNG): each file
 *   replaces its namesake in the existing folder with one rename; files appear
 *   in the order they were added.
 * One writer per target at a time (a concurrent writer's files may be lost).
 */
#ifndef DXSIM_OUTPUT_INTERNAL_H
#define DXSIM_OUTPUT_INTERNAL_H

#include "dx_internal.h"

typedef struct dx__output dx__output;

typedef enum {
    DX__OUTPUT_FOLDER = 0, /**< dir is a run's result folder: all files appear together */
    DX__OUTPUT_FILES = 1   /**< dir is an existing folder: each file replaced atomically */
} dx__output_kind;

/** How the last commit placed the files (tests and documentation). */
typedef enum {
    DX__OUTPUT_PLACED_NEW_FOLDER = 1, /**< whole folder renamed into place */
    DX__OUTPUT_PLACED_EXCHANGE = 2,   /**< folder swapped with the old one */
    DX__OUTPUT_PLACED_PER_FILE = 3    /**< one rename per file */
} dx__output_placed;

/** Start a transaction for the folder dir (DX__OUTPUT_FOLDER: created when absent;
 *  DX__OUTPUT_FILES: must exist). Checks that the folder can be written first. */
dx_status dx__output_begin(const char *dir, dx__output_kind kind, dx__output **out);
/** Write name (a plain file name, no '/') with len bytes into the transaction. */
dx_status dx__output_add(dx__output *t, const char *name, const void *data, size_t len);
/** Reserve name for a library that writes by path (GDAL): *out_path (owned by t,
 *  valid until commit/abort) is inside the private folder; the file must not exist. */
dx_status dx__output_reserve(dx__output *t, const char *name, const char **out_path);
/** Move every file into place (see above) and free t (also on failure). */
dx_status dx__output_commit(dx__output *t);
/** Delete the private folder and free t; the target is untouched. NULL is a no-op. */
void dx__output_abort(dx__output *t);
/** How this thread's last successful commit placed its files. */
dx__output_placed dx__output_last_placed(void);
/** Test hook: make the next commit fail after k file moves (-1 = never). Simulates
 *  a kill mid-commit for the "never a mix" tests. */
void dx__output_test_fail_after(long k);

#endif
