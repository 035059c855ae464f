/**
 * @file dxsim/sweep.h
 * Sweeps: many scenarios and design variants, one results table.
 *
 * A sweep spec (XML, docs/sweep-format.md) names a set of scenarios —
 * files, a folder, one base scenario with parameter grids, or a CSV table of
 * per-municipality inputs — the design variants to run on each (any
 * attribute of the scenario set or scaled), the columns to keep and the
 * output folder. Loading a spec expands it into jobs: one job is one
 * scenario × one variant, with its scenario XML text already built (the
 * spec's edits applied to the base document with libxml2).
 *
 * Running a job never fails because of its scenario: a scenario that does not
 * load or run gives an error row carrying the message (file, line, element).
 * Completed jobs are appended to a write-ahead journal in the output folder
 * (one record per job, with a completion marker and a checksum, fsync'ed), so
 * a killed sweep resumes without recomputing or losing completed rows and
 * without partial rows. The final table (results.csv, results.jsonl) lists
 * the rows in job order (the spec's order), so it is the same, byte for
 * byte, for any number of threads or processes.
 *
 * This header is the whole sweep in one process (dx_sweep_run, threads via
 * OpenMP) and the building blocks a distributed driver needs (the MPI driver
 * of `dxsim sweep` uses them: dx_sweep_run_job on every rank, the journal on
 * rank 0). libdxsim itself never depends on MPI.
 */
#ifndef DXSIM_SWEEP_H
#define DXSIM_SWEEP_H

#include <stddef.h>
#include "dxsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A loaded sweep spec: its jobs (opaque; read-only after loading, so one
 *  dx_sweep may be shared by threads that call dx_sweep_run_job). */
typedef struct dx_sweep dx_sweep;

/**
 * Read a sweep spec. Paths inside it are relative to the spec's folder.
 * The XML is read safely (libxml2 without network, DTD or entities; a
 * DOCTYPE is refused); every error names file, line, element, value and
 * allowed range. Base scenarios and CSV tables are read here too; a base
 * scenario that is not well-formed is not an error of the spec: its jobs
 * give error rows when run.
 * @param path  the spec file
 * @param out   receives the sweep (free with dx_sweep_free); NULL on failure
 * @return DX_OK; DX_EIO; DX_EPARSE; DX_EDOMAIN; DX_ENOMEM.
 */
DX_API dx_status dx_sweep_load(const char *path, dx_sweep **out);

/**
 * Like dx_sweep_load from memory.
 * @param name      file name used in messages
 * @param base_dir  folder that relative paths in the spec are resolved against
 */
DX_API dx_status dx_sweep_load_memory(const char *xml, size_t len, const char *name,
                                      const char *base_dir, dx_sweep **out);

/** Free a sweep. NULL is a no-op. */
DX_API void dx_sweep_free(dx_sweep *sw);

/** Sweep name (spec's <sweep name>; borrowed). */
DX_API const char *dx_sweep_name(const dx_sweep *sw);

/** Output folder named by the spec (<output dir>, relative to the current
 *  folder like `dxsim run -o`; "dxsim-sweep" when absent). Borrowed. */
DX_API const char *dx_sweep_output_dir(const dx_sweep *sw);

/** Number of jobs (scenarios × variants). */
DX_API size_t dx_sweep_job_count(const dx_sweep *sw);

/** Key of job i: "SCENARIO" or "SCENARIO|VARIANT" (borrowed). NULL when i is out of range. */
DX_API const char *dx_sweep_job_key(const dx_sweep *sw, size_t i);

/** Estimated relative cost of job i (technologies × Monte Carlo draws × area;
 *  a scheduling weight, not seconds). 0 when i is out of range. */
DX_API double dx_sweep_job_cost(const dx_sweep *sw, size_t i);

/**
 * Order in which to hand out the jobs: largest estimated cost first, ties in
 * job order. Writes dx_sweep_job_count(sw) indices to order.
 */
DX_API dx_status dx_sweep_job_order(const dx_sweep *sw, size_t *order);

/**
 * Scenario XML of job i (base scenario with the job's edits applied), as
 * given to dx_scenario_load_memory.
 * @param out_xml receives NUL-terminated text (free with dx_free)
 * @return DX_OK; DX_EINVAL (i out of range); DX_ENOMEM; or the error that
 *         building the XML met (for a base scenario that is not well-formed).
 */
DX_API dx_status dx_sweep_job_xml(const dx_sweep *sw, size_t i, char **out_xml);

/**
 * Run job i and return its journal record (the rows of the job, opaque text
 * for dx_sweep_journal_append). A scenario that fails gives an error row, not
 * a failure status. With out_dir and the spec's <output reports="yes">, the
 * job's report.md/results.json/results.csv are written to
 * out_dir/reports/KEY/. Thread safety: any number of threads may run jobs of
 * the same dx_sweep at once.
 * @param out_record receives the record (free with dx_free)
 * @return DX_OK; DX_EINVAL; DX_ENOMEM; DX_EIO (a report could not be written).
 */
DX_API dx_status dx_sweep_run_job(const dx_sweep *sw, size_t i, const char *out_dir,
                                  char **out_record);

/** The write-ahead journal of a sweep's output folder (used by one thread at a time). */
typedef struct dx_sweep_journal dx_sweep_journal;

/**
 * Open (create) out_dir/journal.dxj. With resume = 1, the complete records of
 * an earlier run whose job key and scenario text match a job of this sweep
 * are kept (those jobs are done) and a torn last record is cut off; records
 * of other specs or changed scenarios are dropped. With resume = 0 the
 * journal starts empty.
 * @return DX_OK; DX_EIO; DX_ENOMEM.
 */
DX_API dx_status dx_sweep_journal_open(const dx_sweep *sw, const char *out_dir, int resume,
                                       dx_sweep_journal **out);

/** 1 when job i has a complete record in the journal. */
DX_API int dx_sweep_journal_has(const dx_sweep_journal *j, size_t i);

/** Number of jobs with a complete record. */
DX_API size_t dx_sweep_journal_done_count(const dx_sweep_journal *j);

/** Number of jobs whose record is an error row. */
DX_API size_t dx_sweep_journal_failed_count(const dx_sweep_journal *j);

/**
 * Append job i's record (from dx_sweep_run_job) with its completion marker
 * and fsync. A job already recorded is not appended twice (DX_OK).
 * @return DX_OK; DX_EINVAL (i out of range or not a record); DX_EIO.
 */
DX_API dx_status dx_sweep_journal_append(dx_sweep_journal *j, size_t i, const char *record);

/**
 * Durability of appends. With every_append = 1 (the default) each append is
 * fsync'ed before it returns. With 0, appends are written at once (a killed
 * process loses nothing) and made durable against a machine crash by
 * dx_sweep_journal_sync: for a coordinator that appends in batches (one sync
 * per batch instead of one per job).
 */
DX_API void dx_sweep_journal_set_sync(dx_sweep_journal *j, int every_append);

/** fsync what was appended since the last sync. @return DX_OK; DX_EIO. */
DX_API dx_status dx_sweep_journal_sync(dx_sweep_journal *j);

/**
 * Write the final table from the journal: results.csv and results.jsonl
 * (one row per job × technology, in job order), summary.md and, when the
 * spec asks (<output chart="yes">), summary.svg. Files are written to a
 * temporary name and renamed.
 * @return DX_OK; DX_EINVAL when a job has no record yet (names the first); DX_EIO.
 */
DX_API dx_status dx_sweep_journal_finish(dx_sweep_journal *j);

/** Close the journal. NULL is a no-op. */
DX_API void dx_sweep_journal_close(dx_sweep_journal *j);

/** Progress callback: jobs done (including those of a resumed journal), total, failed. */
typedef void (*dx_sweep_progress_fn)(size_t done, size_t total, size_t failed, void *user);

/** Options of dx_sweep_run. */
typedef struct {
    unsigned int version;          /**< DX_SWEEP_OPTIONS_VERSION */
    int threads;                   /**< jobs run at once (OpenMP); 0 = one per core; default 0 */
    int resume;                    /**< 1: keep the journal's completed jobs; default 0 */
    const char *out_dir;           /**< output folder; NULL = the spec's; default NULL */
    dx_sweep_progress_fn progress; /**< called after every job (from one thread at a time); may be NULL */
    void *progress_user;           /**< passed to progress */
} dx_sweep_options;
#define DX_SWEEP_OPTIONS_VERSION 1

/** Fill *opts with defaults. @return DX_OK; DX_EINVAL for NULL or a newer version. */
DX_API dx_status dx_sweep_options_init(dx_sweep_options *opts, unsigned int version);

/** Size of dx_sweep_options, for bindings to check their layout. */
DX_API size_t dx_sweep_options_size(void);

/**
 * Run the whole sweep in this process: open the journal, run the jobs not yet
 * done (largest first, dynamically over the threads), append each, then
 * write the final table (dx_sweep_journal_finish).
 * @param out_failed  receives the number of error rows (may be NULL)
 * @return DX_OK (even when some scenarios failed: see out_failed); DX_EIO; DX_ENOMEM.
 */
DX_API dx_status dx_sweep_run(const dx_sweep *sw, const dx_sweep_options *opts, size_t *out_failed);

#ifdef __cplusplus
}
#endif
#endif /* DXSIM_SWEEP_H */
