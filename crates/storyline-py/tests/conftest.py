"""Shared fixtures: the repository, ../shared beside it, and the CLI binary
the Python results are compared with."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "examples" / "corpus"
CORPUS_JSONL = ROOT / "examples" / "corpus.jsonl"
BAD_INPUT = ROOT / "examples" / "bad-input"


def require_data() -> bool:
    return os.environ.get("STORYLINE_REQUIRE_DATA") == "1"


def shared(rel: str) -> Path:
    """A path under ../shared; skips the test when it is absent, fails
    instead under STORYLINE_REQUIRE_DATA=1 (as .ci/run sets)."""
    p = SHARED / rel
    if not p.exists():
        msg = f"{p} is absent (../shared beside the checkout)"
        if require_data():
            pytest.fail(msg)
        pytest.skip(msg)
    return p


def _find_cli() -> Path:
    if os.environ.get("STORYLINE_BIN"):
        return Path(os.environ["STORYLINE_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    for profile in ("debug", "release"):
        p = target / profile / "storyline"
        if p.is_file():
            return p
    cargo = shutil.which("cargo")
    if cargo is None:
        pytest.fail("no storyline binary (set STORYLINE_BIN) and no cargo to build one")
    subprocess.run(
        [cargo, "build", "-q", "--locked", "-p", "storyline-cli"], cwd=ROOT, check=True
    )
    return target / "debug" / "storyline"


@pytest.fixture(scope="session")
def cli():
    """Run `storyline ARGS...` and return its standard output."""
    binary = _find_cli()

    def run(*args, check=True):
        r = subprocess.run(
            [str(binary), *map(str, args)], cwd=ROOT, capture_output=True, text=True
        )
        if check and r.returncode != 0:
            raise AssertionError(f"storyline {args} exited {r.returncode}: {r.stderr}")
        return r.stdout

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    def run(*args):
        return json.loads(cli("digest", *args, "--format", "json", "-q"))

    return run


def read_jsonl(path: Path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
