"""The wheel is the product: built from this tree, installed into a fresh virtual environment,
served by its own `tts-service serve`, it has the demo page, the player, the API document and
the audio."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import requests
import rjsmin
from support import PUBLISHER_HEADERS, ffmpeg_decode, serving
from waiting import DEADLINE, HTTP_TIMEOUT

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Harbor Bridge reopens\n\nThe bridge reopened on Monday. Traffic was heavy by seven."


def run(*command: str | Path) -> str:
    """Run a command outside this tree (``python -c`` would import the package from the cwd)."""
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          timeout=DEADLINE, check=False, cwd=Path(sys.executable).anchor)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def build_wheel(tmp_path: Path) -> Path:
    """Build from a copy of what the project ships, so no build files land in the tree."""
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("tts_service", "static"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", tmp_path / "dist", source)
    (wheel,) = (tmp_path / "dist").glob("tts_service-*.whl")
    return wheel


def install_into_fresh_venv(wheel: Path, venv: Path) -> Path:
    """A new venv holding only the wheel; its dependencies are seen through a .pth file pointing
    at this test run's site-packages (nothing is downloaded)."""
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel)
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin" / "tts-service"


def test_the_installed_wheel_serves_the_page_the_player_and_audio(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as opened:
        (metadata,) = (name for name in opened.namelist() if name.endswith(".dist-info/METADATA"))
        requires = [line for line in opened.read(metadata).decode().splitlines()
                    if line.startswith("Requires-Dist: ")]
    assert any(line.startswith("Requires-Dist: rjsmin") for line in requires), requires
    exe = install_into_fresh_venv(wheel, tmp_path / "venv")
    python = exe.with_name("python")
    package = run(python, "-c", "import tts_service; print(tts_service.__file__)")
    assert package.startswith(str(tmp_path / "venv")), package  # the wheel, not this tree

    with serving(exe, tmp_path / "cache", tmp_path / "server.log") as base:
        page = requests.get(base + "/", timeout=HTTP_TIMEOUT)
        assert page.status_code == 200 and "data-tts-source" in page.text
        for name in ("player.js", "player-words.js", "player.css", "player-i18n.js", "lang/de.js"):
            served = requests.get(f"{base}/static/{name}", timeout=HTTP_TIMEOUT)
            assert served.status_code == 200, name
            on_disk = (ROOT / "static" / name).read_bytes()
            if name.endswith(".js"):  # sent minified (by rjsmin, a dependency of the wheel)
                on_disk = rjsmin.jsmin(on_disk, keep_bang_comments=True)
            assert served.content == on_disk, name
        fragments = (ROOT / "tts_service" / "web" / "openapi").glob("*.json")
        described = {path for fragment in fragments for path in json.loads(fragment.read_text()).get("paths", {})}
        assert set(requests.get(base + "/openapi.json", timeout=HTTP_TIMEOUT).json()["paths"]) == described
        assert requests.get(base + "/docs", timeout=HTTP_TIMEOUT).status_code == 200
        created = requests.post(base + "/api/articles", json={"text": TEXT},
                                headers=PUBLISHER_HEADERS, timeout=HTTP_TIMEOUT)
        assert created.status_code == 201, created.text
        mp3 = requests.get(base + created.json()["audio_url"], timeout=120)
        assert mp3.status_code == 200 and mp3.headers["Content-Type"] == "audio/mpeg"
        decoded = ffmpeg_decode(mp3.content, 22050)
        assert decoded.errors == "" and decoded.seconds > 3
