#!/usr/bin/env python3
"""Map files of every example open everywhere (issue 11).

    check_map_outputs.py DXSIM SCENARIO_DIR OUT_DIR [--geotiff]

Runs `dxsim coverage -q -o OUT_DIR/<example> <example>.xml` for every
SCENARIO_DIR/*.xml and checks what it writes:

- GeoJSON (coverage-*.geojson, routes-*.geojson), by a small checker here
  (standard library only): a FeatureCollection of Features; every position
  [lon, lat] (RFC 7946 §3.1.1; the order is checked against the scenario's
  <area lat_deg lon_deg>, or the ASSUMED origin 35.6812 N 139.7671 E the CLI
  uses without one: lat 35 and lon 139 cannot be swapped unnoticed); polygon
  rings closed, >= 4 positions, shells counter-clockwise and holes clockwise
  (RFC 7946 §3.1.6 right-hand rule), no ring touching or crossing itself or
  another ring of its polygon (no repeated vertex, no intersecting edges: the
  OGC validity that "no self-touching rings" asks), holes inside their shell.
  With GDAL's `ogrinfo` present: the file opens and SQLite ST_IsValid holds
  for every polygon.
- KML (coverage-*.kml, routes-*.kml): XML in the KML 2.2 namespace with at
  least one <Style>, every <styleUrl>#id</styleUrl> naming a defined style,
  coordinates lon,lat near the origin; an example with a <route> gets a
  routes-*.kml whose route is a LineString styled #route, with handover points.
  `xmllint --noout` when present.
- GeoTIFF (--geotiff, a dxsim built with GDAL): coverage-*.tif read by
  `gdalinfo -json`: GTiff, one Float32 band, JGD2011 (EPSG:6668), corners
  near the origin.
A missing tool skips its part with a message; exit 0 ok, 1 on a failure.
"""
import glob
import json
import math
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

from png_read import png_pixels  # tests/png_read.py (this script's folder)

KML_NS = "{http://www.opengis.net/kml/2.2}"
ASSUMED_ORIGIN = (35.6812, 139.7671)  # cmd_coverage.c: Tokyo Station, said in its output


def origin_of(xml_path):
    with open(xml_path, encoding="utf-8") as f:
        text = f.read()
    # an area given as polygons: near the first position of its ring or file
    m = re.search(r"<area\b[^>]*\bfile=\"([^\"]+)\"", text)
    if m:
        with open(os.path.join(os.path.dirname(xml_path), m.group(1)), encoding="utf-8") as f:
            lon, lat = re.search(r"\[\s*([-0-9.]+)\s*,\s*([-0-9.]+)", f.read()).groups()
        return float(lat), float(lon)
    m = re.search(r"<ring>\s*([-0-9.]+),([-0-9.]+)", text)
    if m:
        return float(m.group(2)), float(m.group(1))
    m = re.search(r"<area\b[^>]*>", text)
    lat = re.search(r'lat_deg="([-0-9.]+)"', m.group(0)) if m else None
    lon = re.search(r'lon_deg="([-0-9.]+)"', m.group(0)) if m else None
    if lat and lon:
        return float(lat.group(1)), float(lon.group(1))
    return ASSUMED_ORIGIN


def signed_area(ring):
    return 0.5 * sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
                     for i in range(len(ring) - 1))


def seg_cross(p, q, r, s):
    """True when segments pq and rs share any point (touching counts)."""
    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return 0 if abs(v) < 1e-18 else (1 if v > 0 else -1)

    def on(a, b, c):
        return (min(a[0], b[0]) - 1e-12 <= c[0] <= max(a[0], b[0]) + 1e-12 and
                min(a[1], b[1]) - 1e-12 <= c[1] <= max(a[1], b[1]) + 1e-12)
    o1, o2, o3, o4 = orient(p, q, r), orient(p, q, s), orient(r, s, p), orient(r, s, q)
    if o1 != o2 and o3 != o4:
        return True
    return ((o1 == 0 and on(p, q, r)) or (o2 == 0 and on(p, q, s)) or
            (o3 == 0 and on(r, s, p)) or (o4 == 0 and on(r, s, q)))


def rings_touch(rings):
    """Problems of a polygon's rings: edges meeting anywhere other than where
    consecutive edges of one ring share their vertex (bucketed, not O(n^2))."""
    segs = []
    for ri, ring in enumerate(rings):
        n = len(ring) - 1
        for i in range(n):
            segs.append((ri, i, n, ring[i], ring[i + 1]))
    if not segs:
        return []
    xs = [c for s in segs for c in (s[3][0], s[4][0])]
    ys = [c for s in segs for c in (s[3][1], s[4][1])]
    cell = max(max(xs) - min(xs), max(ys) - min(ys)) / max(1.0, math.sqrt(len(segs))) or 1.0
    x0, y0 = min(xs), min(ys)
    buckets = {}
    for k, s in enumerate(segs):
        a, b = s[3], s[4]
        for gx in range(int((min(a[0], b[0]) - x0) / cell), int((max(a[0], b[0]) - x0) / cell) + 1):
            for gy in range(int((min(a[1], b[1]) - y0) / cell), int((max(a[1], b[1]) - y0) / cell) + 1):
                buckets.setdefault((gx, gy), []).append(k)
    bad, seen = [], set()
    for ks in buckets.values():
        for i in range(len(ks)):
            for j in range(i + 1, len(ks)):
                a, b = segs[ks[i]], segs[ks[j]]
                key = (min(ks[i], ks[j]), max(ks[i], ks[j]))
                if key in seen:
                    continue
                seen.add(key)
                if a[0] == b[0]:  # same ring: neighbours share one vertex by design
                    d = abs(a[1] - b[1])
                    if d == 1 or d == a[2] - 1:
                        continue
                if seg_cross(a[3], a[4], b[3], b[4]):
                    bad.append(f"rings {a[0]}/{b[0]} edges {a[1]}/{b[1]} touch or cross at "
                               f"{a[3]}-{a[4]} x {b[3]}-{b[4]}")
                    if len(bad) > 3:
                        return bad
    return bad


def point_in_ring(pt, ring):
    x, y, inside = pt[0], pt[1], False
    for i in range(len(ring) - 1):
        (x1, y1), (x2, y2) = ring[i][:2], ring[i + 1][:2]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def check_position(p, origin, where, errs):
    if not (isinstance(p, list) and len(p) in (2, 3) and all(isinstance(v, (int, float)) for v in p)):
        errs.append(f"{where}: position {p!r} is not [lon, lat(, h)]")
        return
    lon, lat = p[0], p[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        errs.append(f"{where}: position {p} out of lon/lat range")
    elif abs(lat - origin[0]) > 0.5 or abs(lon - origin[1]) > 0.5:
        errs.append(f"{where}: position {p} is not [lon, lat] near lat {origin[0]}, lon {origin[1]}")


def check_polygon(rings, origin, where, errs):
    if not rings:
        errs.append(f"{where}: polygon without rings")
        return 0
    for k, ring in enumerate(rings):
        for p in ring:
            check_position(p, origin, where, errs)
        if len(ring) < 4 or ring[0] != ring[-1]:
            errs.append(f"{where}: ring {k} not closed or < 4 positions")
            return 0
        a = signed_area([q[:2] for q in ring])
        if k == 0 and not a > 0:
            errs.append(f"{where}: shell is not counter-clockwise (area {a:g}): RFC 7946 right-hand rule")
        if k > 0 and not a < 0:
            errs.append(f"{where}: hole {k} is not clockwise (area {a:g}): RFC 7946 right-hand rule")
        pts = [tuple(q[:2]) for q in ring[:-1]]
        if len(set(pts)) != len(pts):
            errs.append(f"{where}: ring {k} touches itself (repeated vertex)")
        if k > 0 and not point_in_ring(ring[0], rings[0]):
            errs.append(f"{where}: hole {k} outside its shell")
    for e in rings_touch([[tuple(q[:2]) for q in r] for r in rings]):
        errs.append(f"{where}: {e}")
    return 1


def check_geojson(path, origin, errs):
    where = os.path.relpath(path)
    try:
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
    except (OSError, ValueError) as e:
        errs.append(f"{where}: not JSON: {e}")
        return 0
    if d.get("type") != "FeatureCollection" or not isinstance(d.get("features"), list):
        errs.append(f"{where}: not a FeatureCollection")
        return 0
    n_poly = 0
    for i, ft in enumerate(d["features"]):
        w = f"{where} feature {i}"
        g = ft.get("geometry") if ft.get("type") == "Feature" else None
        if not isinstance(g, dict):
            errs.append(f"{w}: not a Feature with a geometry")
            continue
        t, c = g.get("type"), g.get("coordinates")
        if t == "Point":
            check_position(c, origin, w, errs)
        elif t in ("LineString", "MultiPoint"):
            if t == "LineString" and len(c) < 2:
                errs.append(f"{w}: LineString of {len(c)} position(s)")
            for p in c:
                check_position(p, origin, w, errs)
        elif t == "MultiLineString":
            for line in c:
                for p in line:
                    check_position(p, origin, w, errs)
        elif t == "Polygon":
            n_poly += check_polygon(c, origin, w, errs)
        elif t == "MultiPolygon":
            n_poly += 1 if all(check_polygon(p, origin, f"{w} part {k}", errs) for k, p in enumerate(c)) else 0
        else:
            errs.append(f"{w}: geometry type {t!r}")
    return n_poly


def ogr_check(path, n_poly, errs):
    ogr = shutil.which("ogrinfo")
    if not ogr:
        return False
    layer = os.path.splitext(os.path.basename(path))[0]
    r = subprocess.run([ogr, "-ro", "-so", "-al", path], capture_output=True, text=True)
    if r.returncode != 0:
        errs.append(f"{os.path.relpath(path)}: ogrinfo cannot open it: {r.stderr.strip()}")
        return True
    if n_poly:
        sql = (f'SELECT COUNT(*) AS n, SUM(ST_IsValid(geometry)) AS valid FROM "{layer}" '
               "WHERE ST_GeometryType(geometry) LIKE '%POLYGON%'")
        r = subprocess.run([ogr, "-ro", "-q", path, "-dialect", "SQLite", "-sql", sql],
                           capture_output=True, text=True)
        n = re.search(r"\bn \(Integer\) = (\d+)", r.stdout)
        v = re.search(r"\bvalid \(Integer\) = (\d+)", r.stdout)
        if r.returncode != 0 or not n or not v:
            print(f"note: {os.path.relpath(path)}: ogrinfo SQLite ST_IsValid unavailable ({r.stderr.strip()[:120]})")
        elif n.group(1) != v.group(1):
            errs.append(f"{os.path.relpath(path)}: GDAL/GEOS finds {int(n.group(1)) - int(v.group(1))} "
                        f"invalid polygon(s) of {n.group(1)}")
    return True


def check_kml(path, origin, want_route, errs):
    where = os.path.relpath(path)
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        errs.append(f"{where}: not XML: {e}")
        return
    if root.tag != KML_NS + "kml":
        errs.append(f"{where}: root {root.tag} is not KML 2.2's kml")
        return
    styles = {s.get("id") for s in root.iter(KML_NS + "Style")}
    if not styles:
        errs.append(f"{where}: no <Style>")
    for u in root.iter(KML_NS + "styleUrl"):
        if not (u.text or "").startswith("#") or u.text[1:] not in styles:
            errs.append(f"{where}: styleUrl {u.text!r} names no style of the document ({sorted(styles)})")
    for c in root.iter(KML_NS + "coordinates"):
        for tup in (c.text or "").split():
            parts = tup.split(",")
            try:
                p = [float(v) for v in parts]
            except ValueError:
                errs.append(f"{where}: coordinates {tup!r}")
                continue
            check_position(p, origin, where, errs)
    if want_route:
        lines = [pm for pm in root.iter(KML_NS + "Placemark") if pm.find(KML_NS + "LineString") is not None]
        if not any((pm.findtext(KML_NS + "styleUrl") or "") == "#route" for pm in lines):
            errs.append(f"{where}: no route LineString styled #route")
        names = [pm.findtext(KML_NS + "name") or "" for pm in root.iter(KML_NS + "Placemark")]
        sites = sum(1 for n in names if n.startswith("site"))
        # a design of one site along the route has no handover to show
        if sites != 1 and not any(n.startswith("handover") for n in names):
            errs.append(f"{where}: no handover points")
    lint = shutil.which("xmllint")
    if lint:
        r = subprocess.run([lint, "--noout", path], capture_output=True, text=True)
        if r.returncode != 0:
            errs.append(f"{where}: xmllint: {r.stderr.strip()}")


def check_geotiff(path, origin, errs):
    gi = shutil.which("gdalinfo")
    where = os.path.relpath(path)
    r = subprocess.run([gi, "-json", path], capture_output=True, text=True)
    if r.returncode != 0:
        errs.append(f"{where}: gdalinfo: {r.stderr.strip()}")
        return
    d = json.loads(r.stdout)
    if d.get("driverShortName") != "GTiff":
        errs.append(f"{where}: driver {d.get('driverShortName')}")
    bands = d.get("bands", [])
    if len(bands) != 1 or bands[0].get("type") != "Float32":
        errs.append(f"{where}: bands {[b.get('type') for b in bands]} (want one Float32)")
    wkt = d.get("coordinateSystem", {}).get("wkt", "")
    if "6668" not in wkt and "JGD2011" not in wkt:
        errs.append(f"{where}: CRS is not JGD2011 (EPSG:6668)")
    ll = d.get("cornerCoordinates", {}).get("lowerLeft")
    if not ll or abs(ll[0] - origin[1]) > 0.01 or abs(ll[1] - origin[0]) > 0.01:
        errs.append(f"{where}: lower-left corner {ll} is not the origin lon {origin[1]}, lat {origin[0]}")


def self_test():
    """The checker must catch what it claims to: each bad polygon below fails."""
    o = (35.0, 139.0)
    sq = [[139.0, 35.0], [139.001, 35.0], [139.001, 35.001], [139.0, 35.001], [139.0, 35.0]]
    hole = [[139.0002, 35.0002], [139.0002, 35.0008], [139.0008, 35.0008], [139.0008, 35.0002],
            [139.0002, 35.0002]]
    # two squares sharing the corner (139.001, 35.001) traced as one ring: self-touching
    eight = [[139.0, 35.0], [139.001, 35.0], [139.001, 35.001], [139.002, 35.001], [139.002, 35.002],
             [139.001, 35.002], [139.001, 35.001], [139.0, 35.001], [139.0, 35.0]]
    # hole touching the shell's edge at one point
    touch = [[139.0, 35.0005], [139.0005, 35.0008], [139.0005, 35.0002], [139.0, 35.0005]]
    cases = {"valid": ([sq, hole], 0), "clockwise shell": ([sq[::-1]], 1),
             "counter-clockwise hole": ([sq, hole[::-1]], 1), "self-touching ring": ([eight], 1),
             "hole touching the shell": ([sq, touch[::-1]], 1),
             "lat/lon swapped": ([[[p[1], p[0]] for p in sq]], 1)}
    for name, (rings, want_bad) in cases.items():
        errs = []
        check_polygon(rings, o, name, errs)
        if bool(errs) != bool(want_bad):
            raise SystemExit(f"FAIL: checker self-test '{name}': errors {errs}")


# map_render.c: the area outline's colour, the map frame at x = 19, y = 63
OUTLINE_RGB = (90, 90, 90)


def check_outline(path, polygon, errs):
    """A map of a polygon area draws the area's outline inside the map frame;
    a rectangle's map draws none there."""
    with open(path, "rb") as f:
        w, h, ch, rows = png_pixels(f.read())
    n = 0
    for y in range(66, h - 112):
        r = rows[y]
        for x in range(22, w - 224):
            if (r[ch * x], r[ch * x + 1], r[ch * x + 2]) == OUTLINE_RGB:
                n += 1
    if polygon and n < 500:
        errs.append(f"{path}: polygon area but only {n} outline pixels in the map")
    if not polygon and n > 0:
        errs.append(f"{path}: rectangle area but {n} outline-coloured pixels in the map")
    return n


def main(argv):
    self_test()
    args = [a for a in argv[1:] if not a.startswith("--")]
    geotiff = "--geotiff" in argv
    if len(args) != 3:
        print(__doc__)
        return 2
    dxsim, scen_dir, out_dir = args
    errs, n_files = [], 0
    tools = {t: bool(shutil.which(t)) for t in ("ogrinfo", "xmllint", "gdalinfo")}
    for t, ok in tools.items():
        if not ok:
            print(f"SKIP part: {t} not found (scripts/install-deps.sh installs "
                  f"{'gdal-bin' if t != 'xmllint' else 'libxml2-utils'})")
    if geotiff and not tools["gdalinfo"]:
        geotiff = False
    for xml in sorted(glob.glob(os.path.join(scen_dir, "*.xml"))):
        stem = os.path.splitext(os.path.basename(xml))[0]
        out = os.path.join(out_dir, stem)
        shutil.rmtree(out, ignore_errors=True)
        cmd = [dxsim, "coverage", "-q", "-o", out, xml] + (["--geotiff"] if geotiff else [])
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            errs.append(f"{stem}: {' '.join(cmd)} exited {r.returncode}: {r.stderr.strip()}")
            continue
        origin = origin_of(xml)
        with open(xml, encoding="utf-8") as f:
            has_route = "<route" in f.read()
        gj = sorted(glob.glob(os.path.join(out, "*.geojson")))
        km = sorted(glob.glob(os.path.join(out, "*.kml")))
        if not any(os.path.basename(p).startswith("coverage-") for p in gj):
            errs.append(f"{stem}: no coverage-*.geojson written")
        for p in gj:
            n_poly = check_geojson(p, origin, errs)
            ogr_check(p, n_poly, errs)
            n_files += 1
        for p in km:
            check_kml(p, origin, os.path.basename(p).startswith("routes-"), errs)
            n_files += 1
        with open(xml, encoding="utf-8") as f:
            polygon = bool(re.search(r"<polygon\b|<area\b[^>]*\bfile=", f.read()))
        for p in sorted(glob.glob(os.path.join(out, "map-*.png"))):
            check_outline(p, polygon, errs)
            n_files += 1
        if has_route and not any(os.path.basename(p).startswith("routes-") for p in km):
            errs.append(f"{stem}: the scenario has a route but no routes-*.kml was written")
        if geotiff:
            tifs = sorted(glob.glob(os.path.join(out, "coverage-*.tif")))
            if not tifs:
                errs.append(f"{stem}: --geotiff wrote no coverage-*.tif")
            for p in tifs:
                check_geotiff(p, origin, errs)
                n_files += 1
    for e in errs:
        print("FAIL:", e)
    if errs:
        return 1
    print(f"ok: {n_files} map files of {len(glob.glob(os.path.join(scen_dir, '*.xml')))} examples "
          f"(GeoJSON, KML{', GeoTIFF' if geotiff else ''}; ogrinfo {'yes' if tools['ogrinfo'] else 'no'}, "
          f"xmllint {'yes' if tools['xmllint'] else 'no'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
