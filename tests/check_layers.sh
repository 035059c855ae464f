#!/bin/sh
# The library stays one-directional (docs/DESIGN.md §1, issue 9): a source or
# header of a stage never includes a later stage's header, and compare (which
# only wires plan -> cost -> programme -> ranking) includes no link-budget
# header (link, phy, propagation, coverage, capacity).
# Usage: check_layers.sh SOURCE_DIR
set -eu
src=$1
stage() {
  case $1 in
    common|export|version) echo 0 ;;
    # dx_internal.h includes technology.h for dx_value_class only: that type's home
    # should be common.h (STYLE.md §12, known drift), so the private helper header is
    # not checked until it moves.
    technology) echo 1 ;;
    propagation) echo 2 ;;
    link|phy) echo 3 ;;
    coverage) echo 4 ;;
    capacity|coverage_plan) echo 5 ;;
    plan) echo 6 ;;
    cost|finance) echo 7 ;;
    programme|uncertainty) echo 8 ;;
    compare|report) echo 9 ;;
    *) echo - ;; # the scenario (input of every stage) and anything unknown: not checked
  esac
}
module() { # file name -> module: coverage_plan keeps its name (capacity code), else the prefix
  b=$(basename "$1"); b=${b%.c}; b=${b%.h}
  case $b in coverage_plan) echo coverage_plan ;; *) echo "${b%%_*}" ;; esac
}
bad=0
for f in "$src"/libdxsim/*.c "$src"/libdxsim/*.h "$src"/include/dxsim/*.h; do
  m=$(module "$f"); s=$(stage "$m")
  [ "$s" = - ] && continue
  for inc in $(sed -n 's/^#include "\(dxsim\/\)\{0,1\}\([a-z_]*\)\.h".*/\2/p' "$f"); do
    i=$(stage "$(module "$inc")")
    [ "$i" = - ] && continue
    if [ "$i" -gt "$s" ]; then
      echo "$f (stage $s, $m) includes $inc.h (stage $i): a later stage" >&2; bad=1
    fi
    if [ "$m" = compare ]; then
      case $inc in link|phy|propagation|coverage|capacity)
        echo "$f: compare includes $inc.h (link-budget arithmetic belongs to the plan)" >&2; bad=1 ;;
      esac
    fi
  done
done
[ $bad -eq 0 ] && echo "layers: every include points to the same or an earlier stage"
exit $bad
