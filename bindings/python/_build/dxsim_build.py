"""Minimal PEP 517 / PEP 660 build backend for the dxsim binding, standard
library only, so `pip install bindings/python` works without network access.

It packs dxsim/*.py into a py3-none-any wheel and adds dxsim/_install.py with
the path of the installed libdxsim found at build time, in this order:
$DXSIM_LIBRARY, $DXSIM_PREFIX/lib*/libdxsim.so*, `pkg-config --variable=libdir
dxsim` (honours PKG_CONFIG_PATH). None found: the record is empty and dxsim
falls back to its run-time search (dxsim/_lib.py).
"""
import base64
import glob
import hashlib
import io
import os
import re
import subprocess
import tarfile
import zipfile

NAME = "dxsim"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bindings/python
SUMMARY = "Python ctypes bindings of libdxsim (regional-DX wireless deployment simulator)"
LICENSE = "MIT"


def _version():
    cm = os.path.join(HERE, "..", "..", "CMakeLists.txt")
    if os.path.exists(cm):
        with open(cm, encoding="utf-8") as f:
            m = re.search(r"project\(\s*dxsim\s+VERSION\s+([0-9.]+)", f.read())
        if m:
            return m.group(1)
    pkg_info = os.path.join(HERE, "PKG-INFO")  # unpacked sdist
    if os.path.exists(pkg_info):
        with open(pkg_info, encoding="utf-8") as f:
            m = re.search(r"^Version: (\S+)", f.read(), re.M)
        if m:
            return m.group(1)
    raise RuntimeError("dxsim_build: version not found (no ../../CMakeLists.txt, no PKG-INFO)")


def _library_path():
    env = os.environ.get("DXSIM_LIBRARY")
    if env:
        return os.path.abspath(env)
    prefix = os.environ.get("DXSIM_PREFIX")
    dirs = []
    if prefix:
        dirs += sorted(glob.glob(os.path.join(prefix, "lib*")))
        dirs += sorted(glob.glob(os.path.join(prefix, "lib", "*-linux-gnu")))
    else:
        try:
            out = subprocess.run(["pkg-config", "--variable=libdir", "dxsim"], check=True,
                                 capture_output=True, text=True).stdout.strip()
            if out:
                dirs.append(out)
        except (OSError, subprocess.CalledProcessError):
            pass
    for d in dirs:
        for name in ("libdxsim.so", "libdxsim.dylib"):
            p = os.path.join(d, name)
            if os.path.exists(p):
                return os.path.realpath(p)
    return ""


def _metadata(version):
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version}\nSummary: {SUMMARY}\n"
            f"License: {LICENSE}\nRequires-Python: >=3.8\n").encode()


#: Package data shipped beside the modules: py.typed marks the package as typed (PEP 561),
#: so type checkers read the annotations of an installed dxsim.
PACKAGE_DATA = ("py.typed",)


def _sources():
    pkg = os.path.join(HERE, NAME)
    for fn in sorted(os.listdir(pkg)):
        if (fn.endswith(".py") and fn != "_install.py") or fn in PACKAGE_DATA:
            with open(os.path.join(pkg, fn), "rb") as f:
                yield f"{NAME}/{fn}", f.read()


def _install_record():
    lib = _library_path()
    return (f'"""Written by the build backend at install time: where libdxsim was found."""\n'
            f"LIBRARY = {lib!r}\n").encode()


def _license():
    p = os.path.join(HERE, "..", "..", "LICENSE")
    if not os.path.exists(p):
        p = os.path.join(HERE, "LICENSE")
    with open(p, "rb") as f:
        return f.read()


def _write_wheel(wheel_directory, files):
    version = _version()
    dist_info = f"{NAME}-{version}.dist-info"
    files = list(files) + [
        (f"{dist_info}/METADATA", _metadata(version)),
        (f"{dist_info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: dxsim_build\n"
                               b"Root-Is-Purelib: true\nTag: py3-none-any\n"),
        (f"{dist_info}/LICENSE", _license()),
    ]
    record = []
    name = f"{NAME}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data in files:
            z.writestr(arc, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            record.append(f"{arc},sha256={digest.decode()},{len(data)}")
        record.append(f"{dist_info}/RECORD,,")
        z.writestr(f"{dist_info}/RECORD", "\n".join(record) + "\n")
    return name


# ---- PEP 517 hooks ----------------------------------------------------------------
def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = list(_sources()) + [(f"{NAME}/_install.py", _install_record())]
    return _write_wheel(wheel_directory, files)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # PEP 660: a .pth file puts this folder on sys.path (no _install.py record).
    return _write_wheel(wheel_directory, [(f"_{NAME}_editable.pth", (HERE + "\n").encode())])


def build_sdist(sdist_directory, config_settings=None):
    version = _version()
    base = f"{NAME}-{version}"
    name = f"{base}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as t:
        def add(arc, data):
            info = tarfile.TarInfo(f"{base}/{arc}")
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        for arc, data in _sources():
            add(arc, data)
        with open(os.path.join(HERE, "pyproject.toml"), "rb") as f:
            add("pyproject.toml", f.read())
        with open(os.path.abspath(__file__), "rb") as f:
            add("_build/dxsim_build.py", f.read())
        add("LICENSE", _license())
        add("PKG-INFO", _metadata(version))
    return name
