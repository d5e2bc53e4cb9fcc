"""Snapshot every command's output (stdout, stderr, exit code, files written) into a folder.

Run before and after a restructure and compare the two folders byte for byte:

    python scripts/snapshot.py /tmp/before   # on the old commit
    python scripts/snapshot.py /tmp/after    # on the new one
    python scripts/snapshot.py /tmp/part help usage   # only the cases whose name holds a word
    diff -r /tmp/before /tmp/after && echo identical

It runs the installed ``sanqu`` (the one beside this Python) in a scratch folder, in
English and Chinese, on the bundled plan, the small test plan and every invalid fixture.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VALID = REPO / "tests" / "fixtures" / "valid"
INVALID = REPO / "tests" / "fixtures" / "invalid"
SANQU = [sys.executable, "-m", "sanqu"]
SMALL = ["--counties", str(VALID / "counties.yaml"), "--agencies", str(VALID / "agencies.yaml")]


def cases() -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = [("version", ["--version"]), ("help", ["--help"])]
    for command in ("validate", "allocate", "budget", "diff", "template", "init"):
        out.append((f"help-{command}", [command, "--help"]))
    out += [("usage-bad-option", ["allocate", "--nope"]), ("usage-bad-choice", ["budget", "--by", "x"]),
            ("usage-bad-command", ["alocate"]), ("usage-time", ["allocate", "--time-limit", "x"])]
    for fmt in ("table", "json", "csv", "markdown"):
        out.append((f"validate-{fmt}", ["validate", "-f", fmt]))
        out.append((f"validate-small-{fmt}", ["validate", *SMALL, "-f", fmt]))
        for method in ("fair", "optimal", "stable"):
            out.append((f"allocate-{method}-{fmt}", ["allocate", "--method", method, "-f", fmt]))
        out.append((f"allocate-compare-{fmt}", ["allocate", "--compare", "-f", fmt]))
        out.append((f"allocate-explain-{fmt}", ["allocate", "--explain", "P017", "-f", fmt]))
        out.append((f"allocate-explain2-{fmt}", ["allocate", "--explain", "P001", "-f", fmt]))
        for view in ("prefecture", "county", "year", "agency"):
            out.append((f"budget-{view}-{fmt}", ["budget", "--by", view, "-f", fmt]))
            out.append((f"budget-alloc-{view}-{fmt}", ["budget", "--allocation", "@alloc.json", "--by", view,
                                                       "-f", fmt]))
            out.append((f"budget-kept-{view}-{fmt}", ["budget", "--allocation", "@kept.json", "--by", view,
                                                      "-f", fmt]))
        out.append((f"diff-{fmt}", ["diff", "@alloc.json", "@kept.json", "-f", fmt]))
        out.append((f"diff-plans-{fmt}", ["diff", str(VALID / "counties.yaml"), str(REPO / "data/counties.yaml"),
                                          "-f", fmt]))
        out.append((f"keep-{fmt}", ["allocate", "--keep", "@alloc.json", "--withdraw", "P091,P075",
                                    "--effective", "2022-10-01", "-f", fmt]))
        out.append((f"keep-stable-{fmt}", ["allocate", "--method", "stable", "--keep", "@alloc.json",
                                           "--withdraw", "P091", "-f", fmt]))
        out.append((f"allocate-small-{fmt}", ["allocate", *SMALL, "-f", fmt]))
    for name, args in [("validate", ["validate"]), ("allocate", ["allocate"]), ("budget", ["budget"]),
                       ("compare", ["allocate", "--compare"]), ("explain", ["allocate", "--explain", "P017"]),
                       ("diff", ["diff", "@alloc.json", "@kept.json"]),
                       ("budget-alloc", ["budget", "--allocation", "@kept.json", "--by", "agency"]),
                       ("diff-plans", ["diff", str(VALID / "counties.yaml"), str(REPO / "data/counties.yaml")])]:
        out.append((f"xlsx-{name}", [*args, "-o", "@out.xlsx"]))
        out.append((f"xlsx-zh-{name}", [*args, "-o", "@out.xlsx", "--lang", "zh"]))
    out += [("template", ["template", "@registration.xlsx"]),
            ("template-zh", ["template", "@registration.xlsx", "--lang", "zh"]),
            ("init", ["init", "@yunnan-2026"]), ("init-xlsx", ["init", "@yunnan-2027", "--xlsx"]),
            ("init-zh", ["init", "@yunnan-2028", "--lang", "zh"]),
            ("init-from", ["init", "@yunnan-2023", "--from", str(REPO / "data/counties.yaml")]),
            ("budget-bad-alloc", ["budget", "--allocation", str(VALID / "counties.yaml")]),
            ("keep-not-placed", ["allocate", "--keep", "@alloc.json", "--withdraw", "P999"]),
            ("keep-bad-date", ["allocate", "--keep", "@alloc.json", "--withdraw", "P091", "--effective",
                               "2022-10-02"])]
    for fixture in sorted(INVALID.glob("*.yaml")):
        flag = "--agencies" if fixture.name.startswith("agencies_") else "--counties"
        other = ["--counties", str(VALID / "counties.yaml")] if flag == "--agencies" else [
            "--agencies", str(VALID / "agencies.yaml")]
        out.append((f"invalid-{fixture.stem}", ["validate", flag, str(fixture), *other]))
        out.append((f"invalid-json-{fixture.stem}", ["validate", flag, str(fixture), *other, "-f", "json"]))
    return out


def main() -> int:
    target = Path(sys.argv[1])
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
        env.update(LANG="en_US.UTF-8", COLUMNS="100", NO_COLOR="1")
        subprocess.run([*SANQU, "allocate", "-f", "json", "-o", str(work / "alloc.json")], cwd=work, env=env,
                       check=True, capture_output=True)
        subprocess.run([*SANQU, "allocate", "--keep", str(work / "alloc.json"), "--withdraw", "P091",
                        "--effective", "2022-10-01", "-f", "json", "-o", str(work / "kept.json")],
                       cwd=work, env=env, check=True, capture_output=True)
        words = sys.argv[2:]
        for name, args in cases():
            if words and not any(w in name for w in words):
                continue
            for lang in ("en", "zh"):
                if any(a == "--lang" for a in args) and lang == "zh":
                    continue
                run_env = dict(env, LANG="zh_CN.UTF-8") if lang == "zh" else env
                real = [str(work / a[1:]) if a.startswith("@") else a for a in args]
                made = [work / a[1:] for a in args if a.startswith("@") and a[1:] not in ("alloc.json",
                                                                                          "kept.json")]
                result = subprocess.run([*SANQU, *real], cwd=work, env=run_env, capture_output=True)
                text = result.stdout + b"\n--- stderr\n" + result.stderr.replace(str(work).encode(), b"@")
                text += f"\n--- exit {result.returncode}\n".encode()
                for path in made:
                    for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
                        if file.is_file():
                            text += f"--- {file.relative_to(work)} ".encode()
                            text += hashlib.sha256(file.read_bytes()).hexdigest().encode() + b"\n"
                            if file.suffix in (".yaml", ".md", ".json", ".csv"):
                                text += file.read_bytes() + b"\n"
                    if path.is_dir():
                        shutil.rmtree(path)
                    elif path.exists():
                        path.unlink()
                (target / f"{name}.{lang}.txt").write_bytes(text.replace(str(work).encode(), b"@"))
    print(f"{len(list(target.iterdir()))} snapshots in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
