/**
 * @file dxsim.h
 * Umbrella header: includes every public libdxsim header.
 * Pipeline order (docs/DESIGN.md §1): technology → propagation → link/phy →
 * coverage → capacity → cost/finance → programme → compare/report.
 */
#ifndef DXSIM_H
#define DXSIM_H
#include "dxsim/common.h"
#include "dxsim/technology.h"
#endif
