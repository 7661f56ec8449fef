"""The install scripts (issue 17) with stand-in tools on PATH: ensure_env.sh names a Python too old
or without its venv module in Vietnamese and rebuilds a .venv left without pip;
install_system_deps.sh takes any working soffice and never asks apt for libreoffice-impress
beside Debian's -nogui packages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("bash", "env", "sed", "grep", "cat", "cut", "sha256sum", "rm", "tee", "tail", "dirname", "timeout", "mkdir")


def bin_dir(tmp_path: Path, fakes: dict[str, str]) -> Path:
    """A PATH folder with the basic tools the scripts call and the given stand-ins (bash bodies)."""
    d = tmp_path / "bin"
    d.mkdir(exist_ok=True)
    for tool in TOOLS:
        real = shutil.which(tool)
        if real and not (d / tool).exists():
            (d / tool).symlink_to(real)
    for name, body in fakes.items():
        (d / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
        (d / name).chmod(0o755)
    return d


def run(script: Path, path: Path, cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [shutil.which("bash"), str(script), *args],
        cwd=cwd,
        env={"PATH": str(path), "HOME": str(cwd), **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def project_copy(tmp_path: Path, requirements: str = "# none\n") -> Path:
    """A folder shaped like the project, enough for scripts/ensure_env.sh."""
    p = tmp_path / "proj"
    (p / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "ensure_env.sh", p / "scripts" / "ensure_env.sh")
    (p / "requirements.txt").write_text(requirements)
    (p / "requirements-dev.txt").write_text("-r requirements.txt\n")
    return p


def fake_python(version: str, ensurepip: bool = True) -> str:
    return (
        'case "$*" in\n'
        f'  *version_info*) echo "{version}" ;;\n'
        f"  *ensurepip*) exit {0 if ensurepip else 1} ;;\n"
        "  *) exit 3 ;;\n"
        "esac"
    )


def test_python_too_old_is_named_in_vietnamese(tmp_path):
    proj = project_copy(tmp_path)
    res = run(proj / "scripts" / "ensure_env.sh", bin_dir(tmp_path, {"python3": fake_python("3.10")}), proj)
    assert res.returncode == 1
    assert "cần Python 3.11 trở lên" in res.stderr and "python3 (3.10)" in res.stderr
    assert not (proj / ".venv").exists()


def test_missing_venv_module_says_which_package(tmp_path):
    proj = project_copy(tmp_path)
    res = run(
        proj / "scripts" / "ensure_env.sh", bin_dir(tmp_path, {"python3": fake_python("3.11", ensurepip=False)}), proj
    )
    assert res.returncode == 1
    assert "thiếu mô-đun venv" in res.stderr and "python3-venv" in res.stderr
    assert not (proj / ".venv").exists()


@pytest.mark.skipif(sys.version_info < (3, 11), reason="needs the Python 3.11 this suite runs on")
def test_a_venv_without_pip_is_rebuilt(tmp_path):
    proj = project_copy(tmp_path)
    python = Path(sys._base_executable if hasattr(sys, "_base_executable") else sys.executable)
    subprocess.run([str(python), "-m", "venv", "--without-pip", str(proj / ".venv")], check=True)
    assert subprocess.run([str(proj / ".venv/bin/python"), "-m", "pip", "--version"], capture_output=True).returncode
    path = bin_dir(tmp_path, {})
    (path / "python3").symlink_to(python)
    res = run(proj / "scripts" / "ensure_env.sh", path, proj, "--dev")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "bị hỏng" in res.stdout and "Tạo môi trường .venv" in res.stdout
    assert "Cài các gói để chạy ứng dụng" in res.stdout and "Cài công cụ kiểm thử" in res.stdout
    pip = subprocess.run([str(proj / ".venv/bin/python"), "-m", "pip", "--version"], capture_output=True)
    assert pip.returncode == 0
    again = run(proj / "scripts" / "ensure_env.sh", path, proj, "--dev")
    assert again.returncode == 0 and again.stdout == ""  # nothing changed: nothing to do, nothing said


# ------------------------------------------------------------------------------------------------
# install_system_deps.sh
# ------------------------------------------------------------------------------------------------
def dpkg(installed: list[str]) -> str:
    """dpkg-query stand-in: `-W -f=... NAME` answers for NAME; a pattern lists every package."""
    lines = "\n".join(f"{p} install ok installed" for p in installed)
    return (
        'pkg="${@: -1}"\n'
        f"all='{lines}'\n"
        'if [[ $pkg == *"*"* ]]; then echo "$all"; exit 0; fi\n'
        'if grep -qx "$pkg install ok installed" <<<"$all"; then echo -n "install ok installed"; exit 0; fi\n'
        "exit 1"
    )


BASE = ["poppler-utils", "fonts-liberation", "fonts-dejavu-core", "chromium"]
SOFFICE = 'echo "LibreOffice 7.4.7.2 40(Build:2)"'


def system_deps(tmp_path, fakes: dict[str, str]) -> subprocess.CompletedProcess:
    fakes = {"apt-get": "echo apt-get must not run in a dry run; exit 9", **fakes}
    return run(
        ROOT / "scripts" / "install_system_deps.sh", bin_dir(tmp_path, fakes), tmp_path, env={"LLW_DRY_RUN": "1"}
    )


def apt_installs(res) -> list[str]:
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("+ apt-get install")]
    return lines[0].split("--no-install-recommends")[1].split() if lines else []


def test_a_working_soffice_from_nogui_packages_is_enough(tmp_path):
    nogui = [
        "libreoffice-core-nogui",
        "libreoffice-impress-nogui",
        "libreoffice-draw-nogui",
        "libreoffice-writer-nogui",
    ]
    res = system_deps(tmp_path, {"dpkg-query": dpkg(BASE + nogui), "soffice": SOFFICE})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "LibreOffice có sẵn" in res.stdout and "+ apt-get" not in res.stdout


def test_nogui_packages_without_a_working_soffice_get_the_nogui_impress(tmp_path):
    res = system_deps(tmp_path, {"dpkg-query": dpkg(BASE + ["libreoffice-core-nogui"])})
    assert res.returncode == 0, res.stdout + res.stderr
    assert sorted(apt_installs(res)) == ["libreoffice-impress-nogui", "libreoffice-writer-nogui"]


def test_a_bare_machine_gets_what_is_missing(tmp_path):
    res = system_deps(tmp_path, {"dpkg-query": dpkg([])})
    assert res.returncode == 0, res.stdout + res.stderr
    assert sorted(apt_installs(res)) == sorted(BASE + ["libreoffice-impress", "libreoffice-writer"])


def test_a_working_soffice_without_writer_gets_writer_for_doc_reports(tmp_path):
    res = system_deps(tmp_path, {"dpkg-query": dpkg(BASE + ["libreoffice-impress"]), "soffice": SOFFICE})
    assert res.returncode == 0, res.stdout + res.stderr
    assert apt_installs(res) == ["libreoffice-writer"]


def test_nothing_missing_runs_no_apt(tmp_path):
    res = system_deps(tmp_path, {"dpkg-query": dpkg(BASE + ["libreoffice-writer"]), "soffice": SOFFICE})
    assert res.returncode == 0 and "Đã đủ gói hệ thống" in res.stdout and "+ apt-get" not in res.stdout
