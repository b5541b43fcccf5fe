#!/usr/bin/env python3
"""Where the CPU time of a check goes, from `perf script -F comm,pid,ip,sym,dso` of a `perf record -g`.

Reads the samples of the processes whose last seen command name starts with COMM (a process starts under
its parent's name and takes its own at exec, so samples are grouped by pid first) and prints the share of
their CPU time by place: the kernel (page faults, system calls, the rest), the dynamic linker (symbol
lookup and relocation, the rest), libcrypto, libc, libssl and libcurl, the other libraries, the program.
  usage: perf script -F comm,pid,ip,sym,dso -i perf.data | cpu_split.py COMM
"""
import collections
import sys

LOOKUP = ("do_lookup_x", "_dl_lookup_symbol_x", "_dl_relocate_object", "check_match", "strcmp")


def place(stack):
    """The place a sample belongs to; `stack` is a list of (symbol, dso), leaf first."""
    symbol, dso = stack[0]
    if dso == "[kernel.kallsyms]":
        names = [s for s, _ in stack]
        if any(n in ("exc_page_fault", "asm_exc_page_fault") for n in names):
            return "kernel: page faults"
        if any("execve" in n for n in names):
            return "kernel: exec"
        if any(n == "do_syscall_64" or n.startswith(("__x64_sys_", "__do_sys_")) for n in names):
            return "kernel: other system calls (mmap, mprotect, open, sockets, clone, exit)"
        return "kernel: other (interrupts, scheduling)"
    if dso.startswith("ld-linux"):
        return ("dynamic linker: symbol lookup and relocation" if symbol in LOOKUP
                else "dynamic linker: the rest (mapping the libraries, CPU features)")
    if dso.startswith("libcrypto"):
        return "libcrypto (OpenSSL)"
    if dso.startswith("libc.so"):
        return "libc (malloc, locks, strings)"
    if dso.startswith(("libssl", "libcurl")):
        return "libssl and libcurl"
    if dso.startswith("lib") or dso == "[vdso]":
        return "the other libraries libcurl loads"
    return "the program's own code"


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    comm = sys.argv[1][:15]  # the kernel keeps 15 characters of a command name
    samples = collections.defaultdict(list)  # pid -> places
    last_comm = {}
    header, stack = None, []

    def flush():
        if header is not None and stack:
            pid, name = header
            samples[pid].append(place(stack))
            last_comm[pid] = name

    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip():
            flush()
            header, stack = None, []
        elif not line.startswith((" ", "\t")):
            flush()
            fields = line.split()
            header, stack = (fields[-1], " ".join(fields[:-1])), []  # "comm pid"
        else:
            parts = line.split(None, 1)
            rest = parts[1] if len(parts) > 1 else ""
            symbol, _, dso = rest.rpartition(" (")
            stack.append((symbol.split("+")[0], dso.rstrip(")").rsplit("/", 1)[-1]))
    flush()
    counts = collections.Counter()
    for pid, places in samples.items():
        if last_comm[pid].startswith(comm):
            counts.update(places)
    total = sum(counts.values())
    if total == 0:
        print(f"no samples of {comm}", file=sys.stderr)
        return 1
    for name, count in sorted(counts.items()):
        print(f"{100 * count / total:5.1f}%  {name}")
    print(f"({total} samples)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
