#!/usr/bin/env python3
"""The source tree's shape, checked: stages include only stages below them, and no file or
function grows past what a reader takes in at once.

  check_layout.py ROOT           check the tree at ROOT (the checkout)

Rules:
- advisor/ is built in stages, each a library that uses only the stages below it:
  model -> workload -> predict -> options -> decide -> report -> cli.
  A stage may include its own folder and those below, never one above.
- probes/ and pricing/ never include advisor/, nor each other; kernels/ includes neither.
- In advisor/, probes/, pricing/ and kernels/: no source file over 350 lines, no function
  over 60 lines (from the line of its opening brace to the line of its closing one).
Prints one line per violation, file:line first, and exits 1 if there is any.
"""

import pathlib
import re
import sys

STAGES = ["model", "workload", "predict", "options", "decide", "report", "cli"]
# Folders outside advisor/ and the top-level folders each may not include.
FORBIDDEN = {
    "probes": ["advisor/", "pricing/"],
    "pricing": ["advisor/", "probes/"],
    "kernels": ["advisor/", "pricing/"],
}
SIZED = ["advisor", "probes", "pricing", "kernels"]
SOURCE_SUFFIXES = {".hpp", ".cpp", ".h", ".cu", ".cuh"}
MAX_FILE_LINES = 350
MAX_FUNCTION_LINES = 60
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def sources(root, folder):
    base = root / folder
    if not base.is_dir():
        return []
    return sorted(p for p in base.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file())


def stage_of(relative):
    """The advisor stage a path (relative to the root) belongs to, or None."""
    parts = relative.parts
    if len(parts) >= 3 and parts[0] == "advisor" and parts[1] in STAGES:
        return parts[1]
    return None


def include_violations(root):
    problems = []
    for top in ["advisor"] + list(FORBIDDEN):
        for path in sources(root, top):
            relative = path.relative_to(root)
            stage = stage_of(relative)
            if top == "advisor" and stage is None:
                problems.append(f"{relative}:1: every advisor source lives in a stage folder ({', '.join(STAGES)})")
                continue
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                included = match.group(1)
                if top in FORBIDDEN:
                    for prefix in FORBIDDEN[top]:
                        if included.startswith(prefix):
                            problems.append(f"{relative}:{number}: {top}/ must not include {included}")
                    continue
                target = stage_of(pathlib.PurePosixPath(included))
                if target and STAGES.index(target) > STAGES.index(stage):
                    problems.append(f"{relative}:{number}: the {stage} stage includes {included}, "
                                    f"from the {target} stage above it")
    return problems


def strip_literals_and_comments(text):
    """The text with comments, strings and character literals blanked, newlines kept."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("\n" * text.count("\n", i, end))
            i = end
        elif text.startswith('R"', i):
            delimiter_end = text.find("(", i)
            closing = ")" + text[i + 2:delimiter_end] + '"'
            end = text.find(closing, delimiter_end)
            end = n if end < 0 else end + len(closing)
            out.append('""' + "\n" * text.count("\n", i, end))
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


# A brace that opens a scope we look inside of, not a function body.
SCOPE = re.compile(r'\b(namespace|struct|class|union|enum)\b[^;{}()]*$|extern\s+""\s*$|=\s*$')


def long_functions(path, relative):
    text = strip_literals_and_comments(path.read_text(errors="replace"))
    problems = []
    stack = []  # per open brace: (kind, line) with kind "scope", "function" or "inner"
    line = 1
    head_start = 0  # where the text before the next brace begins
    for i, c in enumerate(text):
        if c == "\n":
            line += 1
        elif c == "{":
            head = text[head_start:i]
            inside_function = any(kind != "scope" for kind, _ in stack)
            if inside_function:
                kind = "inner"
            elif ")" in head and not SCOPE.search(head.strip()):
                kind = "function"
            else:
                kind = "scope"
            stack.append((kind, line))
            head_start = i + 1
        elif c == "}":
            if stack:
                kind, start = stack.pop()
                if kind == "function" and line - start + 1 > MAX_FUNCTION_LINES:
                    problems.append(f"{relative}:{start}: a function of {line - start + 1} lines "
                                    f"(at most {MAX_FUNCTION_LINES})")
            head_start = i + 1
        elif c == ";":
            head_start = i + 1
    return problems


def size_violations(root):
    problems = []
    for top in SIZED:
        for path in sources(root, top):
            relative = path.relative_to(root)
            lines = path.read_text(errors="replace").count("\n")
            if lines > MAX_FILE_LINES:
                problems.append(f"{relative}:1: {lines} lines (at most {MAX_FILE_LINES})")
            problems.extend(long_functions(path, relative))
    return problems


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1])
    problems = include_violations(root) + size_violations(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} layout problems", file=sys.stderr)
        return 1
    print("layout: stages include only stages below them; files and functions within size")
    return 0


if __name__ == "__main__":
    sys.exit(main())
