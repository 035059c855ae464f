/* report.md: the report document (report_doc.c) as Markdown. Every text is
 * escaped for a table cell (| \ newline < > & and emphasis marks), so names
 * with a pipe, a line break or markup never break a table. */
#include "report_internal.h"

static void heading(dx__report_sink *s, int level, const char *text)
{
    dx__buf_append(s->b, "\n");
    for (int i = 0; i < level; i++)
        dx__buf_append(s->b, "#");
    dx__buf_append(s->b, " ");
    dx__report_md(s->b, text);
    dx__buf_append(s->b, "\n\n");
}

static void para(dx__report_sink *s, const char *text)
{
    dx__report_md(s->b, text);
    dx__buf_append(s->b, "\n\n");
}

static void bullet(dx__report_sink *s, const char *text)
{
    dx__buf_append(s->b, "- ");
    dx__report_md(s->b, text);
    dx__buf_append(s->b, "\n");
}

static void row(dx__report_sink *s, size_t n, const char *const *cells, int strong)
{
    dx__buf_append(s->b, "|");
    for (size_t i = 0; i < n; i++) {
        dx__buf_append(s->b, strong && cells[i][0] ? " **" : " ");
        dx__report_md(s->b, cells[i]);
        dx__buf_append(s->b, strong && cells[i][0] ? "** |" : " |");
    }
    dx__buf_append(s->b, "\n");
}

static void table(dx__report_sink *s, size_t n, const char *const *head)
{
    dx__buf_append(s->b, "\n");
    row(s, n, head, 0);
    dx__buf_append(s->b, "|");
    for (size_t i = 0; i < n; i++)
        dx__buf_append(s->b, "---|");
    dx__buf_append(s->b, "\n");
}

static void table_end(dx__report_sink *s) { dx__buf_append(s->b, "\n"); }

dx_status dx__report_md_render(const dx__report_model *m, dx__buf *b)
{
    dx__report_sink s = {b, m, heading, para, bullet, table, row, table_end, NULL, DX_OK};
    dx_status st = dx__report_doc(&s);
    if (st == DX_OK && m->lang == DX_REPORT_LANG_JA)
        dx__buf_append(b, "\n---\n\n図表付きの報告書は report.html をご覧ください。\n");
    else if (st == DX_OK)
        dx__buf_append(b, "\n---\n\nreport.html has the same report with charts and the coverage map.\n");
    return st;
}
