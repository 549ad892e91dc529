"""The documentation site builds with ``mkdocs build --strict``.

This is where ``make test`` checks the docs (there is no separate docs step):
a broken link, a missing nav page or a bad spec chapter fails the suite.  The
second test feeds the spec hook (docs/hooks/spec_pages.py) synthetic
chapters, so the hook is checked even before every chapter exists.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


def _build(project: Path, site: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([*MKDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, env=env,
                          cwd=project, timeout=300)


def test_site_builds_strict(tmp_path):
    proc = _build(REPO, tmp_path / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = tmp_path / "site"
    for page in ("index.html", "overview/index.html", "guide/testing/index.html",
                 "guide/embedded/index.html", "benchmarks/index.html"):
        assert (site / page).is_file(), page
    for chapter in sorted((REPO / "spec").glob("*.md")):
        assert (site / "spec" / chapter.stem / "index.html").is_file(), chapter.name


def test_spec_hook_publishes_chapters_and_rewrites_code_links(tmp_path):
    project = tmp_path / "proj"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    (project / "spec").mkdir()
    (project / "pgref").mkdir()
    (project / "pgref" / "mod.py").write_text("x = 1\n")
    (project / "spec" / "02-demo.md").write_text(textwrap.dedent("""\
        # Demo chapter

        See [the next chapter](03-next.md#purpose), the code in
        [pgref/mod.py](../pgref/mod.py) and [the guide](../docs/guide/testing.md).
        """))
    (project / "spec" / "03-next.md").write_text("# Next chapter\n\n## Purpose\n\nText.\n")
    (project / "spec" / "01-overview.md").write_text("# Overview chapter\n")  # docs link to it
    site = tmp_path / "site"
    proc = _build(project, site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (site / "spec" / "02-demo" / "index.html").read_text(encoding="utf-8")
    assert 'href="../03-next/#purpose"' in html
    assert "<code>pgref/mod.py</code>" in html
    assert 'href="../../guide/testing/"' in html
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Demo chapter" in index and "Next chapter" in index and "Specification" in index
