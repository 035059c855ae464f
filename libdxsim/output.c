/* Output transactions (output_internal.h): private mkdtemp folder, O_EXCL |
 * O_NOFOLLOW files, fsync, then one rename / exchange into place. Also
 * dx_output_check and dx__write_file_atomic. */
#define _GNU_SOURCE
#include "output_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

struct dx__output {
    dx__output_kind kind;
    char *target;   /* canonical path of the target folder */
    char *tmp;      /* private folder (mkdtemp) */
    int tmp_in_target; /* tmp lives inside target: per-file placement only */
    int target_existed;
    size_t n, cap;
    char **names;   /* files of the transaction, in the order added */
    char **paths;   /* tmp/name, for dx__output_reserve */
};

static _Thread_local dx__output_placed dx__last_placed;
static _Thread_local long dx__fail_after = -1;
static _Thread_local int dx__killed; /* the test hook fired in this commit */

dx__output_placed dx__output_last_placed(void) { return dx__last_placed; }
void dx__output_test_fail_after(long k) { dx__fail_after = k; }

/* A placement step; returns 1 when the test hook says "killed here". */
static int killed_here(long *steps)
{
    if (dx__fail_after >= 0 && *steps >= dx__fail_after) {
        dx__fail_after = -1;
        dx__killed = 1;
        return 1;
    }
    (*steps)++;
    return 0;
}

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int slash = la > 0 && a[la - 1] == '/';
    char *p = dx__malloc(la + lb + 2);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    if (!slash)
        p[la++] = '/';
    memcpy(p + la, b, lb + 1);
    return p;
}

/* dir without trailing slashes ("/" stays "/"); caller frees. */
static char *strip_slashes(const char *dir)
{
    char *d = dx__strdup(dir);
    if (!d)
        return NULL;
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/')
        d[--n] = '\0';
    return d;
}

/* Parent folder of a canonical path ("/a/b" -> "/a", "/a" -> "/"). */
static char *parent_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return dx__strdup("/");
    char *p = dx__malloc((size_t)(slash - path) + 1);
    if (p) {
        memcpy(p, path, (size_t)(slash - path));
        p[slash - path] = '\0';
    }
    return p;
}

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    /* some file systems refuse fsync on folders (EINVAL): not an error */
    if (r != 0 && (errno == EINVAL || errno == EROFS))
        r = 0;
    close(fd);
    return r;
}

/* Remove the private folder: every entry (files, links; empty subfolders), then itself. */
static void remove_tmp(const char *tmp)
{
    int fd = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        DIR *d = fdopendir(fd);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                if (unlinkat(fd, e->d_name, 0) != 0 && (errno == EISDIR || errno == EPERM))
                    unlinkat(fd, e->d_name, AT_REMOVEDIR); /* only if empty */
            }
            closedir(d); /* closes fd */
        } else {
            close(fd);
        }
    }
    rmdir(tmp);
}

/* mode a new folder gets: 0777 & ~umask, read without changing it (Linux) */
static mode_t new_folder_mode(void)
{
    mode_t mask = 022;
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[128];
        while (fgets(line, sizeof line, f))
            if (!strncmp(line, "Umask:", 6)) {
                mask = (mode_t)strtoul(line + 6, NULL, 8);
                break;
            }
        fclose(f);
    }
    return 0777 & ~mask;
}

/* mkdtemp of "<home>/<prefix>XXXXXX"; NULL with errno on failure */
static char *make_tmp(const char *home, const char *prefix)
{
    size_t n = strlen(home) + strlen(prefix) + 16;
    char *p = dx__malloc(n);
    if (!p) {
        errno = ENOMEM;
        return NULL;
    }
    snprintf(p, n, "%s%s%sXXXXXX", home, home[strlen(home) - 1] == '/' ? "" : "/", prefix);
    if (!mkdtemp(p)) {
        int e = errno;
        dx__free(p);
        errno = e;
        return NULL;
    }
    return p;
}

/* Canonical target path; *exists = 1 when it is an existing folder. */
static dx_status resolve_target(const char *dir, char **out, int *exists)
{
    *out = NULL;
    *exists = 0;
    if (!*dir)
        DX_FAIL(DX_EINVAL, "output folder: empty path");
    char *d = strip_slashes(dir);
    if (!d)
        DX_FAIL(DX_ENOMEM, "output folder '%s': out of memory", dir);
    struct stat st;
    if (stat(d, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            dx__free(d);
            DX_FAIL(DX_EIO, "output folder '%s' exists and is not a folder", dir);
        }
        char *r = realpath(d, NULL);
        dx__free(d);
        if (!r)
            DX_FAIL(DX_EIO, "output folder '%s': %s", dir, strerror(errno));
        *out = dx__strdup(r);
        free(r);
        *exists = 1;
        if (!*out)
            DX_FAIL(DX_ENOMEM, "output folder '%s': out of memory", dir);
        return DX_OK;
    }
    if (errno != ENOENT) {
        int e = errno;
        dx__free(d);
        DX_FAIL(DX_EIO, "output folder '%s': %s", dir, strerror(e));
    }
    struct stat ls;
    if (lstat(d, &ls) == 0) {
        /* a symlink to nothing: creating "it" would create its target,
         * wherever it points (a trap planted for the run) */
        dx__free(d);
        DX_FAIL(DX_EIO, "output folder '%s' is a symbolic link to a missing target (refused: "
                        "create the folder or remove the link)", dir);
    }
    /* absent: its parent must exist */
    const char *slash = strrchr(d, '/');
    const char *base = slash ? slash + 1 : d;
    char *par = slash ? (slash == d ? dx__strdup("/") : dx__malloc((size_t)(slash - d) + 1)) : dx__strdup(".");
    if (par && slash && slash != d) {
        memcpy(par, d, (size_t)(slash - d));
        par[slash - d] = '\0';
    }
    if (!par) {
        dx__free(d);
        DX_FAIL(DX_ENOMEM, "output folder '%s': out of memory", dir);
    }
    char *pr = realpath(par, NULL);
    int e = errno;
    dx__free(par);
    if (!pr || !strcmp(base, ".") || !strcmp(base, "..")) {
        free(pr);
        dx__free(d);
        DX_FAIL(DX_EIO, "output folder '%s' cannot be created: its parent folder %s", dir,
                pr ? "is not usable" : strerror(e));
    }
    struct stat ps;
    if (stat(pr, &ps) != 0 || !S_ISDIR(ps.st_mode)) {
        free(pr);
        dx__free(d);
        DX_FAIL(DX_EIO, "output folder '%s' cannot be created: its parent is not a folder", dir);
    }
    *out = join(pr, base);
    free(pr);
    dx__free(d);
    if (!*out)
        DX_FAIL(DX_ENOMEM, "output folder '%s': out of memory", dir);
    return DX_OK;
}

dx_status dx_output_check(const char *dir)
{
    DX_REQUIRE_PTR(dir);
    char *target;
    int exists;
    DX_TRY(resolve_target(dir, &target, &exists));
    char *home = exists ? dx__strdup(target) : parent_of(target);
    dx__free(target);
    if (!home)
        DX_FAIL(DX_ENOMEM, "output folder '%s': out of memory", dir);
    char *probe = make_tmp(home, ".dxsim-check-");
    int e = errno;
    dx__free(home);
    if (!probe)
        DX_FAIL(DX_EIO, "output folder '%s' is not writable: %s", dir, strerror(e));
    rmdir(probe);
    dx__free(probe);
    return DX_OK;
}

dx_status dx__output_begin(const char *dir, dx__output_kind kind, dx__output **out)
{
    DX_REQUIRE_PTR(dir);
    DX_REQUIRE_PTR(out);
    *out = NULL;
    dx__output *t = dx__calloc(1, sizeof *t);
    if (!t)
        DX_FAIL(DX_ENOMEM, "output folder '%s': out of memory", dir);
    t->kind = kind;
    dx_status st = resolve_target(dir, &t->target, &t->target_existed);
    if (st != DX_OK) {
        dx__free(t);
        return st;
    }
    if (kind == DX__OUTPUT_FILES && !t->target_existed) {
        dx__output_abort(t);
        DX_FAIL(DX_EIO, "output folder '%s' does not exist", dir);
    }
    char *par = parent_of(t->target);
    if (!par) {
        dx__output_abort(t);
        DX_FAIL(DX_ENOMEM, "output folder '%s': out of memory", dir);
    }
    /* FOLDER: the private folder sits beside the target, so one rename or
     * exchange places it. Inside the target instead (per-file placement) for
     * FILES, for "/", for a mount point, or when the parent is not writable. */
    int beside = kind == DX__OUTPUT_FOLDER && strcmp(t->target, "/") != 0;
    if (beside && t->target_existed) {
        struct stat a, b;
        if (stat(t->target, &a) != 0 || stat(par, &b) != 0 || a.st_dev != b.st_dev)
            beside = 0;
    }
    int e = 0;
    if (beside) {
        const char *base = strrchr(t->target, '/') + 1;
        size_t n = strlen(base) + 16;
        char *prefix = dx__malloc(n);
        if (prefix) {
            snprintf(prefix, n, ".%s.dxsim-tmp-", base);
            t->tmp = make_tmp(par, prefix);
            e = errno;
            dx__free(prefix);
        }
        if (!t->tmp && !t->target_existed) {
            dx__free(par);
            dx__output_abort(t);
            DX_FAIL(DX_EIO, "output folder '%s' cannot be created: %s", dir, strerror(e));
        }
    }
    dx__free(par);
    if (!t->tmp) {
        t->tmp = make_tmp(t->target, ".dxsim-tmp-");
        e = errno;
        t->tmp_in_target = 1;
        if (!t->tmp) {
            dx__output_abort(t);
            DX_FAIL(DX_EIO, "output folder '%s' is not writable: %s", dir, strerror(e));
        }
    }
    *out = t;
    return DX_OK;
}

static dx_status add_name(dx__output *t, const char *name)
{
    if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") ||
        strlen(name) > 200)
        DX_FAIL(DX_EINVAL, "output file name '%s' (allowed: a plain file name of 1..200 bytes, no '/')",
                name);
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->names[i], name))
            DX_FAIL(DX_EINVAL, "output file '%s' added twice to one output", name);
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 8;
        char **nn = dx__realloc(t->names, cap * sizeof *nn);
        if (!nn)
            DX_FAIL(DX_ENOMEM, "output file '%s': out of memory", name);
        t->names = nn;
        char **pp = dx__realloc(t->paths, cap * sizeof *pp);
        if (!pp)
            DX_FAIL(DX_ENOMEM, "output file '%s': out of memory", name);
        t->paths = pp;
        t->cap = cap;
    }
    t->names[t->n] = dx__strdup(name);
    t->paths[t->n] = join(t->tmp, name);
    if (!t->names[t->n] || !t->paths[t->n]) {
        dx__free(t->names[t->n]);
        dx__free(t->paths[t->n]);
        DX_FAIL(DX_ENOMEM, "output file '%s': out of memory", name);
    }
    t->n++;
    return DX_OK;
}

dx_status dx__output_add(dx__output *t, const char *name, const void *data, size_t len)
{
    DX_REQUIRE_PTR(t);
    DX_REQUIRE_PTR(name);
    if (len && !data)
        DX_FAIL(DX_EINVAL, "dx__output_add: argument 'data' is NULL with len = %zu", len);
    DX_TRY(add_name(t, name));
    const char *path = t->paths[t->n - 1];
    /* O_EXCL | O_NOFOLLOW: never follow or reuse anything already at this name */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
        DX_FAIL(DX_EIO, "cannot create '%s/%s': %s", t->target, name, strerror(errno));
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            DX_FAIL(DX_EIO, "cannot write '%s/%s': %s", t->target, name, strerror(e));
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0) {
        int e = errno;
        close(fd);
        DX_FAIL(DX_EIO, "cannot write '%s/%s': fsync: %s", t->target, name, strerror(e));
    }
    if (close(fd) != 0)
        DX_FAIL(DX_EIO, "cannot write '%s/%s': %s", t->target, name, strerror(errno));
    return DX_OK;
}

dx_status dx__output_reserve(dx__output *t, const char *name, const char **out_path)
{
    DX_REQUIRE_PTR(t);
    DX_REQUIRE_PTR(name);
    DX_REQUIRE_PTR(out_path);
    DX_TRY(add_name(t, name));
    *out_path = t->paths[t->n - 1];
    return DX_OK;
}

static void free_output(dx__output *t)
{
    for (size_t i = 0; i < t->n; i++) {
        dx__free(t->names[i]);
        dx__free(t->paths[i]);
    }
    dx__free(t->names);
    dx__free(t->paths);
    dx__free(t->tmp);
    dx__free(t->target);
    dx__free(t);
}

void dx__output_abort(dx__output *t)
{
    if (!t)
        return;
    if (t->tmp)
        remove_tmp(t->tmp);
    free_output(t);
}

static int is_name_of(const dx__output *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->names[i], name))
            return 1;
    return 0;
}

/* Is `path` the working folder or one of its ancestors? (exchanging it would
 * leave the process in the old folder) */
static int holds_cwd(const char *path)
{
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return 1;
    size_t n = strlen(path);
    int r = !strncmp(cwd, path, n) && (cwd[n] == '\0' || cwd[n] == '/' || n == 1);
    free(cwd);
    return r;
}

/* rename replaces whatever has the name: never a device, FIFO or socket (as
 * root, `calibrate --out /dev/full` turned /dev/full into a regular file).
 * Checked for every name before the first rename, so a refusal places nothing. */
static dx_status check_replaceable(const dx__output *t)
{
    for (size_t i = 0; i < t->n; i++) {
        char *dst = join(t->target, t->names[i]);
        if (!dst)
            DX_FAIL(DX_ENOMEM, "output '%s': out of memory", t->target);
        struct stat ds;
        if (lstat(dst, &ds) == 0 && !S_ISREG(ds.st_mode) && !S_ISLNK(ds.st_mode)) {
            dx__set_error("cannot place '%s': it exists and is %s (only a regular file is "
                          "replaced)", dst, dx__file_kind(ds.st_mode));
            dx__free(dst);
            return DX_EIO;
        }
        dx__free(dst);
    }
    return DX_OK;
}

/* One rename per file (target exists). */
static dx_status place_per_file(dx__output *t, long *steps)
{
    DX_TRY(check_replaceable(t));
    for (size_t i = 0; i < t->n; i++) {
        if (killed_here(steps))
            DX_FAIL(DX_EIO, "output '%s': commit interrupted (test hook)", t->target);
        char *dst = join(t->target, t->names[i]);
        if (!dst)
            DX_FAIL(DX_ENOMEM, "output '%s': out of memory", t->target);
        int r = rename(t->paths[i], dst);
        int e = errno;
        dx__free(dst);
        if (r != 0)
            DX_FAIL(DX_EIO, "cannot place '%s/%s': %s", t->target, t->names[i], strerror(e));
    }
    fsync_path(t->target, O_DIRECTORY);
    dx__last_placed = DX__OUTPUT_PLACED_PER_FILE;
    return DX_OK;
}

/* Hard-link the target's other entries into tmp and swap the two folders.
 * Only for a plain result folder: entries are regular files or symlinks (no
 * subfolders), at most DX__OUTPUT_EXCHANGE_MAX of them, and the folder is not
 * shared (sticky or world-writable, like /tmp). After the swap the old folder
 * is swept: our own names and the entries we linked are unlinked, anything
 * else (created by someone else meanwhile) is moved into the new folder, never
 * deleted; what cannot be moved stays in the hidden old folder.
 * Returns DX_OK when swapped, 1 when the commit should place files one by one,
 * < 0 on error (test hook). */
#define DX__OUTPUT_EXCHANGE_MAX 4096

static int place_exchange(dx__output *t, long *steps)
{
    int src = open(t->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int dst = open(t->tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat tst;
    if (src < 0 || dst < 0 || fstat(src, &tst) != 0 || (tst.st_mode & (S_ISVTX | S_IWOTH))) {
        if (src >= 0)
            close(src);
        if (dst >= 0)
            close(dst);
        return 1;
    }
    if (fchmod(dst, tst.st_mode & 07777) != 0) { /* keep the folder's mode */
    }
    if (fchown(dst, tst.st_uid, tst.st_gid) != 0) { /* best effort (when not the owner) */
    }
    DIR *d = fdopendir(src);
    if (!d) {
        close(src);
        close(dst);
        return 1;
    }
    size_t nlink = 0, caplink = 0;
    char **linked = NULL; /* names hard-linked into the new folder */
    int fallback = 0;
    struct dirent *e;
    while (!fallback && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || is_name_of(t, e->d_name))
            continue;
        struct stat es;
        if (fstatat(src, e->d_name, &es, AT_SYMLINK_NOFOLLOW) != 0 ||
            !(S_ISREG(es.st_mode) || S_ISLNK(es.st_mode)) || nlink >= DX__OUTPUT_EXCHANGE_MAX) {
            fallback = 1; /* a subfolder, a FIFO ...: not a plain result folder */
            break;
        }
        if (nlink == caplink) {
            caplink = caplink ? 2 * caplink : 16;
            char **nl = dx__realloc(linked, caplink * sizeof *nl);
            if (!nl) {
                fallback = 1;
                break;
            }
            linked = nl;
        }
        if (killed_here(steps)) {
            fallback = -1;
            break;
        }
        if (linkat(src, e->d_name, dst, e->d_name, 0) != 0 ||
            !(linked[nlink] = dx__strdup(e->d_name))) {
            fallback = 1;
            break;
        }
        nlink++;
    }
    int r = 1;
    if (fallback == -1) {
        dx__set_error("output '%s': commit interrupted (test hook)", t->target);
        r = DX_EIO;
    } else if (!fallback) {
        fsync(dst);
        if (killed_here(steps)) {
            dx__set_error("output '%s': commit interrupted (test hook)", t->target);
            r = DX_EIO;
        }
#ifdef RENAME_EXCHANGE /* glibc >= 2.28 on Linux; elsewhere the per-file fallback */
        else if (renameat2(AT_FDCWD, t->tmp, AT_FDCWD, t->target, RENAME_EXCHANGE) == 0) {
            /* fds follow inodes: src is now the old folder (at t->tmp's path),
             * dst the new one (at the target path). Sweep the old folder. */
            r = DX_OK;
            rewinddir(d);
            while ((e = readdir(d)) != NULL) {
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                int ours = is_name_of(t, e->d_name);
                for (size_t k = 0; k < nlink && !ours; k++)
                    ours = !strcmp(linked[k], e->d_name);
                if (ours)
                    unlinkat(src, e->d_name, 0);
                else
                    renameat2(src, e->d_name, dst, e->d_name, RENAME_NOREPLACE);
            }
            fsync(dst);
            if (rmdir(t->tmp) == 0) { /* else something stayed behind: keep it */
            }
            dx__free(t->tmp);
            t->tmp = NULL;
        }
#endif
    }
    for (size_t k = 0; k < nlink; k++)
        dx__free(linked[k]);
    dx__free(linked);
    closedir(d);
    close(dst);
    return r;
}

dx_status dx__output_commit(dx__output *t)
{
    DX_REQUIRE_PTR(t);
    long steps = 0;
    dx_status st = DX_OK;
    dx__killed = 0;
    /* reserved files written by others: durable before they are placed */
    for (size_t i = 0; i < t->n; i++) {
        struct stat s;
        if (lstat(t->paths[i], &s) != 0 || !S_ISREG(s.st_mode)) {
            dx__set_error("output file '%s/%s' was not written", t->target, t->names[i]);
            st = DX_EIO;
            break;
        }
        if (fsync_path(t->paths[i], O_NOFOLLOW) != 0) {
            dx__set_error("cannot write '%s/%s': fsync: %s", t->target, t->names[i], strerror(errno));
            st = DX_EIO;
            break;
        }
    }
    if (st == DX_OK && fsync_path(t->tmp, O_DIRECTORY) != 0) {
        dx__set_error("output '%s': fsync: %s", t->target, strerror(errno));
        st = DX_EIO;
    }
    if (st == DX_OK && t->tmp_in_target) {
        st = place_per_file(t, &steps);
    } else if (st == DX_OK) {
        char *par = parent_of(t->target);
        int placed = 0;
        struct stat ts;
        if (stat(t->target, &ts) != 0 && errno == ENOENT) {
            if (killed_here(&steps)) {
                dx__set_error("output '%s': commit interrupted (test hook)", t->target);
                st = DX_EIO;
            } else {
                chmod(t->tmp, new_folder_mode());
                if (rename(t->tmp, t->target) == 0) {
                    placed = 1;
                    dx__last_placed = DX__OUTPUT_PLACED_NEW_FOLDER;
                    dx__free(t->tmp);
                    t->tmp = NULL;
                }
                /* else the folder appeared meanwhile: swap with it below */
            }
        }
        if (st == DX_OK && !placed && !holds_cwd(t->target)) {
            int r = place_exchange(t, &steps);
            if (r < 0)
                st = (dx_status)r;
            else if (r == DX_OK) {
                placed = 1;
                dx__last_placed = DX__OUTPUT_PLACED_EXCHANGE;
            }
        }
        if (st == DX_OK && !placed) {
            struct stat ts2;
            if (stat(t->target, &ts2) != 0 && mkdir(t->target, new_folder_mode()) != 0 &&
                errno != EEXIST) {
                dx__set_error("cannot create output folder '%s': %s", t->target, strerror(errno));
                st = DX_EIO;
            } else {
                st = place_per_file(t, &steps);
            }
        }
        if (st == DX_OK && par)
            fsync_path(par, O_DIRECTORY);
        dx__free(par);
    }
    if (dx__killed) {
        /* a simulated kill leaves everything as a kill would */
        free_output(t);
        return st;
    }
    dx__output_abort(t); /* removes the private folder (already gone after a swap) */
    return st;
}

dx_status dx__write_file_atomic(const char *path, const char *data, size_t len)
{
    DX_REQUIRE_PTR(path);
    DX_REQUIRE_PTR(data);
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char *dir;
    if (!slash)
        dir = dx__strdup(".");
    else if (slash == path)
        dir = dx__strdup("/");
    else {
        dir = dx__malloc((size_t)(slash - path) + 1);
        if (dir) {
            memcpy(dir, path, (size_t)(slash - path));
            dir[slash - path] = '\0';
        }
    }
    if (!dir)
        DX_FAIL(DX_ENOMEM, "out of memory writing '%s'", path);
    dx__output *t;
    dx_status st = dx__output_begin(dir, DX__OUTPUT_FILES, &t);
    dx__free(dir);
    if (st != DX_OK)
        return st;
    st = dx__output_add(t, name, data, len);
    if (st != DX_OK) {
        dx__output_abort(t);
        return st;
    }
    return dx__output_commit(t);
}
