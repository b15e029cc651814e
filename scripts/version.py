#!/usr/bin/env python3
"""mmf's version: one number, set in capi/include/mmf.h.

  version.py show                 print the version (MMF_VERSION_MAJOR.MINOR.PATCH)
  version.py check [--build DIR]  check every copy against it; with --build, also
                                  what a CMake build tree made from it
  version.py set X.Y.Z            change it everywhere (mmf.h, pom.xml, the Rust
                                  workspace and Cargo.lock, the C# .csproj and
                                  any AssemblyInfo.cs) and open a
                                  debian/changelog entry X.Y.Z UNRELEASED

CMake reads the version from mmf.h, so the library's file name, the SONAME
(= major), mmf_version(), mmf.pc, the CMake package and the Java jar (file
name and manifest) follow it without a copy. The files that cannot read it
(Debian's changelog, Maven's POM, Cargo's manifests and lock file) hold a
copy, as do the C# binding's SDK project (Mmf.csproj) and any AssemblyInfo.cs;
`check` compares them: the CTest test version.consistency runs it, and
debian/rules refuses to build a package whose changelog disagrees.
"""
import argparse
import email.utils
import pathlib
import re
import subprocess
import sys
import tomllib
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
HEADER = ROOT / "capi/include/mmf.h"
CHANGELOG = ROOT / "debian/changelog"
POM = ROOT / "bindings/java/pom.xml"
CARGO_WS = ROOT / "bindings/rust/Cargo.toml"
CARGO_LOCK = ROOT / "bindings/rust/Cargo.lock"
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def header_version(text=None):
    text = HEADER.read_text() if text is None else text
    parts = {}
    for name in ("MAJOR", "MINOR", "PATCH"):
        m = re.search(rf"^#define MMF_VERSION_{name} ([0-9]+)$", text, re.M)
        if not m:
            sys.exit(f"version: MMF_VERSION_{name} not found in {HEADER}")
        parts[name] = m.group(1)
    return "{MAJOR}.{MINOR}.{PATCH}".format(**parts)


def header_string(text):
    m = re.search(r'^#define MMF_VERSION_STRING "([^"]*)"$', text, re.M)
    return m.group(1) if m else None


def changelog_version():
    first = CHANGELOG.read_text().splitlines()[0]
    m = re.match(r"^\S+ \(([^)]+)\) ", first)
    if not m:
        sys.exit(f"version: cannot parse the first line of {CHANGELOG}: {first!r}")
    return m.group(1)


def upstream_of(debian_version):
    v = debian_version.split(":", 1)[-1]  # epoch
    return v.rsplit("-", 1)[0] if "-" in v else v  # Debian revision


def pom_version(text=None):
    text = POM.read_text() if text is None else text
    # The project's own <version>: the first one after </artifactId> at the top level.
    m = re.search(r"<artifactId>mmf</artifactId>\s*<version>([^<]*)</version>", text)
    return m, text


def lock_versions():
    lock = tomllib.loads(CARGO_LOCK.read_text())
    return {p["name"]: p["version"] for p in lock["package"] if p["name"] in ("mmf", "mmf-sys", "mmf-examples")}


CSHARP_TAGS = ("Version", "AssemblyVersion", "FileVersion", "PackageVersion")
CSHARP_ATTRS = ("AssemblyVersion", "AssemblyFileVersion", "AssemblyInformationalVersion")


def csharp_files():
    """The C# binding's files that carry a version: SDK projects and AssemblyInfo.cs."""
    base = ROOT / "bindings"
    return (sorted(base.glob("csharp/**/*.csproj")), sorted(base.glob("csharp/**/AssemblyInfo.cs")))


def csharp_want(version, found, what):
    """The form a C# version field should have: X.Y.Z, or X.Y.Z.0 in a four-part
    assembly or file version."""
    four = any(t in what for t in ("AssemblyVersion", "FileVersion"))
    return version + ".0" if four and found.count(".") == 3 else version


def csharp_versions(proj_text=None, info_text=None):
    """(what, found) for each version field in a .csproj text or an AssemblyInfo.cs text."""
    out = []
    if proj_text is not None:
        for tag in CSHARP_TAGS:
            out += [(f"<{tag}>", v) for v in re.findall(rf"<{tag}>([^<]*)</{tag}>", proj_text)]
    if info_text is not None:
        for attr in CSHARP_ATTRS:
            out += [(f"[assembly: {attr}]", v)
                    for v in re.findall(rf'\[assembly:\s*{attr}(?:Attribute)?\s*\(\s*"([^"]*)"\s*\)\s*\]', info_text)]
    return out


def rust_members():
    ws = tomllib.loads(CARGO_WS.read_text())
    return [(CARGO_WS.parent / m / "Cargo.toml").resolve() for m in ws["workspace"]["members"]]


def check(build):
    version = header_version()
    problems, checked = [], 0

    def expect(what, got, want=version):
        nonlocal checked
        checked += 1
        if got != want:
            problems.append(f"{what}: {got!r}, expected {want!r}")

    expect("MMF_VERSION_STRING in mmf.h", header_string(HEADER.read_text()))
    expect("semver form of the version", bool(SEMVER.match(version)), True)
    expect("upstream version of debian/changelog", upstream_of(changelog_version()))
    m, _ = pom_version()
    expect("version of bindings/java/pom.xml", m.group(1) if m else None)

    ws = tomllib.loads(CARGO_WS.read_text())["workspace"]
    expect("[workspace.package] version in bindings/rust/Cargo.toml", ws["package"]["version"])
    for dep in ("mmf", "mmf-sys"):
        expect(f"[workspace.dependencies] {dep} in bindings/rust/Cargo.toml", ws["dependencies"][dep]["version"])
    for manifest in rust_members():
        pkg = tomllib.loads(manifest.read_text())["package"]
        expect(f"{manifest.relative_to(ROOT)} takes the workspace version", pkg.get("version"), {"workspace": True})
    locked = lock_versions()
    for name in ("mmf", "mmf-sys", "mmf-examples"):
        expect(f"{name} in bindings/rust/Cargo.lock", locked.get(name))

    # The C# binding's SDK project (<Version> and friends) and any AssemblyInfo.cs.
    projects, infos = csharp_files()
    for path, kind in [(p, "proj") for p in projects] + [(i, "info") for i in infos]:
        text = path.read_text()
        for what, v in csharp_versions(text if kind == "proj" else None, text if kind == "info" else None):
            expect(f"{what} in {path.relative_to(ROOT)}", v, csharp_want(version, v, what))

    if build:
        build = pathlib.Path(build)
        major = version.split(".")[0]
        libs = list(build.glob(f"capi/libmmf.so.{version}"))
        expect(f"{build}/capi/libmmf.so.{version} exists", len(libs), 1)
        soname = subprocess.run(["readelf", "-d", str(build / f"capi/libmmf.so.{major}")],
                                capture_output=True, text=True).stdout
        m = re.search(r"\(SONAME\).*\[(.*)\]", soname)
        expect("SONAME of the built library", m.group(1) if m else None, f"libmmf.so.{major}")
        pc = (build / "capi/mmf.pc").read_text()
        m = re.search(r"^Version: (.*)$", pc, re.M)
        expect("Version: in the built mmf.pc", m.group(1) if m else None)
        cv = (build / "capi/mmfConfigVersion.cmake").read_text()
        m = re.search(r'set\(PACKAGE_VERSION "([^"]*)"\)', cv)
        expect("PACKAGE_VERSION of the built mmfConfigVersion.cmake", m.group(1) if m else None)
        jar = build / f"bindings/java/mmf-{version}.jar"
        cache = (build / "CMakeCache.txt").read_text()
        if re.search(r"^MMF_WITH_JAVA:BOOL=(ON|TRUE|1)$", cache, re.M):
            with zipfile.ZipFile(jar) as z:
                mf = z.read("META-INF/MANIFEST.MF").decode()
            m = re.search(r"^Implementation-Version: (\S*)", mf, re.M)
            expect(f"Implementation-Version in {jar.name}'s manifest", m.group(1) if m else None)

    for p in problems:
        print(f"FAIL {p}")
    print(f"version {version}: {checked - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


def set_version(new):
    if not SEMVER.match(new):
        sys.exit(f"version: {new!r} is not MAJOR.MINOR.PATCH")
    old = header_version()
    major, minor, patch = new.split(".")
    text = HEADER.read_text()
    for name, value in (("MAJOR", major), ("MINOR", minor), ("PATCH", patch)):
        text = re.sub(rf"^#define MMF_VERSION_{name} [0-9]+$", f"#define MMF_VERSION_{name} {value}", text, flags=re.M)
    text = re.sub(r'^#define MMF_VERSION_STRING "[^"]*"$', f'#define MMF_VERSION_STRING "{new}"', text, flags=re.M)
    HEADER.write_text(text)

    m, text = pom_version()
    POM.write_text(text[: m.start(1)] + new + text[m.end(1):])

    text = CARGO_WS.read_text()
    text = re.sub(r'^version = "[^"]*"$', f'version = "{new}"', text, count=1, flags=re.M)
    text = re.sub(r'^(mmf(?:-sys)? = \{ path = "[^"]*", version = )"[^"]*"', rf'\1"{new}"', text, flags=re.M)
    CARGO_WS.write_text(text)
    text = CARGO_LOCK.read_text()
    text = re.sub(r'(name = "mmf(?:-sys|-examples)?"\nversion = )"[^"]*"', rf'\1"{new}"', text)
    CARGO_LOCK.write_text(text)

    # C#: every version field keeps its form (X.Y.Z, or X.Y.Z.0 with four parts).
    projects, infos = csharp_files()
    for proj in projects:
        text = proj.read_text()
        for tag in CSHARP_TAGS:
            text = re.sub(rf"(<{tag}>)([^<]*)(</{tag}>)",
                          lambda m: m.group(1) + csharp_want(new, m.group(2), m.group(1)) + m.group(3), text)
        proj.write_text(text)
    for info in infos:
        text = info.read_text()
        for attr in CSHARP_ATTRS:
            text = re.sub(rf'(\[assembly:\s*{attr}(?:Attribute)?\s*\(\s*")([^"]*)("\s*\)\s*\])',
                          lambda m: m.group(1) + csharp_want(new, m.group(2), m.group(1)) + m.group(3), text)
        info.write_text(text)

    if upstream_of(changelog_version()) != new:
        control = (ROOT / "debian/control").read_text()
        maint = re.search(r"^Maintainer: (.*)$", control, re.M).group(1)
        date = email.utils.format_datetime(email.utils.localtime())
        # A native package (debian/ lives upstream): the Debian version is mmf's.
        entry = (f"mmf ({new}) UNRELEASED; urgency=medium\n\n  * New upstream version {new}.\n\n"
                 f" -- {maint}  {date}\n\n")
        CHANGELOG.write_text(entry + CHANGELOG.read_text())
    old_major = old.split(".")[0]
    print(f"version: {old} -> {new}")
    if major != old_major:
        print(f"version: the major version changed, so the SONAME becomes libmmf.so.{major}: rename the\n"
              f"  libmmf{old_major} package in debian/control and debian/libmmf{old_major}.* to libmmf{major},\n"
              f"  start debian/libmmf{major}.symbols afresh and regenerate the ABI baseline (capi/README.md)")
    return check(None)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("show")
    c = sub.add_parser("check")
    c.add_argument("--build", help="a CMake build tree to check as well")
    s = sub.add_parser("set")
    s.add_argument("version")
    a = ap.parse_args()
    if a.cmd == "show":
        print(header_version())
        return 0
    if a.cmd == "check":
        return check(a.build)
    return set_version(a.version)


if __name__ == "__main__":
    sys.exit(main())
