#!/usr/bin/env python3
"""Lays out mmf-sys and mmf as Debian's Rust packages do (debcargo, dh-cargo):
one directory per crate, <DEST>/<name>-<version>/, with the crate's files, a
stand-alone Cargo.toml and .cargo-checksum.json, the form cargo reads as a
"directory" source replacing the crate registry.

  registry_layout.py DEST [CRATE...]     (default: both crates)

debian/rules runs it for librust-mmf-sys-dev and librust-mmf-dev, one crate
each, with DEST debian/<package>/usr/share/cargo/registry. It needs no network and no cargo,
which a package build may not use: where `cargo package` would make the
stand-alone manifest, this script does, from the workspace's (the fields a
member inherits are written out; tests, benchmarks and dev-dependencies are
left out, as they are not part of a dependency's build).
"""
import json
import pathlib
import shutil
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v)  # a TOML basic string is a JSON string
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {v!r} as TOML")


def manifest(member):
    ws = tomllib.loads((HERE / "Cargo.toml").read_text())["workspace"]
    crate = tomllib.loads((HERE / member / "Cargo.toml").read_text())
    package = {}
    for key, value in crate["package"].items():
        if isinstance(value, dict) and value.get("workspace"):
            value = ws["package"][key]
        if key == "metadata":
            continue
        package[key] = value
    lines = ["# A stand-alone copy of bindings/rust/%s/Cargo.toml (bindings/rust/registry_layout.py)." % member,
             "", "[package]"]
    lines += [f"{k} = {toml_value(v)}" for k, v in package.items()]
    for section in ("lib", "features"):
        if section in crate:
            lines += ["", f"[{section}]"] + [f"{json.dumps(k)} = {toml_value(v)}" for k, v in crate[section].items()]
    for section in ("dependencies", "build-dependencies"):
        deps = crate.get(section, {})
        if not deps:
            continue
        lines += ["", f"[{section}]"]
        for name, spec in deps.items():
            if isinstance(spec, dict) and spec.get("workspace"):
                base = dict(ws["dependencies"][name])
                base.pop("path", None)
                base.update({k: v for k, v in spec.items() if k != "workspace"})
                spec = base
            lines.append(f"{name} = {toml_value(spec)}")
    return "\n".join(lines) + "\n"


def copy_tree(src, dst, pattern="*"):
    for f in sorted(src.rglob(pattern)):
        if f.is_file():
            target = dst / f.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, target)


def layout(dest, only):
    ws = tomllib.loads((HERE / "Cargo.toml").read_text())["workspace"]
    version = ws["package"]["version"]
    crates = {
        "mmf-sys": [("build.rs", None), ("README.md", None), ("src", None),
                    # What the `bundled` feature compiles (package.sh copies the same).
                    (ROOT / "core/src", "native/core/src"), (ROOT / "capi/src", "native/capi/src"),
                    (ROOT / "capi/include", "native/capi/include")],
        "mmf": [("README.md", None), ("src", None)],
    }
    for name, files in crates.items():
        if only and name not in only:
            continue
        out = dest / f"{name}-{version}"
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        for src, rel in files:
            src = src if isinstance(src, pathlib.Path) else HERE / name / src
            target = out / (rel or src.name)
            if src.is_dir():
                copy_tree(src, target)
            else:
                shutil.copy2(src, target)
        (out / "Cargo.toml").write_text(manifest(name))
        # What dh-cargo writes: no per-file sums, and no checksum of a .crate
        # that never existed. cargo accepts it for a directory source.
        (out / ".cargo-checksum.json").write_text(json.dumps({"package": "Could not get crate checksum", "files": {}}))
        print(f"registry: {out}")


if __name__ == "__main__":
    if len(sys.argv) < 2 or not set(sys.argv[2:]) <= {"mmf-sys", "mmf"}:
        sys.exit(__doc__)
    layout(pathlib.Path(sys.argv[1]), sys.argv[2:])
