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


def member_name(source):
    """"lib.a(member.o)" -> "lib.a:member.o" (how a linker script names an archive member), else None."""
    match = re.match(r"^(?:.*/)?([^/()]+)\(([^()]+)\)$", source)
    return match.group(1) + ":" + match.group(2) if match else None


class LinkMap:
    """What the GNU ld link map (-Map, with --no-demangle) says about the linked program's code:
    `owner`: global symbol -> (input section, input file); `sections`: names of the input sections of code;
    `members`: archive members ("lib.a:member.o") whose plain .text went in."""

    def __init__(self, path):
        self.owner, self.sections, self.members = {}, set(), set()
        section = pending = None
        in_memory_map = False
        with open(path, encoding="utf-8", errors="replace") as handle:
            for raw in handle:
                line = raw.rstrip("\n")
                if line.startswith("Linker script and memory map"):
                    in_memory_map = True
                    continue
                if not in_memory_map:
                    continue
                if pending is not None:  # a long section name: address, size and file on the next line
                    parts = line.split()
                    section = self._add(pending, parts[2]) if len(parts) >= 3 and parts[0].startswith("0x") else None
                    pending = None
                    continue
                if re.match(r"^ \.\S", line):  # an input section: " .text.NAME  0xADDR  0xSIZE  FILE"
                    parts = line.split()
                    if len(parts) == 1:
                        pending = parts[0]
                    elif len(parts) >= 4 and parts[1].startswith("0x"):
                        section = self._add(parts[0], parts[3])
                    else:
                        section = None
                    continue
                match = re.match(r"^\s{16}0x[0-9a-f]+\s+(\S+)$", line)
                if match and section is not None:
                    self.owner.setdefault(match.group(1), section)

    def _add(self, name, source):
        """Records an input section; returns (name, source) for the symbols listed under it, or None."""
        if not name.startswith(".text"):
            return None
        self.sections.add(name)
        if name == ".text" and member_name(source):
            self.members.add(member_name(source))
        return name, source

    def pattern_for(self, symbol):
        """The linker-script input-section pattern that selects `symbol`'s code, or None."""
        if symbol in self.owner:
            section, source = self.owner[symbol]
            if section != ".text":
                return "*(" + section + ")"
            # An archive member without function sections: its whole .text. An object file of ours has none:
            # it is compiled with function sections.
            member = member_name(source)
            return "*" + member + "(.text)" if member else None
        # A local symbol (anonymous namespace, static): the map lists only globals, but -ffunction-sections
        # names the section after the symbol.
        return "*(.text." + symbol + " .text.startup." + symbol + ")"

    def has(self, pattern):
        """Whether a pattern of ours ("*(A B)" or "*lib.a:member.o(.text)") names an input section here."""
        files, names = re.match(r"^\*(\S*)\((.*)\)$", pattern).groups()
        if files:
            return files in self.members
        return any(name in self.sections for name in names.split())


def check(hot_text, link_map, minimum):
    link = LinkMap(link_map)
    with open(hot_text, encoding="utf-8") as handle:
        patterns = re.findall(r"^\s+(\*\S*\([^)]*\))\s*$", handle.read(), re.M)
    if not patterns:
        print("no input-section patterns in " + hot_text)
        return 1
    stale = [p for p in patterns if not link.has(p)]
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
    link = LinkMap(args.map)
    patterns = sorted({p for p in (link.pattern_for(symbol) for symbol in executed) if p})
    # Only what this build has (a local symbol of an archive member without function sections, or a constructor
    # alias, has no input section of its own name), and safe names only: ld treats * ? [ as wildcards and some
    # other characters as operators.
    patterns = [p for p in patterns if re.match(r"^\*[A-Za-z0-9_.:+-]*\([A-Za-z0-9_.$ ]+\)$", p) and link.has(p)]

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
