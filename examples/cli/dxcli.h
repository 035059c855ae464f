/* Sub-commands of the dxsim CLI; one examples/cli/cmd_<name>.c each. */
#ifndef DXCLI_H
#define DXCLI_H
#include <dxsim.h>

typedef int (*dxcli_fn)(int argc, char **argv); /* argv[0] is the sub-command */

typedef struct {
    const char *name;
    dxcli_fn fn;
    const char *usage;
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
int dxcli_sweep(int argc, char **argv); /* cmd_sweep.c, sweep_mpi.c */
#endif
