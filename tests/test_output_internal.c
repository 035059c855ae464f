/* Output transactions (libdxsim/output.c, output_internal.h) and the checked
 * size/conversion helpers of dx_internal.h (issue 13, items 1, 3 and 4). */
#define _GNU_SOURCE
#include "dx_test.h"
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dxsim.h>
#include "dx_internal.h"
#include "output_internal.h"

static char base[64];

static int setup(void **state)
{
    (void)state;
    snprintf(base, sizeof base, "/tmp/dxsim-output-XXXXXX");
    return mkdtemp(base) ? 0 : -1;
}

static void rm_rf(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char p[1024];
            snprintf(p, sizeof p, "%s/%s", path, e->d_name);
            struct stat s;
            if (lstat(p, &s) == 0 && S_ISDIR(s.st_mode))
                rm_rf(p);
            else
                unlink(p);
        }
        closedir(d);
    }
    rmdir(path);
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(base);
    return 0;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *get(const char *path)
{
    static char buf[256];
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static const char *names[3] = {"report.md", "results.json", "results.csv"};

static dx_status write_set(const char *dir, const char *tag)
{
    dx__output *t;
    DX_TRY(dx__output_begin(dir, DX__OUTPUT_FOLDER, &t));
    for (int i = 0; i < 3; i++) {
        char text[64];
        snprintf(text, sizeof text, "%s %s", tag, names[i]);
        dx_status st = dx__output_add(t, names[i], text, strlen(text));
        if (st != DX_OK) {
            dx__output_abort(t);
            return st;
        }
    }
    return dx__output_commit(t);
}

/* "old", "new" or "mix" for the three files of dir */
static const char *which_set(const char *dir)
{
    int n_old = 0, n_new = 0;
    for (int i = 0; i < 3; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        const char *s = get(p);
        n_old += s && !strncmp(s, "old ", 4);
        n_new += s && !strncmp(s, "new ", 4);
    }
    return n_old == 3 ? "old" : n_new == 3 ? "new" : "mix";
}

static void remove_leftover_tmp(void)
{
    DIR *d = opendir(base);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, "dxsim-tmp-")) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s", base, e->d_name);
            rm_rf(p);
        }
    closedir(d);
}

static void test_output__a_new_folder_appears_whole(void **state)
{
    (void)state;
    char dir[256];
    snprintf(dir, sizeof dir, "%s/run", base);
    mode_t old_mask = umask(022);
    assert_int_equal(write_set(dir, "new"), DX_OK);
    umask(old_mask);
    assert_int_equal(dx__output_last_placed(), DX__OUTPUT_PLACED_NEW_FOLDER);
    assert_string_equal(which_set(dir), "new");
    struct stat s;
    assert_int_equal(stat(dir, &s), 0);
    assert_int_equal(s.st_mode & 0777, 0755); /* as mkdir with the umask, not mkdtemp's 0700 */
}

static void test_output__a_kill_at_any_step_never_leaves_a_mix(void **state)
{
    (void)state;
    char dir[256], other[300];
    snprintf(dir, sizeof dir, "%s/kill", base);
    snprintf(other, sizeof other, "%s/notes.txt", dir);
    for (long k = 0; k < 8; k++) {
        rm_rf(dir);
        assert_int_equal(write_set(dir, "old"), DX_OK);
        put(other, "user file");
        dx__output_test_fail_after(k);
        dx_status st = write_set(dir, "new");
        dx__output_test_fail_after(-1);
        const char *set = which_set(dir);
        if (strcmp(set, "old") && strcmp(set, "new"))
            fail_msg("kill after %ld steps left a mix of old and new files", k);
        if (st == DX_OK)
            assert_string_equal(set, "new");
        /* the user's own entries survive either way */
        if (!get(other))
            fail_msg("kill after %ld steps (status %d, %s): %s lost", k, (int)st, set, other);
        assert_string_equal(get(other), "user file");
        if (st == DX_OK)
            assert_int_equal(dx__output_last_placed(), DX__OUTPUT_PLACED_EXCHANGE);
        remove_leftover_tmp(); /* what a killed run leaves: a hidden .dxsim-tmp- folder */
    }
    /* and without a kill the commit leaves nothing behind in the parent */
    assert_int_equal(write_set(dir, "new"), DX_OK);
    DIR *d = opendir(base);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        assert_null(strstr(e->d_name, "dxsim-tmp-"));
    closedir(d);
}

static void test_output__folders_with_subfolders_or_shared_are_placed_file_by_file(void **state)
{
    (void)state;
    char dir[256], sub[300], subfile[340];
    snprintf(dir, sizeof dir, "%s/project", base);
    snprintf(sub, sizeof sub, "%s/maps", dir);
    snprintf(subfile, sizeof subfile, "%s/maps/a.png", dir);
    assert_int_equal(write_set(dir, "old"), DX_OK);
    assert_int_equal(mkdir(sub, 0755), 0);
    put(subfile, "png");
    assert_int_equal(write_set(dir, "new"), DX_OK);
    assert_int_equal(dx__output_last_placed(), DX__OUTPUT_PLACED_PER_FILE);
    assert_string_equal(which_set(dir), "new");
    assert_string_equal(get(subfile), "png"); /* never moved or deleted */
    rm_rf(sub);
    assert_int_equal(chmod(dir, 01777), 0); /* shared like /tmp: never swapped */
    assert_int_equal(write_set(dir, "old"), DX_OK);
    assert_int_equal(dx__output_last_placed(), DX__OUTPUT_PLACED_PER_FILE);
    assert_string_equal(which_set(dir), "old");
    struct stat s;
    assert_int_equal(stat(dir, &s), 0);
    assert_int_equal(s.st_mode & 07777, 01777);
}

static void test_output__temporaries_never_follow_symlinks(void **state)
{
    (void)state;
    /* the old writer used '<file>.tmp.<pid>' and fopen, which follows a planted link */
    char victim[256], target[256], link[300];
    snprintf(victim, sizeof victim, "%s/victim", base);
    snprintf(target, sizeof target, "%s/map.csv", base);
    snprintf(link, sizeof link, "%s.tmp.%ld", target, (long)getpid());
    put(victim, "precious");
    assert_int_equal(symlink(victim, link), 0);
    assert_int_equal(dx__write_file_atomic(target, "a,b\n", 4), DX_OK);
    assert_string_equal(get(victim), "precious");
    assert_string_equal(get(target), "a,b\n");
    unlink(link);
}

static void test_output__a_device_or_fifo_is_never_replaced(void **state)
{
    (void)state;
    /* as root, `dxsim calibrate --out /dev/full` renamed its file over the device */
    char fifo[256], dir[256], p[300];
    snprintf(fifo, sizeof fifo, "%s/fit.xml", base);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(dx__write_file_atomic(fifo, "<x/>", 4), DX_EIO);
    assert_non_null(strstr(dx_last_error(), "is a FIFO (named pipe)"));
    struct stat s;
    assert_int_equal(lstat(fifo, &s), 0);
    assert_true(S_ISFIFO(s.st_mode));
    /* a result folder placed file by file with a FIFO under one of the run's
     * names: every name is checked before the first rename, nothing is placed */
    snprintf(dir, sizeof dir, "%s/run", base);
    assert_int_equal(write_set(dir, "old"), DX_OK);
    snprintf(p, sizeof p, "%s/sub", dir); /* a subfolder: placed file by file */
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/%s", dir, names[2]);
    unlink(p);
    assert_int_equal(mkfifo(p, 0600), 0);
    assert_int_equal(write_set(dir, "new"), DX_EIO);
    assert_non_null(strstr(dx_last_error(), "only a regular file is replaced"));
    snprintf(p, sizeof p, "%s/%s", dir, names[0]);
    assert_string_equal(get(p), "old report.md");
    remove_leftover_tmp();
}

static void test_output__names_and_folders_are_checked(void **state)
{
    (void)state;
    dx__output *t;
    char dir[256], file[256];
    snprintf(dir, sizeof dir, "%s/names", base);
    assert_int_equal(dx__output_begin(dir, DX__OUTPUT_FOLDER, &t), DX_OK);
    assert_int_equal(dx__output_add(t, "../escape", "x", 1), DX_EINVAL);
    assert_int_equal(dx__output_add(t, "", "x", 1), DX_EINVAL);
    assert_int_equal(dx__output_add(t, "a.txt", "x", 1), DX_OK);
    assert_int_equal(dx__output_add(t, "a.txt", "y", 1), DX_EINVAL);
    assert_non_null(strstr(dx_last_error(), "added twice"));
    dx__output_abort(t);
    struct stat s;
    assert_int_equal(stat(dir, &s), -1); /* an aborted new folder never appears */
    snprintf(file, sizeof file, "%s/plain", base);
    put(file, "x");
    assert_int_equal(dx__output_begin(file, DX__OUTPUT_FOLDER, &t), DX_EIO);
    assert_non_null(strstr(dx_last_error(), "is not a folder"));
    assert_int_equal(dx_output_check(file), DX_EIO);
    assert_int_equal(dx_output_check(base), DX_OK);
    assert_int_equal(dx_output_check(dir), DX_OK); /* absent, parent writable */
    assert_int_equal(stat(dir, &s), -1);           /* the check creates nothing */
    if (geteuid() != 0) { /* root ignores permission bits */
        char ro[256];
        snprintf(ro, sizeof ro, "%s/ro", base);
        assert_int_equal(mkdir(ro, 0555), 0);
        assert_int_equal(dx_output_check(ro), DX_EIO);
        assert_non_null(strstr(dx_last_error(), "not writable"));
    }
}

static void test_checked__products_and_conversions_refuse_overflow(void **state)
{
    (void)state;
    size_t n = 7;
    assert_int_equal(dx__mul_size("grid", (size_t)1 << 32, (size_t)1 << 32, &n), DX_EDOMAIN);
    assert_int_equal(n, 0);
    assert_non_null(strstr(dx_last_error(), "grid: 4294967296 x 4294967296 overflows"));
    assert_int_equal(dx__mul_size("grid", 80, 60, &n), DX_OK);
    assert_int_equal(n, 4800);
    assert_int_equal(dx__mul3_size("maps", 3, SIZE_MAX / 4, 8, &n), DX_EDOMAIN);
    assert_int_equal(dx__mul3_size("maps", 0, SIZE_MAX, 8, &n), DX_OK);
    assert_int_equal(n, 0);
    int v = 1;
    /* 10^6 devices at 1 kbit/s per 0.5 bit/s of cell capacity: 2e9 sites > INT_MAX */
    assert_int_equal(dx__to_int_checked(2e9 + 0.4, "n_sites", &v), DX_OK);
    assert_int_equal(v, 2000000000);
    assert_int_equal(dx__to_int_checked(3.2e9, "n_sites", &v), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "n_sites = 3.2e+09 does not fit an int"));
    assert_int_equal(dx__to_int_checked(NAN, "n_sites", &v), DX_EDOMAIN);
    assert_int_equal(dx__to_int_checked(-2147483648.4, "x", &v), DX_OK);
    assert_int_equal(v, INT_MIN);
    assert_int_equal(dx__to_int_checked(-2147483649.0, "x", &v), DX_EDOMAIN);
    size_t z = 1;
    assert_int_equal(dx__to_size_checked(2.1, "draws", 1, &z), DX_OK);
    assert_int_equal(z, 3);
    assert_int_equal(dx__to_size_checked(-1.0, "draws", 0, &z), DX_EDOMAIN);
    assert_int_equal(dx__to_size_checked(1.9e19, "draws", 0, &z), DX_EDOMAIN);
    assert_int_equal(dx__require_finite("f", "x0_m", INFINITY, "m"), DX_EDOMAIN);
    assert_non_null(strstr(dx_last_error(), "f: x0_m = inf m (allowed: finite)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output__a_new_folder_appears_whole),
        cmocka_unit_test(test_output__a_kill_at_any_step_never_leaves_a_mix),
        cmocka_unit_test(test_output__folders_with_subfolders_or_shared_are_placed_file_by_file),
        cmocka_unit_test(test_output__temporaries_never_follow_symlinks),
        cmocka_unit_test(test_output__a_device_or_fifo_is_never_replaced),
        cmocka_unit_test(test_output__names_and_folders_are_checked),
        cmocka_unit_test(test_checked__products_and_conversions_refuse_overflow),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
