/* Sub-commands of the dxsim CLI; one examples/cli/cmd_<name>.c each. */
#ifndef DXCLI_H
#define DXCLI_H
#include <stddef.h>
#include <stdio.h>
#include <getopt.h>
#include <dxsim.h>

typedef int (*dxcli_fn)(int argc, char **argv); /* argv[0] is the sub-command */

typedef struct {
    const char *name;
    dxcli_fn fn;
    const char *synopsis; /* "run [-o DIR] [-q] SCENARIO.xml..."; lines separated by '\n' */
    const char *summary;  /* one line for `dxsim --help` */
    const char *details;  /* description and options for `dxsim COMMAND --help` */
} dxcli_command;

/* Print "dxsim: <what>: <dx_last_error()>" to stderr and return exit code 1. */
int dxcli_fail(const char *what, int status);

int dxcli_version(int argc, char **argv);
int dxcli_coverage(int argc, char **argv);
int dxcli_demo(int argc, char **argv);
int dxcli_run(int argc, char **argv);
int dxcli_validate(int argc, char **argv);
int dxcli_demo_xml(int argc, char **argv);
int dxcli_techs(int argc, char **argv);
int dxcli_npv(int argc, char **argv);
int dxcli_cost(int argc, char **argv);
int dxcli_rate(int argc, char **argv);
int dxcli_airtime(int argc, char **argv);
int dxcli_programme(int argc, char **argv);
int dxcli_pathloss(int argc, char **argv);

/* ---- shared option parsing and helpers (cli_util.c) -------------------------
 * Every command parses its options with dxcli_getopt (getopt_long: -o DIR,
 * -oDIR, --output DIR, --output=DIR). `dxsim COMMAND --help` is answered by
 * main.c before the command runs. */

/* getopt_long with the CLI's messages. optstring as getopt's; a leading '+'
 * stops at the first operand and treats a negative number ("-2.385") as an
 * operand (npv, pathloss, rate). Returns the option (short letter or the long
 * option's val), -1 after the last option (operands start at optind), or '?'
 * after printing "dxsim CMD: unknown option ..." / "... needs a value". */
int dxcli_getopt(int argc, char **argv, const char *optstring, const struct option *longopts);
/* Print "dxsim CMD: <message>", the command's usage and a --help hint; return 2. */
int dxcli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The command's usage lines ("usage: dxsim ...") on f (main.c). */
void dxcli_print_usage(const char *cmd, FILE *f);
/* Whole-string numbers; print "dxsim CMD: WHAT = 'S' is not a number" and return -1. */
int dxcli_number(const char *cmd, const char *what, const char *s, double *out);
int dxcli_int(const char *cmd, const char *what, const char *s, int *out);
/* mkdir -p; prints "dxsim: cannot create 'P': reason" and returns -1 on failure. */
int dxcli_mkdir_p(const char *path);
/* Before any computation: the output folder DIR (or the first of its missing
 * parents, which `-o a/b/c` creates) can be written (dx_output_check); 0, or
 * -1 after printing "dxsim: CMD: ..." naming the path and the reason. */
int dxcli_output_check(const char *cmd, const char *dir);
/* File name without folders and extension: "a/b/farm.xml" -> "farm". */
/* dx_progress_fn printing "\r<stage> <ratio> %" on standard error (a new line
 * at 1.0); dxsim run and coverage install it only when stderr is a terminal
 * and -q is not given. */
void dxcli_progress_line(void *user, const char *stage, double done_ratio);
const char *dxcli_stem(const char *path, char *buf, size_t cap);
int dxcli_calibrate(int argc, char **argv);
int dxcli_sweep(int argc, char **argv); /* cmd_sweep.c, sweep_mpi.c */
#endif
