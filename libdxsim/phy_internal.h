/* Private helpers shared by the phy_*.c sources (not part of the public API). */
#ifndef DXSIM_PHY_INTERNAL_H
#define DXSIM_PHY_INTERNAL_H

/** Number of defined indices of TS 38.214 MCS table 1..3 (0 for another table). */
int dx__phy_nr_mcs_count(int table);

#endif
