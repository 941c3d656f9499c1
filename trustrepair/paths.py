"""Where trustrepair keeps its files: one module, overridable for tests and portable use.

Order of precedence: an explicit ``--data-dir``, then ``TRUSTREPAIR_DATA_DIR``, then the
platform's user data directory (platformdirs).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "trustrepair"
ENV_DATA_DIR = "TRUSTREPAIR_DATA_DIR"

_override: Path | None = None


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Use ``path`` as the data dir for this process (``None`` restores the default)."""
    global _override
    _override = Path(path).expanduser().resolve() if path is not None else None


def data_dir() -> Path:
    """Return the data dir, creating it (private to this user) if it is missing."""
    path = data_dir_path()
    _ensure_private_dir(path)
    return path


def data_dir_path() -> Path:
    """Where the data dir is, without making it."""
    if _override is not None:
        return _override
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR]).expanduser().resolve()
    import platformdirs  # only here: with an override, start-up need not import it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def profiles_dir() -> Path:
    """Folder holding one sub-folder per profile (vault)."""
    path = data_dir() / "profiles"
    _ensure_private_dir(path)
    return path


def user_exercises_dir() -> Path:
    """Folder for exercises a person or counsellor adds; validated like the shipped ones.

    Made if missing; in a data folder that cannot be written it may not exist.
    """
    path = data_dir() / "exercises"
    with contextlib.suppress(OSError):  # a data folder that cannot be written has none yet
        path.mkdir(mode=0o700, exist_ok=True)
    return path


def user_templates_dir() -> Path:
    """Folder for summary templates a counsellor adds (rendered in a sandbox)."""
    return data_dir() / "templates"


def settings_file() -> Path:
    """Non-secret app settings (window geometry, last profile name)."""
    return data_dir() / "settings.json"


def _ensure_private_dir(path: Path) -> None:
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        from trustrepair.errors import StorageError, write_failure
        from trustrepair.i18n import tr

        raise StorageError(
            tr(
                "The data folder {path} cannot be created or used: {reason}. Choose another "
                "folder with --data-dir."
            ).format(path=path, reason=write_failure(exc))
        ) from None
    with contextlib.suppress(OSError):  # e.g. a folder owned by someone else
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            # Others lose access; the owner's own bits stay (a folder made read-only stays so).
            path.chmod(mode & 0o700)
