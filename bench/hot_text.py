#!/usr/bin/env python3
"""Writes cmake/hot-text.ld: the code one check runs, placed together at the front of the plugin's text.

Why: the kernel maps a program's file pages in blocks around every page it touches (fault-around), so the
resident size of the plugin's own text follows how far apart the code it runs lies, not how much of it runs.
One check runs about 260 KB of the plugin's 850 KB of code (ours, Boost.ProgramOptions and the parts of
libstdc++ linked in); spread over the whole text it made nearly all of it resident. With the code a
check runs placed first, the rest (help text, error paths, wide-character locale facets) stays on disk.

Input: callgrind profiles of plugin runs (run with --demangle=no) and the GNU ld link map of that same build
(-Wl,-Map, with --no-demangle). Every function of the plugin's own object that ran in any profile is placed, by its input
section: its own section (-ffunction-sections: ours, libstdc++, Boost's templates), or for Boost's archive
members built without function sections, that member's whole .text. A name that a later toolchain no longer
produces matches nothing and costs nothing: the build stays correct, only less compact.

usage: hot_text.py --map LINK.map --object PATH_OF_PLUGIN PROFILE... > cmake/hot-text.ld
       hot_text.py --map LINK.map --check cmake/hot-text.ld [--min-fraction 0.9]

--check: whether the list still describes the plugin as built: at least that fraction of its entries name
input sections the link map has. When code is renamed or moved, entries stop matching and the code a check
runs drifts back into the cold part of the binary, raising the resident size with no other symptom; CTest
runs this check (hot_text.check) so that the drift fails a test.
"""
import argparse
import re
import sys


def executed_functions(profile, object_path):
    """Names (mangled) of the functions of `object_path` that have a cost in a callgrind profile."""
    names = {"ob": {}, "fn": {}}
    current_ob = None
    current_fn = None
    executed = set()
    with open(profile, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            match = re.match(r"^(ob|fn|cob|cfn|cfi|cfl|fl|fi|fe)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
            if match:
                kind, key, name = match.groups()
                table = "ob" if kind in ("ob", "cob") else "fn" if kind in ("fn", "cfn") else None
                if table and name is not None:
                    names[table][key] = name
                if kind == "ob":
                    current_ob = names["ob"].get(key)
                elif kind == "fn":
                    current_fn = names["fn"].get(key)
                    if current_ob == object_path and current_fn and not current_fn.startswith("0x"):
                        executed.add(re.sub(r"'\d+$", "", current_fn))
    return executed


def map_sections(link_map):
    """symbol -> (input section, input file) for every global symbol the link map lists."""
    owner = {}
    section = None
    source = None
    pending_section = None
    with open(link_map, encoding="utf-8", errors="replace") as handle:
        in_memory_map = False
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("Linker script and memory map"):
                in_memory_map = True
                continue
            if not in_memory_map:
                continue
            if pending_section is not None:
                parts = line.split()
                if len(parts) >= 3 and parts[0].startswith("0x"):
                    section, source = pending_section, parts[2]
                pending_section = None
                continue
            if re.match(r"^ \.\S", line):  # an input section: " .text.NAME  0xADDR  0xSIZE  FILE" (maybe wrapped)
                parts = line.split()
                if len(parts) == 1:
                    pending_section = parts[0]
                elif len(parts) >= 4 and parts[1].startswith("0x"):
                    section, source = parts[0], parts[3]
                else:
                    section, source = None, None
                continue
            match = re.match(r"^\s{16}0x[0-9a-f]+\s+(\S+)$", line)
            if match and section is not None and section.startswith(".text"):
                owner.setdefault(match.group(1), (section, source))
    return owner


def map_inputs(link_map):
    """Input sections of the linked program: names (".text.X") and archive members' plain .text."""
    sections, members = set(), set()
    pending = None
    in_memory_map = False
    with open(link_map, encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("Linker script and memory map"):
                in_memory_map = True
                continue
            if not in_memory_map:
                continue
            if pending is not None:
                parts = line.split()
                if len(parts) >= 3 and parts[0].startswith("0x"):
                    sections.add(pending)
                pending = None
                continue
            if re.match(r"^ \.text", line):
                parts = line.split()
                if len(parts) == 1:
                    pending = parts[0]
                elif len(parts) >= 4 and parts[1].startswith("0x"):
                    sections.add(parts[0])
                    match = re.match(r"^(?:.*/)?([^/()]+)\(([^()]+)\)$", parts[3])
                    if parts[0] == ".text" and match:
                        members.add(match.group(1) + ":" + match.group(2))
    return sections, members


def pattern_for(symbol, owner):
    """The linker-script input-section pattern that selects `symbol`'s code."""
    if symbol in owner:
        section, source = owner[symbol]
        if section != ".text":
            return "*(" + section + ")"
        # An archive member without function sections: its whole .text. "lib.a(member.o)" -> "*lib.a:member.o".
        match = re.match(r"^(?:.*/)?([^/()]+)\(([^()]+)\)$", source)
        if match:
            return "*" + match.group(1) + ":" + match.group(2) + "(.text)"
        return None  # an object file of ours: compiled with function sections, cannot have code in plain .text
    # A local symbol (anonymous namespace, static): the map lists only globals, but -ffunction-sections names
    # the section after the symbol.
    return "*(.text." + symbol + " .text.startup." + symbol + ")"


def matches(pattern, sections, members):
    """Whether a pattern of ours ("*(A B)" or "*lib.a:member.o(.text)") names an input section of the map."""
    files, names = re.match(r"^\*(\S*)\((.*)\)$", pattern).groups()
    if files:
        return files in members
    return any(name in sections for name in names.split())


def check(hot_text, link_map, minimum):
    sections, members = map_inputs(link_map)
    with open(hot_text, encoding="utf-8") as handle:
        patterns = re.findall(r"^\s+(\*\S*\([^)]*\))\s*$", handle.read(), re.M)
    if not patterns:
        print("no input-section patterns in " + hot_text)
        return 1
    stale = [p for p in patterns if not matches(p, sections, members)]
    fraction = 1 - len(stale) / len(patterns)
    print("%d of %d hot-text entries match the link map (%.0f%%, at least %.0f%% wanted)"
          % (len(patterns) - len(stale), len(patterns), 100 * fraction, 100 * minimum))
    for pattern in stale[:20]:
        print("  no longer in the build: " + pattern[:200])
    if fraction < minimum:
        print("cmake/hot-text.ld is stale: regenerate it with `sudo bash bench/hot-text.sh`")
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", required=True)
    parser.add_argument("--object", help="the plugin's path as the profiles name it")
    parser.add_argument("--check", metavar="HOT_TEXT_LD")
    parser.add_argument("--min-fraction", type=float, default=0.9)
    parser.add_argument("profiles", nargs="*")
    args = parser.parse_args()
    if args.check:
        sys.exit(check(args.check, args.map, args.min_fraction))
    if not args.object or not args.profiles:
        parser.error("--object and profiles are needed to generate the list")

    executed = set()
    for profile in args.profiles:
        executed |= executed_functions(profile, args.object)
    if not executed:
        sys.exit("no function of %s in the profiles (run callgrind with --demangle=no on that binary)" % args.object)
    owner = map_sections(args.map)
    patterns = sorted({p for p in (pattern_for(symbol, owner) for symbol in executed) if p})
    # Only what this build has: a local symbol of an archive member without function sections, or a
    # constructor alias, has no input section of its own name.
    sections, members = map_inputs(args.map)
    # Safe names only: ld treats * ? [ as wildcards and some other characters as operators.
    patterns = [p for p in patterns
                if re.match(r"^\*[A-Za-z0-9_.:+-]*\([A-Za-z0-9_.$ ]+\)$", p) and matches(p, sections, members)]

    print("/* The code one check runs, first in the plugin's text, so that the code it does not run stays on")
    print("   disk (see bench/hot_text.py). Generated by bench/hot-text.sh from %d profiled runs; %d input sections."
          % (len(args.profiles), len(patterns)))
    print("   Used by cmake/link.cmake. Augments the default linker script (INSERT): nothing else changes. */")
    print("SECTIONS")
    print("{")
    print("  .text.dmk_hot :")
    print("  {")
    for pattern in patterns:
        print("    " + pattern)
    print("  }")
    print("}")
    print("INSERT BEFORE .text;")


if __name__ == "__main__":
    main()
