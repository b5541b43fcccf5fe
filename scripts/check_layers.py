#!/usr/bin/env python3
"""No include runs upward: the library in common/ is split into layer folders, and a file may include only
files of its own folder or of a layer below it (HACKING.md, "Repository layout").

LAYERS below is the table: folder -> rank. Folders of one rank are siblings and must not include each other
(the option parser, the probe and the evaluation know nothing of one another; only check/ puts them together).
plugin/ sits above every layer.

Reads every #include "common/..." of the *.h and *.cc files under common/ and plugin/ and fails, naming
FILE:LINE and both layers, for an include of a higher or sibling layer. Also fails, since a check that checks
nothing must not pass, when it finds no file, and for a file in common/ outside every layer folder, a folder of
common/ the table does not know, or an include that names no layer or is not rooted at the repository.

Usage: scripts/check_layers.py [SOURCE_DIR]     (default: the repository this script is in)
       scripts/check_layers.py --self-test      (proves on scratch trees that a bad tree fails, a good one passes)
Exit 0 when every include runs down or sideways within a folder, 1 otherwise.
"""
import os
import re
import sys
import tempfile

# folder of common/ -> rank. Lower ranks know nothing of higher ones.
LAYERS = {
    "base": 0,  # words, numbers, ranges, states, files, regexes: depends on nothing of ours
    "model": 1,  # the data the layers exchange: Config, ProbeOutcome, the reason catalogue, secrets, assertions
    "cli": 2,  # the command line, --extra-opts, the credentials file: argv to a Config
    "probe": 2,  # libcurl, DNS, TLS on the wire: a Config to a ProbeOutcome
    "evaluate": 2,  # pure steps: a ProbeOutcome to findings, states and words
    "report": 3,  # the one output text
    "check": 4,  # the entry point that runs them in order
}
PLUGIN_RANK = max(LAYERS.values()) + 1
SUFFIXES = (".h", ".cc")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def source_files(root, top):
    """The *.h and *.cc files under root/top, as paths relative to root, sorted."""
    found = []
    for directory, subdirs, files in os.walk(os.path.join(root, top)):
        subdirs.sort()
        found += [os.path.relpath(os.path.join(directory, name), root) for name in sorted(files)
                  if name.endswith(SUFFIXES)]
    return found


def layer_of(path):
    """(name, rank) of a repository path: common/LAYER/..., plugin/...; (None, None) outside every layer."""
    parts = path.split("/")
    if parts[0] == "plugin":
        return "plugin", PLUGIN_RANK
    if parts[0] == "common" and len(parts) >= 3 and parts[1] in LAYERS:
        return parts[1], LAYERS[parts[1]]
    return None, None


def unknown_folders(root):
    """Folders directly in common/ that the table does not name."""
    common = os.path.join(root, "common")
    if not os.path.isdir(common):
        return []
    return sorted(name for name in os.listdir(common)
                  if os.path.isdir(os.path.join(common, name)) and name not in LAYERS)


def include_problems(root, path):
    """What is wrong with the includes of one file."""
    problems = []
    layer, rank = layer_of(path)
    with open(os.path.join(root, path), encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for number, line in enumerate(lines, 1):
        match = INCLUDE.match(line)
        if not match:
            continue
        included = match.group(1)
        where = f"{path}:{number}"
        if not included.startswith("common/"):
            if not included.startswith(("tests/", "plugin/")):
                problems.append(f"{where}: #include \"{included}\" is not rooted at the repository "
                                "(#include \"common/LAYER/FILE.h\")")
            continue
        target, target_rank = layer_of(included)
        if target is None:
            problems.append(f"{where}: #include \"{included}\" is in no layer folder of common/")
        elif target == layer:
            continue
        elif target_rank == rank:
            problems.append(f"{where}: {layer} (rank {rank}) includes its sibling {target} (rank {target_rank}): "
                            f"\"{included}\"; siblings must not know each other")
        elif target_rank > rank:
            problems.append(f"{where}: {layer} (rank {rank}) includes the higher layer {target} "
                            f"(rank {target_rank}): \"{included}\"")
    return problems


def check(root):
    """Every problem of the tree at root, and the number of files read."""
    files = source_files(root, "common") + source_files(root, "plugin")
    problems = [f"common/{name}/: a folder no layer of scripts/check_layers.py names" for name in
                unknown_folders(root)]
    for path in files:
        if layer_of(path)[0] is None:
            problems.append(f"{path}: outside every layer folder of common/ "
                            f"({', '.join(sorted(LAYERS))}); move it into one")
            continue
        problems += include_problems(root, path)
    if not files:
        problems.append(f"found no *.h or *.cc file under {root}/common or {root}/plugin: nothing was checked")
    return problems, len(files)


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as handle:
        handle.write(text)


def self_test():
    """A good tree passes; an upward include, a sibling include, a stray file, an unknown folder, an include
    that is not rooted and an empty tree each fail with their own words."""
    good = {
        "common/base/state.h": "#include <string>\n",
        "common/model/config.h": '#include "common/base/state.h"\n',
        "common/probe/probe.h": '#include "common/model/config.h"\n#include "common/probe/resolve.h"\n',
        "common/probe/resolve.h": "",
        "common/check/check.cc": '#include "common/probe/probe.h"\n#include "tests/support/env.h"\n',
        "plugin/main.cc": '#include "common/check/check.h"\n',
    }
    bad = {
        "common/base/state.h": ("#include <string>\n\n#include \"common/model/config.h\"\n",
                                "common/base/state.h:3: base (rank 0) includes the higher layer model (rank 1)"),
        "common/evaluate/eval_tls.cc": ('#include "common/probe/probe.h"\n',
                                        "common/evaluate/eval_tls.cc:1: evaluate (rank 2) includes its sibling "
                                        "probe (rank 2)"),
        "common/stray.h": ("", "common/stray.h: outside every layer folder"),
        "common/util/x.h": ("", "common/util/: a folder no layer"),
        "common/cli/options.cc": ('#include "ascii.h"\n', "common/cli/options.cc:1: #include \"ascii.h\" is not "
                                  "rooted"),
        "common/report/render.cc": ('#include "common/range.h"\n', "common/report/render.cc:1: #include "
                                    "\"common/range.h\" is in no layer folder"),
    }
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        for path, text in good.items():
            write(scratch, path, text)
        problems, count = check(scratch)
        if problems or count != len(good):
            failures.append(f"the good tree ({count} files) failed: {problems}")
        for path, (text, expected) in bad.items():
            with tempfile.TemporaryDirectory() as tree:
                for good_path, good_text in good.items():
                    write(tree, good_path, good_text)
                write(tree, path, text)
                problems, _ = check(tree)
                if not any(problem.startswith(expected) for problem in problems):
                    failures.append(f"{path}: expected a problem starting '{expected}', got {problems}")
    with tempfile.TemporaryDirectory() as empty:
        problems, count = check(empty)
        if count != 0 or not any("nothing was checked" in problem for problem in problems):
            failures.append(f"an empty tree was not refused: {problems}")
    for failure in failures:
        print(f"check_layers self-test: FAILED: {failure}")
    if failures:
        return 1
    print(f"check_layers self-test: passed (a good tree and {len(bad) + 1} bad ones)")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) > 2:
        print("usage: scripts/check_layers.py [SOURCE_DIR] | --self-test", file=sys.stderr)
        return 2
    root = argv[1] if len(argv) == 2 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems, count = check(root)
    for problem in problems:
        print(f"layers: {problem}")
    if problems:
        print(f"layers: {len(problems)} problem{'' if len(problems) == 1 else 's'} in {count} files")
        return 1
    print(f"layers: no include runs upward or sideways in {count} files of common/ and plugin/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
