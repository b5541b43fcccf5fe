#!/usr/bin/env python3
"""Every relative link in the project's Markdown files points to a file that exists, and every #anchor
to a heading of that file (GitHub's heading anchors). External links (http:, https:, mailto:) are not
followed: no test leaves this machine.

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


def self_test():
    """A broken file link and a broken anchor are reported; good links are not."""
    with tempfile.TemporaryDirectory() as scratch:
        os.makedirs(os.path.join(scratch, "docs"))
        with open(os.path.join(scratch, "README.md"), "w", encoding="utf-8") as handle:
            handle.write("# Top\n\n## Secrets and `--extra-opts`\n\n[ok](docs/a.md#the-part) [ok](#top)\n"
                         "[ok](#secrets-and---extra-opts) [web](https://example.invalid/x)\n"
                         "[gone](docs/missing.md) [bad anchor](docs/a.md#no-such-part)\n"
                         "```\n[in code](nowhere.md)\n```\n")
        with open(os.path.join(scratch, "docs", "a.md"), "w", encoding="utf-8") as handle:
            handle.write("# A\n\n## The part\n\n[back](../README.md#top)\n")
        problems = broken_links(scratch)
        expected = ["docs/missing.md does not exist", "no heading with anchor #no-such-part"]
        if len(problems) != 2 or not all(any(e in p for p in problems) for e in expected):
            print("docs-links: the self-test did not catch exactly the two broken links:", *problems, sep="\n  ")
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
    problems = broken_links(root)
    for problem in problems:
        print(f"docs-links: {problem}")
    if problems:
        print(f"docs-links: {len(problems)} broken link(s)")
        return 1
    print(f"docs-links: every relative link of {len(files)} Markdown files resolves (self-test: broken ones caught)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
