"""Where and on what a run happened: machine, package versions, commit, peak memory."""

from __future__ import annotations

import os
import platform
import re
import resource
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = ("torch", "sentence-transformers", "transformers", "chromadb", "langchain-core", "langchain-openai",
            "langchain-chroma", "langchain-text-splitters", "langchain-huggingface", "bm25s", "numpy",
            "xllamacpp", "gradio", "matplotlib")


def machine_info() -> dict:
    """CPU, memory, OS and Python of this machine."""
    return {"platform": platform.platform(), "machine": platform.machine(), "processor": _cpu_model(),
            "cpu_count": os.cpu_count(), "memory_gib": _memory_gib(), "python": platform.python_version(),
            "load_average": load_average()}


def load_average() -> list[float] | None:
    """The 1, 5 and 15-minute load averages: other work on the machine slows every timing."""
    try:
        return [round(load, 2) for load in os.getloadavg()]
    except OSError:
        return None


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Installed version of each package (None when it is not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_commit(folder: Path) -> str | None:
    """The commit checked out in the folder, or None outside a git work tree."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True,
                              timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def reset_peak_memory() -> float:
    """Reset the process's peak resident memory where Linux allows it; returns the current one in MiB."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # the peak then counts from the process start
    return _status_mib("VmRSS") or 0.0


def peak_memory_mib() -> float:
    """Peak resident memory of this process since the last reset, in MiB."""
    # ru_maxrss (KiB on Linux) cannot be reset: the fallback is the peak since the process started.
    return _status_mib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_use(start_mib: float) -> dict:
    """The peak since a reset and its growth over the resident memory at that reset, in MiB."""
    peak = peak_memory_mib()
    return {"peak_rss_mib": round(peak, 1), "rss_growth_mib": round(max(0.0, peak - start_mib), 1)}


def _status_mib(field: str) -> float | None:
    try:
        found = re.search(rf"{field}:\s+(\d+)", Path("/proc/self/status").read_text())
    except OSError:
        return None
    return int(found.group(1)) / 1024 if found else None


def _cpu_model() -> str:
    try:
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    except OSError:
        found = None
    return found.group(1).strip() if found else platform.processor()


def _memory_gib() -> float | None:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):
        return None
