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

/* ---- one safe reader for every XML document ---------------------------------- */

typedef struct {
    long line;
    int doctype;     /* a DOCTYPE was met: parsing was stopped there */
    char where[256]; /* "<scenario>/<demand>/<devices>" or "" */
    int in_start_tag;
    int depth; /* open elements at the error */
    char attribute[72]; /* the attribute whose value holds the error, or "" */
    char message[256];
} dx__xml_first_error;

static int dx__xml_name_char(unsigned char c)
{
    return c == '_' || c == '-' || c == '.' || c == ':' || c >= 0x80 || (c >= '0' && c <= '9') ||
           ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static void dx__xml_append(char *buf, size_t size, const char *piece, size_t n)
{
    size_t have = strlen(buf);
    if (have + 1 >= size)
        return;
    if (n > size - 1 - have)
        n = size - 1 - have;
    memcpy(buf + have, piece, n);
    buf[have + n] = '\0';
}

/* The element the parser was reading when it failed: the open elements of
 * the parser's name stack, plus the start tag being parsed when the error
 * lies inside one (libxml2 pushes an element's name only after its
 * attributes are read, so an error in an attribute value would otherwise
 * name the parent). The start tag is found in the text: the last '<' before
 * the error position ('<' cannot appear inside an attribute value), followed
 * by a name and no '>' outside quotes up to the position. */
static void dx__xml_where(xmlParserCtxtPtr p, dx__xml_first_error *f)
{
    f->where[0] = '\0';
    f->in_start_tag = 0;
    /* a deep document (libxml2 stops at 256 levels) shows its first two and
     * last four elements: "<kml>/<Folder>/.../<Folder>", and the depth */
    const int deep = p->nameNr > 8;
    for (int i = 0; p->nameTab && i < p->nameNr; i++) {
        const char *n = (const char *)p->nameTab[i];
        if (!n)
            continue;
        if (deep && i >= 2 && i < p->nameNr - 4) {
            if (i == 2)
                dx__xml_append(f->where, sizeof f->where, "/...", 4);
            continue;
        }
        dx__xml_append(f->where, sizeof f->where, i ? "/<" : "<", i ? 2 : 1);
        dx__xml_append(f->where, sizeof f->where, n, strlen(n));
        dx__xml_append(f->where, sizeof f->where, ">", 1);
    }
    f->depth = p->nameNr;
    xmlParserInputPtr in = p->input;
    if (!in || !in->base || !in->cur || in->cur < in->base)
        return;
    const unsigned char *base = in->base, *cur = in->cur;
    if (in->end && cur > in->end)
        cur = in->end;
    const unsigned char *lt = cur;
    while (lt > base && *(lt - 1) != '<')
        lt--;
    if (lt == base)
        return; /* no '<' before the position */
    const unsigned char *name = lt; /* just after the '<' */
    const unsigned char *q = name;
    while (q < cur && dx__xml_name_char(*q))
        q++;
    if (q == name)
        return; /* "</", "<!", "<?": not a start tag */
    char quote = 0;
    const unsigned char *attr = NULL, *attr_end = NULL; /* the attribute last named */
    for (const unsigned char *r = q; r < cur; r++) {
        if (quote) {
            if (*r == quote)
                quote = 0;
        } else if (*r == '"' || *r == '\'') {
            quote = (char)*r;
        } else if (*r == '>') {
            return; /* the tag was closed: the error lies in content */
        } else if (dx__xml_name_char(*r) && !dx__xml_name_char(*(r - 1))) {
            attr = r;
            for (attr_end = r; attr_end < cur && dx__xml_name_char(*attr_end); attr_end++)
                ;
        }
    }
    f->attribute[0] = '\0';
    if (quote && attr) { /* the error lies inside this attribute's value */
        size_t an = (size_t)(attr_end - attr);
        dx__xml_append(f->attribute, sizeof f->attribute, (const char *)attr, an > 64 ? 64 : an);
    }
    size_t n = (size_t)(q - name);
    if (n > 64)
        n = 64;
    dx__xml_append(f->where, sizeof f->where, f->where[0] ? "/<" : "<", f->where[0] ? 2 : 1);
    dx__xml_append(f->where, sizeof f->where, (const char *)name, n);
    dx__xml_append(f->where, sizeof f->where, ">", 1);
    f->in_start_tag = 1;
}

/* libxml2 structured error callback: keep the first error of the document. */
static void dx__xml_keep_first_error(void *user, xmlErrorPtr e)
{
    xmlParserCtxtPtr p = user;
    dx__xml_first_error *f = p ? p->_private : NULL;
    if (!f || f->line || !e)
        return;
    f->line = e->line > 0 ? e->line : 1;
    snprintf(f->message, sizeof f->message, "%s", e->message ? e->message : "not well-formed XML");
    /* libxml2's messages run over two lines for encoding errors ("Input is
     * not proper UTF-8, indicate encoding !\nBytes: 0xFF ..."): one line */
    for (char *c = f->message; *c; c++)
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    size_t m = strlen(f->message);
    while (m && f->message[m - 1] == ' ')
        f->message[--m] = '\0';
    /* the usual cause in Japan: a file saved as Shift_JIS (CP932) by an
     * editor, without an encoding declaration */
    if (strstr(f->message, "not proper UTF-8"))
        snprintf(f->message + m, sizeof f->message - m,
                 "; save the file as UTF-8, or declare its encoding in the first line, e.g. "
                 "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>");
    dx__xml_where(p, f);
}

/* SAX hook for "<!DOCTYPE": stop before any declaration of the internal
 * subset is read (entities, external references). The byte search callers
 * did before misses a DOCTYPE in UTF-16 or UTF-32. */
static void dx__xml_refuse_doctype(void *user, const xmlChar *name, const xmlChar *external_id,
                                   const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr p = user;
    dx__xml_first_error *f = p ? p->_private : NULL;
    if (f && !f->doctype) {
        f->doctype = 1;
        f->line = p->input && p->input->line > 0 ? p->input->line : 1;
    }
    xmlStopParser(p);
}

dx_status dx__xml_read(const char *text, size_t len, const char *name, const char *what,
                       int extra_options, struct _xmlDoc **out)
{
    *out = NULL;
    if (len > (size_t)0x7fffffff)
        DX_FAIL(DX_EPARSE, "%s: %zu bytes is too large for one XML document", name, len);
    dx__xml_init();
    xmlParserCtxtPtr p = xmlNewParserCtxt();
    if (!p)
        DX_FAIL(DX_ENOMEM, "%s: out of memory creating the XML parser", name);
    /* NONET: never fetch; no NOENT (no entity substitution), no
     * DTDLOAD/DTDATTR/DTDVALID; errors collected, never printed. BIG_LINES:
     * line numbers past 65535 reported as they are. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
               XML_PARSE_BIG_LINES | extra_options;
    dx__xml_first_error first;
    memset(&first, 0, sizeof first);
    p->_private = &first;
    p->sax->serror = dx__xml_keep_first_error;
    p->sax->internalSubset = dx__xml_refuse_doctype;
    p->sax->externalSubset = dx__xml_refuse_doctype;
    xmlDocPtr doc = xmlCtxtReadMemory(p, text, (int)len, name, NULL, opts);
    if (!first.doctype && doc && (doc->intSubset || doc->extSubset)) {
        first.doctype = 1; /* not seen by the hooks (should not happen) */
        first.line = 1;
    }
    if (first.doctype) {
        if (doc)
            xmlFreeDoc(doc);
        xmlFreeParserCtxt(p);
        DX_FAIL(DX_EPARSE,
                "%s:%ld: a DOCTYPE is not allowed in %s (no DTDs or entities are processed, "
                "for safety)",
                name, first.line, what);
    }
    if (!doc) {
        if (!first.line) {
            const xmlError *e = xmlCtxtGetLastError(p);
            if (e)
                dx__xml_keep_first_error(p, (xmlErrorPtr)e);
        }
        xmlFreeParserCtxt(p);
        if (first.attribute[0])
            DX_FAIL(DX_EPARSE, "%s:%ld: malformed XML: %s (in attribute %s= of %s)", name,
                    first.line ? first.line : 1,
                    first.message[0] ? first.message : "not well-formed XML", first.attribute,
                    first.where);
        if (first.where[0] && first.depth > 8)
            DX_FAIL(DX_EPARSE, "%s:%ld: malformed XML: %s (%s %s, %d elements deep)", name,
                    first.line ? first.line : 1,
                    first.message[0] ? first.message : "not well-formed XML",
                    first.in_start_tag ? "in the start tag of" : "inside", first.where,
                    first.depth + first.in_start_tag);
        if (first.where[0])
            DX_FAIL(DX_EPARSE, "%s:%ld: malformed XML: %s (%s %s)", name,
                    first.line ? first.line : 1,
                    first.message[0] ? first.message : "not well-formed XML",
                    first.in_start_tag ? "in the start tag of" : "inside", first.where);
        DX_FAIL(DX_EPARSE, "%s:%ld: malformed XML: %s", name, first.line ? first.line : 1,
                first.message[0] ? first.message : "not well-formed XML");
    }
    xmlFreeParserCtxt(p);
    if (!xmlDocGetRootElement(doc)) {
        xmlFreeDoc(doc);
        DX_FAIL(DX_EPARSE, "%s:1: empty document (no root element)", name);
    }
    *out = doc;
    return DX_OK;
}
