"""Every command that writes a file, through the CLI: it never replaces an input, the store,
a device or a directory, replaces an existing file only with --force, and writes whole files
with the usual permissions (regression: `export -o store.db` destroyed the store, `ingest
--rejects` replaced the input file and /dev/full, and exports were created 0600)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from ceasefire.cli.main import app
from ceasefire.coding import extract as extract_module
from ceasefire.coding.pipeline import Coder
from ceasefire.settings import get_settings

runner = CliRunner()
ROWS = (
    "event_id_cnty,event_date,event_type,actor1,country,latitude,longitude\n"
    "SYR1,2017-01-02,Battles,X,Syria,33,36\n"
    "SYR2,yesterday,Battles,X,Syria,33,36\n"
)
ARTICLE = "Regime forces shelled Kafr Nabl on Tuesday, killing two civilians.\n"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, " ".join(result.output.split())  # as one line, however wrapped


@pytest.fixture(autouse=True)
def light_coder() -> Iterator[None]:
    """extract codes with a coder without dictionaries (the coder is not what is tested here)."""
    coder = Coder(use_defaults=False)
    original = extract_module.default_coder
    extract_module.default_coder = lambda: coder  # type: ignore[assignment]
    yield
    extract_module.default_coder = original  # type: ignore[assignment]


@pytest.fixture
def sqlite_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A SQLite store, also the configured one (extract has no --db: it protects that one)."""
    path = tmp_path / "store.db"
    monkeypatch.setenv("CEASEFIRE_DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    code, out = run("init", "--db", f"sqlite:///{path}")
    assert code == 0, out
    yield path
    get_settings.cache_clear()


def _stored(db: Path) -> int:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        count = int(conn.execute(text("SELECT count(*) FROM events")).scalar_one())
    engine.dispose()
    return count


def _files(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "rows.csv"
    data.write_text(ROWS, encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return data, article


def _command(kind: str, db: Path, data: Path, article: Path, out: str) -> list[str]:
    url = f"sqlite:///{db}"
    if kind == "export":
        return ["export", "--format", "jsonl", "-o", out, "--db", url]
    if kind == "ingest":
        return ["ingest", str(data), "--skip-bad", "--rejects", out, "--db", url]
    return ["extract", str(article), "--date", "2017-01-25", "-o", out]


# (case, how the destination is made from (tmp_path, store, data file, article), message)
Target = Callable[[Path, Path, Path, Path], str]
REFUSED: list[tuple[str, Target, str]] = [
    ("the store", lambda t, db, d, a: str(db), "refusing to write over the store"),
    ("the store's -wal", lambda t, db, d, a: f"{db}-wal", "refusing to write over the store"),
    ("the store's -journal", lambda t, db, d, a: f"{db}-journal", "over the store"),
    ("a directory", lambda t, db, d, a: str(t), "is a directory"),
    ("/dev/full", lambda t, db, d, a: "/dev/full", "is not a regular file"),
    ("a missing folder", lambda t, db, d, a: str(t / "no" / "x.csv"), "does not exist"),
]


def _fifo(t: Path, db: Path, d: Path, a: Path) -> str:
    os.mkfifo(t / "pipe")
    return str(t / "pipe")


def _dev_null(t: Path, db: Path, d: Path, a: Path) -> str:
    if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        pytest.skip("this machine's /dev/null is not a device (something replaced it)")
    return "/dev/null"


def _symlink_to_store(t: Path, db: Path, d: Path, a: Path) -> str:
    link = t / "innocent.csv"
    link.symlink_to(db)
    return str(link)


REFUSED += [
    ("a symlink to the store", _symlink_to_store, "refusing to write over the store"),
    ("a named pipe", _fifo, "is not a regular file"),
    ("/dev/null", _dev_null, "is not a regular file"),
]


@pytest.mark.parametrize("kind", ["export", "ingest", "extract"])
@pytest.mark.parametrize(("case", "target", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_output_refused_leaves_everything_as_it_was(
    kind: str, case: str, target: Target, message: str, sqlite_store: Path, tmp_path: Path
) -> None:
    data, article = _files(tmp_path)
    before = sqlite_store.read_bytes()
    dest = target(tmp_path, sqlite_store, data, article)
    code, out = run(*_command(kind, sqlite_store, data, article, dest))
    assert (code, message in out, "Traceback" in out) == (1, True, False), out
    assert sqlite_store.read_bytes() == before
    assert _stored(sqlite_store) == 0
    assert data.read_text(encoding="utf-8") == ROWS
    assert article.read_text(encoding="utf-8") == ARTICLE
    assert not Path(f"{sqlite_store}-journal").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    if case == "/dev/null":
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("kind", ["ingest", "extract"])
def test_output_over_the_input_is_refused(kind: str, sqlite_store: Path, tmp_path: Path) -> None:
    data, article = _files(tmp_path)
    dest = str(data if kind == "ingest" else article)
    code, out = run(*_command(kind, sqlite_store, data, article, dest))
    assert (code, "refusing to write over an input file" in out) == (1, True), out
    assert data.read_text(encoding="utf-8") == ROWS
    assert article.read_text(encoding="utf-8") == ARTICLE
    assert _stored(sqlite_store) == 0


def test_rejects_over_another_input_of_the_same_run_is_refused(
    sqlite_store: Path, tmp_path: Path
) -> None:
    data, _ = _files(tmp_path)
    other = tmp_path / "rows.csv.rejects.csv"
    other.write_text(ROWS.replace("SYR", "LBN"), encoding="utf-8")
    code, out = run("ingest", str(other), str(data), "--skip-bad", "--db",
                    f"sqlite:///{sqlite_store}")  # fmt: skip
    assert code == 1, out
    assert "refusing to write over an input file" in out
    assert other.read_text(encoding="utf-8") == ROWS.replace("SYR", "LBN")


@pytest.mark.parametrize("kind", ["export", "ingest", "extract"])
@pytest.mark.parametrize(("force", "replaced"), [(False, False), (True, True)])
def test_existing_file_replaced_only_with_force(
    kind: str, force: bool, replaced: bool, sqlite_store: Path, tmp_path: Path
) -> None:
    data, article = _files(tmp_path)
    dest = tmp_path / "out.txt"
    dest.write_text("keep me\n", encoding="utf-8")
    dest.chmod(0o640)
    args = _command(kind, sqlite_store, data, article, str(dest)) + ["--force"] * force
    code, out = run(*args)
    assert code == (0 if replaced else 1), out
    assert (dest.read_text(encoding="utf-8") == "keep me\n") is not replaced
    assert stat.S_IMODE(dest.stat().st_mode) == 0o640
    if not replaced:
        assert "already exists" in out and "--force" in out


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
@pytest.mark.parametrize("kind", ["export", "ingest", "extract"])
def test_new_file_follows_the_umask(
    kind: str, umask: int, sqlite_store: Path, tmp_path: Path
) -> None:
    data, article = _files(tmp_path)
    dest = tmp_path / "new.out"
    old = os.umask(umask)
    try:
        code, out = run(*_command(kind, sqlite_store, data, article, str(dest)))
    finally:
        os.umask(old)
    assert code == 0, out
    assert stat.S_IMODE(dest.stat().st_mode) == 0o666 & ~umask


def test_default_rejects_file_is_replaced_on_each_run(sqlite_store: Path, tmp_path: Path) -> None:
    data, _ = _files(tmp_path)
    default = tmp_path / "rows.csv.rejects.csv"
    default.write_text("old\n", encoding="utf-8")
    code, out = run("ingest", str(data), "--skip-bad", "--db", f"sqlite:///{sqlite_store}")
    assert code == 0, out
    assert default.read_text(encoding="utf-8").splitlines()[0] == "line,field,reason,row"


def test_one_rejects_file_for_several_inputs_is_refused(sqlite_store: Path, tmp_path: Path) -> None:
    data, _ = _files(tmp_path)
    code, out = run("ingest", str(data), str(data), "--skip-bad", "--rejects",
                    str(tmp_path / "r.csv"), "--db", f"sqlite:///{sqlite_store}")  # fmt: skip
    assert code == 2
    assert "--rejects" in out
    assert _stored(sqlite_store) == 0


def test_symlink_to_a_file_with_force_replaces_the_file_and_keeps_the_link(
    sqlite_store: Path, tmp_path: Path
) -> None:
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    code, out = run("export", "--format", "jsonl", "-o", str(link), "--force", "--db",
                    f"sqlite:///{sqlite_store}")  # fmt: skip
    assert code == 0, out
    assert link.is_symlink() and real.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize("kind", ["export", "extract"])
def test_dash_is_standard_output(
    kind: str, sqlite_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, article = _files(tmp_path)
    run("ingest", str(data), "--skip-bad", "--db", f"sqlite:///{sqlite_store}")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, _command(kind, sqlite_store, data, article, "-"))
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    if kind == "export":
        assert [json.loads(line)["event_id_cnty"] for line in result.stdout.splitlines()] == [
            "SYR1"
        ]
        assert "Wrote 1 events to standard output" in result.stderr
    else:
        assert result.stdout.startswith("event_id_cnty,")


def test_export_store_case_on_any_store(db_url: str, tmp_path: Path) -> None:
    """On PostgreSQL too: a refused output stores, writes and removes nothing."""
    assert run("init", "--db", db_url)[0] == 0
    dest = tmp_path / "exists.csv"
    dest.write_text("keep\n", encoding="utf-8")
    for target, message in ((dest, "already exists"), (tmp_path, "is a directory")):
        code, out = run("export", "-o", str(target), "--db", db_url)
        assert (code, message in out) == (1, True), out
    assert dest.read_text(encoding="utf-8") == "keep\n"


def _report_target(case: str, tmp_path: Path, db: Path) -> Path:
    target = tmp_path / "report.html"
    if case == "a symlink to the store":
        target.symlink_to(db)
    elif case == "a directory":
        target.mkdir()
    elif case == "a named pipe":
        os.mkfifo(target)
    else:
        target.write_text("keep me\n", encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("a symlink to the store", "refusing to write over the store"),
        ("a directory", "is a directory"),
        ("a named pipe", "is not a regular file"),
        ("an existing file", "already exists"),
    ],
)
def test_report_output_goes_through_the_same_checks(
    case: str, message: str, sqlite_store: Path, tmp_path: Path
) -> None:
    from ceasefire.scenarios import scenario_dir

    url = f"sqlite:///{sqlite_store}"
    assert run("agreement", "load", str(scenario_dir("astana-2017") / "agreement.yaml"),
               "--db", url)[0] == 0  # fmt: skip
    before = sqlite_store.read_bytes()
    target = _report_target(case, tmp_path, sqlite_store)
    code, out = run("report", "--agreement", "astana-2017", "--from", "2017-01-01", "--to",
                    "2017-01-31", "-o", str(target), "--db", url)  # fmt: skip
    assert (code, message in " ".join(out.split())) == (1, True), out
    assert sqlite_store.read_bytes() == before
    if case == "an existing file":
        assert target.read_text(encoding="utf-8") == "keep me\n"
