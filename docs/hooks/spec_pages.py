"""MkDocs hook: publish spec/*.md as the site's "Specification" section.

The specification lives at the top of the repository (spec/NN-name.md, one
chapter per subsystem) because the code cites it; the site shows it without
copying it into docs/.  At build time this hook

1. finds every spec/*.md that exists (so a chapter that is not written yet
   never breaks ``mkdocs build --strict``), in file-name order;
2. adds each one to the site as the virtual page ``spec/<name>.md``;
3. builds the ``nav``: Home, Overview, Specification (one entry per chapter,
   titled by its first ``# `` heading), Guides, Benchmarks -- any page listed
   here that does not exist is left out;
4. rewrites links in spec chapters that point outside spec/ into the
   repository (``../pgref/sql/lexer.py``) into plain code text, since the
   site does not publish source files; links between chapters stay links.

It also adds spec/ to the directories ``mkdocs serve`` watches.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.structure.files import File

_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")

# The nav around the generated section: (title, page or section marker).
STATIC_NAV_HEAD = [("Home", "index.md"), ("Overview", "overview.md")]
STATIC_NAV_TAIL = [
    ("Guides", [("Embedded use", "guide/embedded.md"), ("Testing against PostgreSQL", "guide/testing.md"),
                ("Roles and privileges", "auth.md")]),
    ("Benchmarks", "benchmarks.md"),
]


def _spec_dir(config) -> Path:
    return Path(config["config_file_path"]).resolve().parent / "spec"


def _chapters(config) -> list[Path]:
    d = _spec_dir(config)
    return sorted(p for p in d.glob("*.md") if p.is_file()) if d.is_dir() else []


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem


def on_config(config):
    docs = Path(config["docs_dir"])

    def keep(entries):
        out = []
        for title, target in entries:
            if isinstance(target, list):
                sub = keep(target)
                if sub:
                    out.append({title: sub})
            elif (docs / target).is_file():
                out.append({title: target})
        return out

    spec = [{_title(p): f"spec/{p.name}"} for p in _chapters(config)]
    nav = keep(STATIC_NAV_HEAD)
    if spec:
        nav.append({"Specification": spec})
    nav += keep(STATIC_NAV_TAIL)
    config["nav"] = nav
    if _spec_dir(config).is_dir() and str(_spec_dir(config)) not in config["watch"]:
        config["watch"].append(str(_spec_dir(config)))
    return config


def on_files(files, config):
    for p in _chapters(config):
        uri = f"spec/{p.name}"
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, abs_src_path=str(p)))
    return files


_INCLUDE = re.compile(r"^<!-- include-spec: ([\w.-]+\.md) -->$", re.M)


def _include_spec(markdown, config):
    """A docs page can show a chapter in full: the line
    ``<!-- include-spec: NN-name.md -->`` becomes the chapter's text with
    its headings one level down (left out if the chapter does not exist)."""
    def repl(m):
        path = _spec_dir(config) / m.group(1)
        if not path.is_file():
            return ""
        text = path.read_text(encoding="utf-8")
        return re.sub(r"^(#+) ", lambda h: "#" + h.group(1) + " ", text, flags=re.M)
    return _INCLUDE.sub(repl, markdown)


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.startswith("spec/"):
        return _include_spec(markdown, config)
    spec_dir = _spec_dir(config)
    repo = spec_dir.parent

    def fix(m):
        text, target = m.group(1), m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "/")):
            return m.group(0)
        path, _, _frag = target.partition("#")
        resolved = (spec_dir / path).resolve()
        if resolved.parent == spec_dir and resolved.suffix == ".md":
            return m.group(0)                     # chapter to chapter: a real link
        try:
            rel = resolved.relative_to(repo)
        except ValueError:
            return m.group(0)
        if rel.parts and rel.parts[0] == "docs":  # a docs page: link to it on the site
            return f"[{text}](../{os.path.relpath(resolved, repo / 'docs')})"
        if text.strip("`") == str(rel):
            return f"`{rel}`"
        return f"{text} (`{rel}`)"

    return _LINK.sub(fix, markdown)
