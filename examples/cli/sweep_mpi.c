/*
 * MPI driver of `dxsim sweep` (built with DXSIM_WITH_MPI): rank 0 hands out
 * jobs dynamically, largest estimated cost first, to its own threads and to
 * the other ranks on request; every rank runs its jobs on pthreads through
 * dx_sweep_run_job; rank 0 alone writes the journal and the final table.
 *
 * Only the main thread of each rank calls MPI (MPI_THREAD_FUNNELED); it polls
 * with MPI_Iprobe and short sleeps, so a waiting rank does not spin a core.
 * Errors return (MPI_ERRORS_RETURN) instead of aborting. A rank that sends
 * nothing (no result, request or heartbeat) for --rank-timeout seconds is
 * declared lost: its jobs are re-issued, and after the table is written the
 * job is ended with MPI_Abort (exit status 3), since MPI cannot shut down
 * cleanly with a rank missing. What a dead process does to the job is up to
 * the MPI runtime: Open MPI's mpirun ends the whole job when a rank dies;
 * the journal keeps every completed job, and `--resume` finishes the rest.
 */
#ifdef DXSIM_HAVE_MPI
#define _POSIX_C_SOURCE 200809L
#include <mpi.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef DXSIM_HAVE_OPENMP
#include <omp.h>
#endif
#include "dxcli.h"
#include "sweep_cli.h"

/* Main-thread poll intervals when idle (a worker finishing a job wakes it at
 * once): rank 0 answers other ranks' requests within RANK0_POLL_US; a worker
 * rank waiting for nothing in particular checks for STOP every WORKER_POLL_US
 * (its heartbeat is due every second). Jobs take 0.1-1 s, so 2 ms of request
 * latency is below 2 % of a job. */
#define RANK0_POLL_US 2000L
#define WORKER_POLL_US 20000L

enum { TAG_REQ = 11, TAG_ASSIGN = 12, TAG_RESULT = 13, TAG_BEAT = 14, TAG_STOP = 15, TAG_BYE = 16 };

typedef struct {
    size_t job;
    char *rec;
} outbox_item;

/* Jobs of this rank: a queue filled by the main thread, drained by the workers. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t work; /* a job was queued, or the pool is finishing */
    pthread_cond_t done; /* a worker finished a job (or failed) */
    const dx_sweep *sw;
    const char *dir;
    int threads;
    size_t *queue;
    size_t q_head, q_len, q_cap;
    int busy;
    int finished;
    outbox_item *out;
    size_t n_out, cap_out;
    int fatal;
    char fatal_msg[512];
} pool;

static void sleep_us(long us)
{
    struct timespec ts = {0, us * 1000L};
    nanosleep(&ts, NULL);
}

static void *worker(void *arg)
{
    pool *p = arg;
#ifdef DXSIM_HAVE_OPENMP
    omp_set_num_threads(1); /* the ranks' threads are the parallelism */
#endif
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->q_len == 0 && !p->finished)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->q_len == 0) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        size_t job = p->queue[p->q_head];
        p->q_head = (p->q_head + 1) % p->q_cap;
        p->q_len--;
        p->busy++;
        pthread_mutex_unlock(&p->mu);
        char *rec = NULL;
        int st = dx_sweep_run_job(p->sw, job, p->dir, &rec);
        pthread_mutex_lock(&p->mu);
        p->busy--;
        if (st != DX_OK) {
            if (!p->fatal)
                snprintf(p->fatal_msg, sizeof p->fatal_msg, "job %zu: %s (%s)", job, dx_last_error(),
                         dx_status_name(st));
            p->fatal = 1;
        } else if (p->n_out < p->cap_out) {
            p->out[p->n_out].job = job;
            p->out[p->n_out++].rec = rec;
            rec = NULL;
        }
        pthread_cond_signal(&p->done);
        pthread_mutex_unlock(&p->mu);
        dx_free(rec);
    }
}

/* Free slots: threads neither busy nor with a queued job. */
static int pool_want(pool *p)
{
    pthread_mutex_lock(&p->mu);
    int w = p->threads - p->busy - (int)p->q_len;
    pthread_mutex_unlock(&p->mu);
    return w > 0 ? w : 0;
}

static void pool_push(pool *p, size_t job)
{
    pthread_mutex_lock(&p->mu);
    p->queue[(p->q_head + p->q_len) % p->q_cap] = job;
    p->q_len++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
}

/* The main thread's idle wait: until a worker finishes a job or timeout_us
 * passes (the interval at which the main thread polls MPI). Waking on the
 * workers instead of polling every 500 us took the 2-rank sweep from ~30,000
 * context switches per rank (15-18 % more CPU than one rank, 81 % wall
 * efficiency at 2 ranks on an idle 2-core machine) down to the MPI polls. */
static void pool_wait(pool *p, long timeout_us)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += timeout_us / 1000000L;
    t.tv_nsec += (timeout_us % 1000000L) * 1000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&p->mu);
    if (p->n_out == 0 && !p->fatal)
        pthread_cond_timedwait(&p->done, &p->mu, &t);
    pthread_mutex_unlock(&p->mu);
}

/* Move the finished records out (caller frees them). */
static size_t pool_take(pool *p, outbox_item *into)
{
    pthread_mutex_lock(&p->mu);
    size_t n = p->n_out;
    memcpy(into, p->out, n * sizeof *into);
    p->n_out = 0;
    pthread_mutex_unlock(&p->mu);
    return n;
}

static int pool_start(pool *p, const dx_sweep *sw, const char *dir, int threads, pthread_t *tids)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    p->sw = sw;
    p->dir = dir;
    p->threads = threads;
    p->q_cap = dx_sweep_job_count(sw) + 1;
    p->cap_out = dx_sweep_job_count(sw) + 1;
    p->queue = malloc(p->q_cap * sizeof *p->queue);
    p->out = malloc(p->cap_out * sizeof *p->out);
    if (!p->queue || !p->out)
        return -1;
    for (int t = 0; t < threads; t++)
        if (pthread_create(&tids[t], NULL, worker, p) != 0)
            return -1;
    return 0;
}

static void pool_stop(pool *p, pthread_t *tids)
{
    pthread_mutex_lock(&p->mu);
    p->finished = 1;
    p->q_len = 0; /* queued jobs are not needed any more */
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int t = 0; t < p->threads; t++)
        pthread_join(tids[t], NULL);
    for (size_t i = 0; i < p->n_out; i++)
        dx_free(p->out[i].rec);
    free(p->queue);
    free(p->out);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->mu);
}

/* ---- rank 0 -------------------------------------------------------------------- */

typedef struct {
    const dx_sweep *sw;
    dx_sweep_journal *jr;
    size_t *todo; /* jobs to hand out, largest first */
    size_t n_todo, next;
    size_t *again; /* re-issued jobs (from lost ranks), handed out first */
    size_t n_again;
    int *owner;    /* rank a job was handed to, -1 none */
    double *seen;  /* per rank: last message time */
    int *alive;
    size_t *done_by; /* jobs recorded per rank */
    int size;
    int lost;
    dxcli_sweep_progress prog;
} coord;

static int next_job(coord *c, size_t *job)
{
    while (c->n_again > 0) {
        size_t j = c->again[--c->n_again];
        if (!dx_sweep_journal_has(c->jr, j)) {
            *job = j;
            return 1;
        }
    }
    while (c->next < c->n_todo) {
        size_t j = c->todo[c->next++];
        if (!dx_sweep_journal_has(c->jr, j)) {
            *job = j;
            return 1;
        }
    }
    return 0;
}

static int record(coord *c, size_t job, const char *rec, int from)
{
    int had = dx_sweep_journal_has(c->jr, job);
    int st = dx_sweep_journal_append(c->jr, job, rec);
    if (st != DX_OK)
        return dxcli_fail("journal", st);
    if (!had)
        c->done_by[from]++;
    c->owner[job] = -1;
    dxcli_sweep_progress_show(&c->prog, dx_sweep_journal_done_count(c->jr), dx_sweep_job_count(c->sw),
                              dx_sweep_journal_failed_count(c->jr), 0);
    return 0;
}

/* Ranks silent for longer than the timeout are lost: their jobs are re-issued. */
static void find_lost(coord *c, double timeout_s)
{
    size_t n = dx_sweep_job_count(c->sw);
    double now = dxcli_sweep_now_s();
    for (int r = 1; r < c->size; r++) {
        if (!c->alive[r] || now - c->seen[r] <= timeout_s)
            continue;
        c->alive[r] = 0;
        c->lost++;
        size_t reissued = 0;
        for (size_t j = 0; j < n; j++)
            if (c->owner[j] == r && !dx_sweep_journal_has(c->jr, j)) {
                c->owner[j] = -1;
                c->again[c->n_again++] = j;
                reissued++;
            }
        fprintf(stderr, "dxsim sweep: rank %d lost (nothing heard for %.0f s); %zu of its jobs re-issued\n",
                r, timeout_s, reissued);
    }
}

static int run_rank0(const dxcli_sweep_args *a, const dx_sweep *sw, const char *dir, int size,
                     int threads)
{
    size_t n = dx_sweep_job_count(sw);
    coord c = {0};
    c.sw = sw;
    c.size = size;
    int st = dx_sweep_journal_open(sw, dir, a->resume, &c.jr);
    if (st != DX_OK)
        return dxcli_fail("journal", st);
    dx_sweep_journal_set_sync(c.jr, 0); /* one fsync per batch of results (group commit) */
    c.todo = malloc((n + 1) * sizeof *c.todo);
    c.again = malloc((n + 1) * sizeof *c.again);
    c.owner = malloc((n + 1) * sizeof *c.owner);
    c.seen = calloc((size_t)size, sizeof *c.seen);
    c.alive = calloc((size_t)size, sizeof *c.alive);
    c.done_by = calloc((size_t)size, sizeof *c.done_by);
    uint64_t *msg = malloc((n + 1) * sizeof *msg);
    outbox_item *taken = malloc((n + 1) * sizeof *taken);
    if (!c.todo || !c.again || !c.owner || !c.seen || !c.alive || !c.done_by || !msg || !taken) {
        fprintf(stderr, "dxsim sweep: out of memory\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    dx_sweep_job_order(sw, c.todo);
    c.n_todo = n;
    for (size_t i = 0; i < n; i++)
        c.owner[i] = -1;
    double now = dxcli_sweep_now_s();
    for (int r = 0; r < size; r++) {
        c.alive[r] = 1;
        c.seen[r] = now;
    }
    dxcli_sweep_progress_init(&c.prog, a->quiet);
    dxcli_sweep_progress_show(&c.prog, dx_sweep_journal_done_count(c.jr), n,
                              dx_sweep_journal_failed_count(c.jr), 0);
    pool p;
    pthread_t *tids = malloc((size_t)threads * sizeof *tids);
    if (!tids || pool_start(&p, sw, dir, threads, tids) != 0) {
        fprintf(stderr, "dxsim sweep: cannot start %d threads\n", threads);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    int rc = 0;
    char *buf = NULL;
    int buf_cap = 0;
    while (rc == 0 && dx_sweep_journal_done_count(c.jr) < n) {
        int busy = 0;
        /* this rank's threads */
        for (int w = pool_want(&p); w > 0; w--) {
            size_t job;
            if (!next_job(&c, &job))
                break;
            c.owner[job] = 0;
            pool_push(&p, job);
            busy = 1;
        }
        size_t nt = pool_take(&p, taken);
        for (size_t i = 0; i < nt; i++) {
            if (rc == 0)
                rc = record(&c, taken[i].job, taken[i].rec, 0);
            dx_free(taken[i].rec);
            busy = 1;
        }
        if (p.fatal) {
            fprintf(stderr, "dxsim sweep: rank 0: %s\n", p.fatal_msg);
            rc = 1;
        }
        /* the other ranks */
        for (;;) {
            int flag = 0;
            MPI_Status s;
            if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &s) != MPI_SUCCESS || !flag)
                break;
            busy = 1;
            int src = s.MPI_SOURCE, count = 0;
            MPI_Get_count(&s, MPI_BYTE, &count);
            if (count + 1 > buf_cap) {
                buf_cap = count + 1;
                char *nb = realloc(buf, (size_t)buf_cap);
                if (!nb) {
                    fprintf(stderr, "dxsim sweep: out of memory\n");
                    MPI_Abort(MPI_COMM_WORLD, 1);
                }
                buf = nb;
            }
            MPI_Recv(buf, count, MPI_BYTE, src, s.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            buf[count] = '\0';
            c.seen[src] = dxcli_sweep_now_s();
            if (!c.alive[src])
                continue; /* declared lost; its jobs were re-issued */
            if (s.MPI_TAG == TAG_REQ) {
                int want = 0;
                memcpy(&want, buf, sizeof want < (size_t)count ? sizeof want : (size_t)count);
                int k = 0;
                size_t job;
                while (k < want && next_job(&c, &job)) {
                    c.owner[job] = src;
                    msg[k++] = job;
                }
                if (MPI_Send(msg, k * (int)sizeof *msg, MPI_BYTE, src, TAG_ASSIGN, MPI_COMM_WORLD) !=
                    MPI_SUCCESS)
                    c.seen[src] = -1e300; /* treat as lost below */
            } else if (s.MPI_TAG == TAG_RESULT && count > (int)sizeof(uint64_t)) {
                uint64_t job;
                memcpy(&job, buf, sizeof job);
                if (job < n && rc == 0)
                    rc = record(&c, (size_t)job, buf + sizeof job, src);
            }
        }
        if (rc == 0 && (st = dx_sweep_journal_sync(c.jr)) != DX_OK)
            rc = dxcli_fail("journal", st);
        find_lost(&c, a->rank_timeout_s);
        if (!busy) /* other ranks' requests wait at most RANK0_POLL_US */
            pool_wait(&p, size > 1 ? RANK0_POLL_US : 1000000L);
    }
    /* Stop the other ranks and wait for each one's goodbye (bounded by the
     * timeout), so a rank that hangs now is reported instead of hanging
     * MPI_Finalize; late messages are drained meanwhile. */
    int *bye = calloc((size_t)size, sizeof *bye);
    for (int r = 1; r < size; r++)
        if (c.alive[r] && MPI_Send(NULL, 0, MPI_BYTE, r, TAG_STOP, MPI_COMM_WORLD) != MPI_SUCCESS)
            c.seen[r] = -1e300;
    for (;;) {
        int waiting = 0;
        for (int r = 1; r < size; r++)
            waiting += c.alive[r] && !(bye && bye[r]);
        if (!waiting || !bye)
            break;
        int flag = 0;
        MPI_Status s;
        if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &s) == MPI_SUCCESS && flag) {
            int count = 0;
            MPI_Get_count(&s, MPI_BYTE, &count);
            if (count + 1 > buf_cap) {
                buf_cap = count + 1;
                char *nb = realloc(buf, (size_t)buf_cap);
                if (!nb)
                    MPI_Abort(MPI_COMM_WORLD, 1);
                buf = nb;
            }
            MPI_Recv(buf, count, MPI_BYTE, s.MPI_SOURCE, s.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            c.seen[s.MPI_SOURCE] = dxcli_sweep_now_s();
            if (s.MPI_TAG == TAG_BYE)
                bye[s.MPI_SOURCE] = 1;
        } else {
            sleep_us(500);
        }
        find_lost(&c, a->rank_timeout_s);
    }
    free(bye);
    pool_stop(&p, tids);
    dxcli_sweep_progress_show(&c.prog, dx_sweep_journal_done_count(c.jr), n,
                              dx_sweep_journal_failed_count(c.jr), 1);
    if (rc == 0) {
        st = dx_sweep_journal_finish(c.jr);
        if (st != DX_OK)
            rc = dxcli_fail("sweep", st);
        else if (!a->quiet) {
            fprintf(stderr, "sweep: wrote %s/results.csv, %s/results.jsonl, %s/summary.md (%zu jobs, %zu failed, %d ranks)\nsweep: jobs run per rank:",
                    dir, dir, dir, n, dx_sweep_journal_failed_count(c.jr), size);
            for (int r = 0; r < size; r++)
                fprintf(stderr, " %d:%zu", r, c.done_by[r]);
            fprintf(stderr, "\n");
        }
    }
    dx_sweep_journal_close(c.jr);
    free(c.todo);
    free(c.again);
    free(c.owner);
    free(c.seen);
    free(c.alive);
    free(c.done_by);
    free(msg);
    free(taken);
    free(buf);
    free(tids);
    if (c.lost > 0) {
        fprintf(stderr, "dxsim sweep: %d rank(s) lost; the table is %s; ending the MPI job\n", c.lost,
                rc == 0 ? "complete" : "NOT complete (run again with --resume)");
        MPI_Abort(MPI_COMM_WORLD, 3);
    }
    return rc;
}

/* ---- other ranks ------------------------------------------------------------------ */

static int run_worker(const dx_sweep *sw, const char *dir, int threads)
{
    size_t n = dx_sweep_job_count(sw);
    pool p;
    pthread_t *tids = malloc((size_t)threads * sizeof *tids);
    outbox_item *taken = malloc((n + 1) * sizeof *taken);
    uint64_t *jobs = malloc((n + 1) * sizeof *jobs);
    if (!tids || !taken || !jobs || pool_start(&p, sw, dir, threads, tids) != 0) {
        fprintf(stderr, "dxsim sweep: cannot start %d threads\n", threads);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    int requested = 0, rc = 0;
    double next_req = 0, last_beat = dxcli_sweep_now_s();
    char *buf = NULL;
    size_t buf_cap = 0;
    for (int stop = 0; !stop;) {
        int busy = 0;
        size_t nt = pool_take(&p, taken);
        for (size_t i = 0; i < nt; i++) {
            size_t len = strlen(taken[i].rec);
            if (len + 8 > buf_cap) {
                buf_cap = len + 8;
                free(buf);
                buf = malloc(buf_cap);
                if (!buf) {
                    fprintf(stderr, "dxsim sweep: out of memory\n");
                    MPI_Abort(MPI_COMM_WORLD, 1);
                }
            }
            uint64_t job = taken[i].job;
            memcpy(buf, &job, sizeof job);
            memcpy(buf + sizeof job, taken[i].rec, len);
            MPI_Send(buf, (int)(len + sizeof job), MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
            dx_free(taken[i].rec);
            last_beat = dxcli_sweep_now_s();
            busy = 1;
        }
        if (p.fatal) {
            fprintf(stderr, "dxsim sweep: %s\n", p.fatal_msg);
            MPI_Abort(MPI_COMM_WORLD, 1);
        }
        double now = dxcli_sweep_now_s();
        int want = pool_want(&p);
        if (!requested && want > 0 && now >= next_req) {
            MPI_Send(&want, (int)sizeof want, MPI_BYTE, 0, TAG_REQ, MPI_COMM_WORLD);
            requested = 1;
            last_beat = now;
        }
        if (now - last_beat >= 1.0) {
            MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_BEAT, MPI_COMM_WORLD);
            last_beat = now;
        }
        int flag = 0;
        MPI_Status s;
        if (MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &s) == MPI_SUCCESS && flag) {
            busy = 1;
            int count = 0;
            MPI_Get_count(&s, MPI_BYTE, &count);
            MPI_Recv(jobs, count, MPI_BYTE, 0, s.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (s.MPI_TAG == TAG_STOP) {
                stop = 1;
                MPI_Send(NULL, 0, MPI_BYTE, 0, TAG_BYE, MPI_COMM_WORLD);
            } else if (s.MPI_TAG == TAG_ASSIGN) {
                requested = 0;
                int k = count / (int)sizeof *jobs;
                for (int i = 0; i < k; i++)
                    pool_push(&p, (size_t)jobs[i]);
                if (k == 0)
                    next_req = now + 0.05; /* nothing left now: ask again later (re-issued work) */
            }
        }
        if (!busy) /* awaiting an assignment: poll closely; else for STOP and beats */
            pool_wait(&p, requested ? 200L : WORKER_POLL_US);
    }
    pool_stop(&p, tids);
    free(tids);
    free(taken);
    free(jobs);
    free(buf);
    return rc;
}

int dxcli_sweep_mpi(const dxcli_sweep_args *a)
{
    int provided = 0, rank = 0, size = 1;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "dxsim sweep: MPI_Init_thread failed\n");
        return 1;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    /* Every rank expands the same spec into the same jobs (deterministic). */
    dx_sweep *sw = NULL;
    int st = dx_sweep_load(a->spec, &sw);
    if (st != DX_OK) {
        if (rank == 0)
            fprintf(stderr, "dxsim: %s (%s)\n", dx_last_error(), dx_status_name(st));
        MPI_Finalize();
        return 1;
    }
    int threads = a->threads;
    if (threads <= 0) {
        const char *ls = getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        int local = ls && atoi(ls) > 0 ? atoi(ls) : 1;
        threads = cores > local ? (int)(cores / local) : 1;
    }
    const char *dir = a->dir ? a->dir : dx_sweep_output_dir(sw);
    int rc = rank == 0 ? run_rank0(a, sw, dir, size, threads) : run_worker(sw, dir, threads);
    dx_sweep_free(sw);
    MPI_Finalize();
    return rc;
}
#else
typedef int dxcli_sweep_mpi_not_built; /* ISO C: a translation unit is not empty */
#endif
