"""The user documentation: README.md stays short, docs/commands.md names every CLI command, the
README's commands run on the bundled examples, and relative links resolve."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import click

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
DOCS = REPO / "docs"


def _leaf_commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _leaf_commands(command, (*path, name))
        else:
            yield (*path, name)


def _command_lines(markdown: str) -> list[str]:
    """Lines of ```bash and ```sh fenced blocks that run dyadwatch, in order."""
    lines, in_shell = [], False
    for line in markdown.splitlines():
        fence = line.strip()
        if fence.startswith("```"):
            in_shell = not in_shell and fence[3:].strip() in ("bash", "sh")
            continue
        if in_shell and re.match(r"^(echo .*\| )?dyadwatch ", line):
            lines.append(line)
    return lines


def test_readme_is_at_most_300_lines() -> None:
    n = len(README.read_text(encoding="utf-8").splitlines())
    assert n <= 300, f"README.md has {n} lines; move detail into docs/"


def test_every_cli_command_is_in_docs() -> None:
    from dyadwatch.cli.main import main

    assert isinstance(main, click.Group)
    commands = (DOCS / "commands.md").read_text(encoding="utf-8")
    leaves = list(_leaf_commands(main))
    assert ("events", "list") in leaves and ("actors", "resolve") in leaves
    missing = [" ".join(p) for p in leaves if f"dyadwatch {' '.join(p)}" not in commands]
    assert not missing, f"docs/commands.md does not show: {missing}"


def test_readme_commands_run(tmp_path: Path) -> None:
    """Every dyadwatch line of the README's shell blocks, run in order by bash in a folder where
    `examples` is the repository's examples/ (so `run` builds the database the others read);
    `serve` must answer its first page."""
    lines = _command_lines(README.read_text(encoding="utf-8"))
    assert any(line.startswith("dyadwatch run ") for line in lines)
    (tmp_path / "examples").symlink_to(REPO / "examples", target_is_directory=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for line in lines:
        if line.startswith("dyadwatch serve"):
            _check_serve(shlex.split(line, comments=True), tmp_path, env)
            continue
        result = subprocess.run(["bash", "-c", line], cwd=tmp_path, capture_output=True,
                                text=True, timeout=300, check=False, env=env)
        assert result.returncode == 0, (
            f"README line failed ({result.returncode}): {line}\n{result.stdout[-2000:]}"
            f"\n{result.stderr[-2000:]}")


def _check_serve(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([*args, "--port", str(port)], cwd=cwd, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert page.status == 200 and b"dyadwatch" in page.read()
                    return
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "dyadwatch serve did not answer in 60 s"
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=20)


LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_docs_links_resolve() -> None:
    pages = [README, *sorted(DOCS.glob("*.md"))]
    assert len(pages) >= 8
    broken = []
    for page in pages:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue  # http(s), mailto: and links within the page
            path = target.split("#", 1)[0]
            if not (page.parent / path).exists():
                broken.append(f"{page.relative_to(REPO)}: {target}")
    assert not broken, broken
