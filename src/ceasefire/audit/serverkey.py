"""The server's own Ed25519 key, which signs checkpoints of the audit log.

Where it lives: the ``CEASEFIRE_SERVER_KEY`` setting, by default ``server-key.pem`` in the
data folder (``$XDG_DATA_HOME/ceasefire`` or ``~/.local/share/ceasefire``). It is made on
first use with mode 0600 in a folder of mode 0700. Every process of one server (CLI and API
workers) must read the same file: a checkpoint names the key that signed it, and one signed by
another key is refused. Back the file up; if it is lost, members' checkpoints can no longer be
checked against this server (see docs/audit.md, key rotation).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from ceasefire.audit import crypto
from ceasefire.errors import ConfigError
from ceasefire.settings import Settings

KEY_NAME = "server-key.pem"


def server_key_path() -> Path:
    """The key file the settings name, read afresh (tests and workers set the environment)."""
    configured = Settings().server_key.strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ceasefire" / KEY_NAME


def load_server_key(path: Path | None = None) -> crypto.PrivateKey:
    """The server's key, made (0600, atomically, never over another) when the file is absent."""
    path = path or server_key_path()
    if not path.exists():
        _create(path)
    return crypto.read_private(path, option="CEASEFIRE_SERVER_KEY")


def _create(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(
            f"cannot make the server key {path}: {exc.strerror}",
            hint="Set CEASEFIRE_SERVER_KEY to a writable path.",
        ) from exc
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:  # mkstemp makes it 0600
            fh.write(crypto.private_pem(crypto.generate()))
        with suppress(FileExistsError):  # another process made it first: keep theirs
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
