#!/usr/bin/env python3
"""Splits a callgrind profile of one plugin run into the stages of a check.

A stage is the inclusive cost of the calls into its entry functions (callgrind records the cost of
every call arc). Nesting is taken from how libcurl 7.88 with OpenSSL 3.0 (Debian 12) works:
curl_easy_perform creates the random generator, SSL_CTX and SSL, then runs SSL_connect; the CA file or
bundle is read lazily inside SSL_connect (at the first read of the server's answer), and hashed-directory
lookups happen inside certificate verification, also inside SSL_connect. So the handshake is SSL_connect
minus the trust store, and the HTTP part is curl_easy_perform minus SSL_connect and the TLS set-up that
libcurl itself called. What no stage claims is "other" (main, evaluation, rendering, libc glue).

usage: callgrind_phases.py FILE            prints "stage<TAB>instructions" lines, total first
"""
import collections
import re
import sys

def parse(path):
    """Returns (total, self_cost, arcs): arcs[(caller, callee)] = inclusive cost of those calls."""
    names = {"fn": {}, "ob": {}}
    self_cost = collections.Counter()
    arcs = collections.Counter()
    total = None
    current_ob = current_fn = None
    callee_ob = callee = None
    pending_call = False

    def resolve(kind, text):
        match = re.match(r"\((\d+)\)(?: (.*))?$", text)
        if not match:
            return text
        key, name = match.group(1), match.group(2)
        if name is not None:
            names[kind][key] = name
        return names[kind].get(key, key)

    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                continue
            if line.startswith("summary:") or line.startswith("totals:"):
                total = int(line.split()[1])
                continue
            head, _, rest = line.partition("=")
            if head == "ob":
                current_ob = resolve("ob", rest)
            elif head == "fn":
                current_fn = (current_ob, resolve("fn", rest))
                callee_ob = None
            elif head == "cob":
                callee_ob = resolve("ob", rest)
            elif head == "cfn":
                callee = resolve("fn", rest)
            elif head == "calls":
                pending_call = True
            elif head in ("fl", "fi", "fe", "cfi", "cfl"):
                pass
            elif line[0] in "0123456789+-*":
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if pending_call:
                    arcs[(current_fn, (callee_ob if callee_ob is not None else current_ob, callee))] += cost
                    pending_call = False
                    callee_ob = None
                else:
                    self_cost[current_fn] += cost
    if total is None:
        total = sum(self_cost.values())
    return total, self_cost, arcs


def base_name(function):
    return function[1]


def split(path):
    """Returns (total, {stage: instructions}) following the model in the module docstring."""
    total, _, arcs = parse(path)

    def calls_into(match, caller_ob=None, caller_not=None):
        cost = 0
        for (caller, callee), arc_cost in arcs.items():
            name = callee[1]
            if "'" in name or not match(name) or match(caller[1].split("'")[0]):
                continue  # recursion levels ("fn'2") are inside the outer call already
            if caller_ob is not None and caller_ob not in (caller[0] or ""):
                continue
            if caller_not is not None and caller[1] == caller_not:
                continue
            cost += arc_cost
        return cost

    def named(*names):
        return lambda name: name in names

    trust = calls_into(named("X509_STORE_load_file", "X509_STORE_load_path", "X509_LOOKUP_by_subject_ex"))
    tls_setup_roots = named("RAND_status", "SSL_CTX_new", "SSL_new")
    handshake = calls_into(named("SSL_connect"))
    stages = collections.OrderedDict()
    stages["process start, dynamic linking"] = calls_into(named("_dl_start"))
    stages["library constructors"] = calls_into(named("_dl_init"), caller_not="call_dl_init")
    stages["libcurl + OpenSSL init (openssl.cnf, error strings)"] = calls_into(named("curl_global_init"))
    stages["curl_version() (check_curl's User-Agent)"] = calls_into(named("curl_version"))
    stages["option parsing"] = calls_into(lambda name: name.startswith("dmk::ParseOptions("))
    stages["DNS lookup (getaddrinfo)"] = calls_into(named("getaddrinfo"))
    stages["TLS set-up (random generator, SSL_CTX)"] = calls_into(tls_setup_roots)
    stages["trust store (CA file, hashed dir lookup, bundle)"] = trust
    stages["TLS handshake (crypto, certificate checks)"] = handshake - trust
    stages["HTTP request and response (libcurl)"] = (calls_into(named("curl_easy_perform")) - handshake -
                                                     calls_into(tls_setup_roots, caller_ob="libcurl"))
    stages["exit (atexit handlers, destructors)"] = calls_into(named("exit"))
    stages["other (main, evaluation, rendering, libc glue)"] = total - sum(stages.values())
    return total, stages


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    total, stages = split(sys.argv[1])
    print(f"total\t{total}")
    for stage, cost in stages.items():
        print(f"{stage}\t{cost}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
