#!/usr/bin/env python3
"""Every relative link in the project's Markdown files points to a file that exists, and every #anchor
to a heading of that file (GitHub's heading anchors). External links (http:, https:, mailto:) are not
followed: no test leaves this machine.

The code is held to the same rule: a comment that cites `docs/NAME.md, "Section"` (or any repository path
ending in .md) names a file that exists and, with a quoted section, a heading of it; and no file outside the
Markdown cites a document or a tracker a reader of the repository does not have (the team's notes, issue
numbers).

Usage: tests/scripts/docs_links_test.py SOURCE_DIR
First proves on a scratch tree that a broken file link and a broken anchor are caught, then checks every
*.md under SOURCE_DIR (build directories and .git left out). Exit 0 when every link resolves, 1 otherwise.
"""
import os
import re
import sys
import tempfile

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
FENCE = re.compile(r"^\s*(```|~~~)")


def prose_lines(path):
    """The lines of a Markdown file outside fenced code blocks, with their numbers."""
    inside = False
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if FENCE.match(line):
                inside = not inside
                continue
            if not inside:
                yield number, line.rstrip("\n")


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path):
    found, seen = set(), {}
    for _, line in prose_lines(path):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        base = slug(match.group(1))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def markdown_files(root):
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(("build", ".", "out")))
        for name in sorted(files):
            if name.endswith(".md"):
                yield os.path.join(directory, name)


def broken_links(root):
    problems = []
    for path in markdown_files(root):
        for number, line in prose_lines(path):
            if OUTSIDE.search(line):
                problems.append(f"{os.path.relpath(path, root)}:{number}: cites something outside the repository")
            for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
                if SCHEME.match(target):
                    continue
                file_part, _, anchor = target.partition("#")
                linked = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
                where = f"{os.path.relpath(path, root)}:{number}: {target}"
                if not os.path.exists(linked):
                    problems.append(f"{where}: {os.path.relpath(linked, root)} does not exist")
                elif anchor and (not linked.endswith(".md") or anchor not in anchors(linked)):
                    problems.append(f"{where}: no heading with anchor #{anchor} in {os.path.relpath(linked, root)}")
    return problems


CODE_SUFFIXES = (".cc", ".h", ".c", ".sh", ".py", ".cmake", ".conf", ".cfg", ".txt", ".ini", ".1")
CODE_NAMES = ("CMakeLists.txt", "dmk-notify", ".clang-tidy", ".clang-format", "run", "rules", "control")
DOC_CITE = re.compile(r"(?:^|(?<=[\s(`]))((?:[\w.-]+/)*[\w.-]+\.md)(?:,\s*\"([^\"]+)\")?")
OUTSIDE = re.compile(r"PLUGIN-CONTRACT\.md|STYLE\.md|\.\./shared/|shared/(?:hooks|PLUGIN)|\b[Ii]ssue[- ]#?[0-9]+\b")


def code_files(root):
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(("build", ".", "out")) and d != "corpus")
        for name in sorted(files):
            if name.endswith(CODE_SUFFIXES) or name in CODE_NAMES:
                yield os.path.join(directory, name)


def heading_titles(path):
    titles = set()
    for _, line in prose_lines(path):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            titles.add(match.group(1).strip().strip("`"))
    return titles


def resolve_cited(root, source, cited):
    """The repository file a citation names: relative to the citing file, or to the top of the tree."""
    for base in (os.path.dirname(source), root):
        candidate = os.path.normpath(os.path.join(base, cited))
        if os.path.exists(candidate):
            return candidate
    return None


def broken_code_references(root):
    problems = []
    for path in code_files(root):
        if os.path.samefile(path, __file__):
            continue  # its self-test writes broken references on purpose
        try:
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(lines, 1):
            where = f"{os.path.relpath(path, root)}:{number}"
            if OUTSIDE.search(line):
                problems.append(f"{where}: cites something outside the repository: {line.strip()[:100]}")
                continue
            for cited, section in DOC_CITE.findall(line):
                if "://" in line or cited.startswith("."):
                    continue
                target = resolve_cited(root, path, cited)
                if target is None:
                    problems.append(f"{where}: {cited} does not exist")
                elif section and section not in heading_titles(target):
                    problems.append(f"{where}: {cited} has no section \"{section}\"")
    return problems


def self_test():
    """A broken file link and a broken anchor are reported; good links are not."""
    with tempfile.TemporaryDirectory() as scratch:
        os.makedirs(os.path.join(scratch, "docs"))
        with open(os.path.join(scratch, "README.md"), "w", encoding="utf-8") as handle:
            handle.write("# Top\n\n## Secrets and `--extra-opts`\n\n[ok](docs/a.md#the-part) [ok](#top)\n"
                         "[ok](#secrets-and---extra-opts) [web](https://example.invalid/x)\n"
                         "[gone](docs/missing.md) [bad anchor](docs/a.md#no-such-part) (see issue 9)\n"
                         "```\n[in code](nowhere.md)\n```\n")
        with open(os.path.join(scratch, "docs", "a.md"), "w", encoding="utf-8") as handle:
            handle.write("# A\n\n## The part\n\n[back](../README.md#top)\n")
        problems = broken_links(scratch)
        expected = ["docs/missing.md does not exist", "no heading with anchor #no-such-part", "outside the repository"]
        if len(problems) != 3 or not all(any(e in p for p in problems) for e in expected):
            print("docs-links: the self-test did not catch exactly the three broken references:", *problems, sep="\n  ")
            return False
        with open(os.path.join(scratch, "code.cc"), "w", encoding="utf-8") as handle:
            handle.write('// ok (docs/a.md, "The part")\n// gone (docs/b.md)\n// bad (docs/a.md, "No part")\n'
                         '// outside (STYLE.md)\n// see issue 7\n')
        problems = broken_code_references(scratch)
        expected = ["docs/b.md does not exist", 'no section "No part"', "code.cc:4", "code.cc:5"]
        if len(problems) != 4 or not all(any(e in p for p in problems) for e in expected):
            print("docs-links: the self-test did not catch exactly the four broken code references:", *problems,
                  sep="\n  ")
            return False
    return True


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if not self_test():
        return 1
    root = os.path.abspath(sys.argv[1])
    files = list(markdown_files(root))
    sources = list(code_files(root))
    if not files or not sources:
        print(f"docs-links: found {len(files)} Markdown and {len(sources)} code files under {root}: nothing to check")
        return 1
    problems = broken_links(root) + broken_code_references(root)
    for problem in problems:
        print(f"docs-links: {problem}")
    if problems:
        print(f"docs-links: {len(problems)} broken link(s)")
        return 1
    print(f"docs-links: every relative link of {len(files)} Markdown files and every document cited by "
          f"{len(sources)} code files resolves (self-test: broken ones caught)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
