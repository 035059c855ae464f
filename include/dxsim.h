/**
 * @file dxsim.h
 * Umbrella header: includes every public libdxsim header.
 * Pipeline order (docs/DESIGN.md §1): technology → propagation → link/phy →
 * coverage → capacity → plan → cost/finance → programme → compare/report.
 */
#ifndef DXSIM_H
#define DXSIM_H
#include "dxsim/common.h"
#include "dxsim/technology.h"
#include "dxsim/cost.h"
#include "dxsim/finance.h"
#include "dxsim/link.h"
#include "dxsim/phy.h"
#include "dxsim/propagation.h"
#include "dxsim/itm.h"
#include "dxsim/terrain.h"
#include "dxsim/geo.h"
#include "dxsim/calibrate.h"
#include "dxsim/coverage.h"
#include "dxsim/capacity.h"
#include "dxsim/scenario.h"
#include "dxsim/plan.h"
#include "dxsim/compare.h"
#include "dxsim/programme.h"
#include "dxsim/uncertainty.h"
#include "dxsim/sweep.h"
#endif
