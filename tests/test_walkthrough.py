"""The "life of a statement" in spec/01-overview.md names real functions;
this test keeps the prose honest (STYLE.md habit 3)."""
import importlib
import pathlib
import re

SPEC = pathlib.Path(__file__).resolve().parent.parent / "spec" / "01-overview.md"


def _resolve(dotted: str):
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(dotted)


def test_every_named_function_exists():
    text = SPEC.read_text()
    section = text.split("## Life of a statement", 1)[1].split("\n## ", 1)[0]
    names = set(re.findall(r"`(pgref(?:\.\w+)+)`", section))
    assert len(names) >= 15
    for name in sorted(names):
        assert _resolve(name) is not None, name
    # names written as `Class.method` / `analyze_update` after a full path
    assert callable(_resolve("pgref.analyzer.modify.ModifyAnalyzer.analyze_update"))
    assert callable(_resolve("pgref.analyzer.modify.ModifyAnalyzer.analyze_delete"))
