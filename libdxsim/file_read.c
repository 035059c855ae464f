/* The one reader of input files (issue 13): scenario, price book, area
 * (GeoJSON/KML), DEM tiles, sweep specs and, through dx_file_read, the CLI's
 * CSV item tables and drive-test measurements.
 *
 * A path that names a FIFO, a device (/dev/zero, a tty) or a folder is refused
 * before a byte is read: the file is opened with O_NONBLOCK (so opening a FIFO
 * with no writer cannot block), fstat must say "regular file", and its size
 * must be within the caller's limit before anything is allocated. The size
 * read is checked against fstat's, so a file growing while read cannot
 * overrun the limit either. */
#define _GNU_SOURCE
#include "dx_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a non-regular file is, for the message. */
const char *dx__file_kind(unsigned int mode)
{
    mode_t m = (mode_t)mode;
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a FIFO (named pipe)";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

/* Open path for reading, refusing anything but a regular file; *size its size. */
static dx_status open_regular(const char *path, const char *what, int *out_fd, size_t *size)
{
    *out_fd = -1;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        DX_FAIL(DX_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        DX_FAIL(DX_EIO, "%s: cannot stat: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        DX_FAIL(DX_EIO, "%s: not a regular file (%s cannot be %s)", path, dx__file_kind(st.st_mode),
                what);
    }
    /* back to blocking reads: a regular file reads the same either way */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    *out_fd = fd;
    *size = (size_t)st.st_size;
    return DX_OK;
}

dx_status dx__file_check_regular(const char *path, const char *what)
{
    DX_REQUIRE_PTR(path);
    int fd;
    size_t n;
    DX_TRY(open_regular(path, what ? what : "an input file", &fd, &n));
    close(fd);
    return DX_OK;
}

dx_status dx__file_read(const char *path, size_t max_bytes, const char *what,
                        const char *limit_name, char **out, size_t *out_len)
{
    DX_REQUIRE_PTR(out);
    *out = NULL;
    if (out_len)
        *out_len = 0;
    DX_REQUIRE_PTR(path);
    if (!what)
        what = "an input file";
    int fd;
    size_t n;
    DX_TRY(open_regular(path, what, &fd, &n));
    if (n > max_bytes) {
        close(fd);
        DX_FAIL(DX_EPARSE, "%s: file is %zu bytes (limit %zu bytes%s%s)", path, n, max_bytes,
                limit_name ? ", " : "", limit_name ? limit_name : "");
    }
    char *buf = dx__malloc(n + 1);
    if (!buf) {
        close(fd);
        DX_FAIL(DX_ENOMEM, "%s: out of memory reading %zu bytes", path, n);
    }
    size_t got = 0;
    int err = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            err = errno;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != n) {
        dx__free(buf);
        if (err)
            DX_FAIL(DX_EIO, "%s: read error: %s", path, strerror(err));
        DX_FAIL(DX_EIO, "%s: short read (%zu of %zu bytes; the file changed while read)", path,
                got, n);
    }
    buf[n] = '\0';
    *out = buf;
    if (out_len)
        *out_len = n;
    return DX_OK;
}

dx_status dx_file_read(const char *path, size_t max_bytes, char **out_text, size_t *out_len)
{
    return dx__file_read(path, max_bytes, "an input file", "max_bytes", out_text, out_len);
}
