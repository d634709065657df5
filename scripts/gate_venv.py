"""The checks' Python packages: run the calling script under .gate/venv, with its pinned
packages installed there, when this Python lacks them. Shared by docx-check.py and data-check.py."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent.parent / ".gate" / "venv"


def require(modules, pins):
    """Return when every module of `modules` imports; otherwise install `pins` into .gate/venv
    and run the calling script again under the venv's Python (never returns then)."""
    if all(importlib.util.find_spec(m) is not None for m in modules):
        return
    venv_python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        sys.exit(f"FAIL {', '.join(modules)} missing from .gate/venv")
    if not venv_python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [str(VENV / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", *pins],
        check=True,
    )
    os.execv(str(venv_python), [str(venv_python), *sys.argv])
