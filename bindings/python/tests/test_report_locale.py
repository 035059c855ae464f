"""Locale independence of the report files (issue 11): the same run in a process
whose C locale is German (decimal comma, LC_ALL=de_DE.UTF-8 through setlocale)
and in C.UTF-8 writes byte-identical files; so does `dxsim run` started with
those LC_ALL values. Skipped with a message when de_DE.UTF-8 is not installed
(scripts/install-deps.sh generates it)."""
import filecmp
import os
import subprocess
import sys
import tempfile
import unittest

FILES = ("report.md", "report.html", "results.json", "results.csv", "items.csv", "cashflows.csv")
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MAP_EXAMPLES = ("farm-hilly-mixed", "bus-route-level4")
SCENARIO = os.path.join(ROOT, "examples", "scenarios", "farm-halow-lorawan.xml")

CHILD = r"""
import locale, sys
locale.setlocale(locale.LC_ALL, sys.argv[1])
if sys.argv[1].startswith("de_DE"):
    assert locale.localeconv()["decimal_point"] == ",", "German locale not in effect"
import dxsim
dxsim.run_scenario(sys.argv[2], out_dir=sys.argv[3], lang=sys.argv[4])
"""


def have_german():
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    except OSError:
        return False
    return any(l.lower().replace("-", "") == "de_de.utf8" for l in out.split())


def cli_path():
    lib = os.environ.get("DXSIM_LIBRARY", "")
    p = os.path.join(os.path.dirname(lib), "examples", "dxsim")
    return p if os.access(p, os.X_OK) else None


@unittest.skipUnless(have_german(), "SKIP: locale de_DE.UTF-8 is not installed "
                                    "(scripts/install-deps.sh runs locale-gen for it)")
class ReportLocale(unittest.TestCase):
    def same(self, a, b):
        for f in FILES:
            self.assertTrue(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False),
                            f"{f} differs between {a} and {b}")

    def test_library_in_a_german_process_writes_identical_files(self):
        with tempfile.TemporaryDirectory() as d:
            for lang in ("ja", "en"):
                outs = []
                for loc in ("de_DE.UTF-8", "C.UTF-8"):
                    out = os.path.join(d, f"{lang}-{loc}")
                    subprocess.run([sys.executable, "-c", CHILD, loc, SCENARIO, out, lang],
                                   check=True, env=os.environ)
                    outs.append(out)
                self.same(*outs)
                with open(os.path.join(outs[0], "report.md"), encoding="utf-8") as f:
                    self.assertNotRegex(f.read(), r"\d,\d %")  # no "96,9 %"

    def test_cli_under_lc_all_writes_identical_files(self):
        exe = cli_path()
        if not exe:
            self.skipTest("SKIP: dxsim CLI not built next to the library")
        with tempfile.TemporaryDirectory() as d:
            outs = []
            for loc in ("de_DE.UTF-8", "C.UTF-8"):
                out = os.path.join(d, loc)
                env = dict(os.environ, LC_ALL=loc)
                subprocess.run([exe, "run", "-q", "-o", out, SCENARIO], check=True, env=env)
                outs.append(out)
            self.same(*outs)

    def test_cli_every_example_and_its_map_files(self):
        # every example in Japanese with its maps (report.html embeds the map PNG
        # with its scale-bar and legend text), and for a located example and the
        # route example `dxsim coverage`'s GeoJSON / KML / CSV / PNG (kept to two:
        # the grid runs are the slow part): byte-identical under de_DE.UTF-8 and C.UTF-8
        import glob
        exe = cli_path()
        if not exe:
            self.skipTest("SKIP: dxsim CLI not built next to the library")
        with tempfile.TemporaryDirectory() as d:
            for xml in sorted(glob.glob(os.path.join(ROOT, "examples", "scenarios", "*.xml"))):
                stem = os.path.splitext(os.path.basename(xml))[0]
                outs = []
                for loc in ("de_DE.UTF-8", "C.UTF-8"):
                    out = os.path.join(d, stem, loc)
                    env = dict(os.environ, LC_ALL=loc)
                    subprocess.run([exe, "run", "-q", "--lang", "ja", "-o", out, xml], check=True, env=env)
                    if stem in MAP_EXAMPLES:
                        subprocess.run([exe, "coverage", "-q", "-o", os.path.join(out, "maps"), xml],
                                       check=True, env=env, stdout=subprocess.DEVNULL)
                    outs.append(out)
                self.same(*outs)
                if stem not in MAP_EXAMPLES:
                    continue
                cmp = filecmp.dircmp(os.path.join(outs[0], "maps"), os.path.join(outs[1], "maps"))
                self.assertTrue(cmp.left_list, f"{stem}: no map files")
                _, mismatch, errors = filecmp.cmpfiles(outs[0] + "/maps", outs[1] + "/maps",
                                                       cmp.common_files, shallow=False)
                self.assertEqual((mismatch, errors), ([], []), f"{stem}: map files differ")


if __name__ == "__main__":
    unittest.main()
