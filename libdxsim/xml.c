/* libxml2 set-up shared by every libxml2 entry point of the library.
 *
 * libxml2 must be initialised once, before any thread parses: xmlInitParser()
 * builds process-wide tables (character classes, the dictionary mutex, the
 * thread-local globals key). Called lazily from two threads at once it races
 * (ThreadSanitizer reports it; a GCC -fsanitize=thread build crashed there).
 * dx__xml_init() runs it exactly once through pthread_once and is called by
 * dx_global_init() and at the top of every function that calls libxml2.
 *
 * libxml2's "generic" error channel prints to stderr by default (the library
 * never prints): it is routed into the calling thread's dx_last_error()
 * instead. The handler is per thread in libxml2 (xmlSetGenericErrorFunc sets
 * the calling thread's copy; xmlThrDefSetGenericErrorFunc the default for
 * threads created later), so both are set. Parser errors proper still go to
 * the structured handler each parser context installs (scenario.c). */
#include "dx_internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#define DX__XML_MSG 512

/* libxml2 emits one message in several calls (e.g. "%s", then ": %s\n"):
 * pieces are collected per thread until the newline. */
static _Thread_local char dx__xml_msg[DX__XML_MSG];
static _Thread_local size_t dx__xml_len;
static _Thread_local int dx__xml_thread_ready;

static void dx__xml_generic_error(void *ctx, const char *fmt, ...) DX__PRINTF(2, 3);
static void dx__xml_generic_error(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    char piece[DX__XML_MSG];
    va_list ap;
    va_start(ap, fmt);
    int n = dx__vsnprintf_c(piece, sizeof piece, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t room = sizeof dx__xml_msg - 1 - dx__xml_len;
    size_t len = strlen(piece);
    if (len > room)
        len = room;
    memcpy(dx__xml_msg + dx__xml_len, piece, len);
    dx__xml_len += len;
    dx__xml_msg[dx__xml_len] = '\0';
    if (dx__xml_len && (dx__xml_msg[dx__xml_len - 1] == '\n' || len < strlen(piece))) {
        while (dx__xml_len && (dx__xml_msg[dx__xml_len - 1] == '\n' ||
                               dx__xml_msg[dx__xml_len - 1] == '\r'))
            dx__xml_msg[--dx__xml_len] = '\0';
        dx__set_error("libxml2: %s", dx__xml_msg);
        dx__xml_len = 0;
        dx__xml_msg[0] = '\0';
    }
}

static void dx__xml_init_once(void)
{
    xmlInitParser();
    /* default for threads libxml2 has not seen yet */
    xmlThrDefSetGenericErrorFunc(NULL, dx__xml_generic_error);
}

void dx__xml_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, dx__xml_init_once);
    if (!dx__xml_thread_ready) {
        /* this thread's copy (threads that touched libxml2 before the default was set) */
        xmlSetGenericErrorFunc(NULL, dx__xml_generic_error);
        dx__xml_thread_ready = 1;
    }
}
