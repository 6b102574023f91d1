"""The locked dependencies agree with pyproject.toml and are what this environment runs.

``requirements/production.txt`` (what the Docker image installs) and
``requirements/test.txt`` (what ``bin/test``, ``bin/demo`` and CI install) are made from
pyproject.toml by ``uv pip compile`` (README, "Dependencies"). A requirement changed in
pyproject.toml without running it again, or an environment installed some other way, fails
here instead of resolving different versions on different machines.
"""

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def locked(name: str) -> dict[str, str]:
    """``{package: version}`` pinned in ``requirements/<name>.txt`` for this platform."""
    pins = {}
    for line in (ROOT / "requirements" / f"{name}.txt").read_text().splitlines():
        if not line or line.startswith((" ", "#", "-")):
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            [specifier] = requirement.specifier
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def declared(*extras: str) -> list[Requirement]:
    requirements = [Requirement(text) for text in PYPROJECT["dependencies"]]
    for extra in extras:
        requirements += [Requirement(text) for text in PYPROJECT["optional-dependencies"][extra]]
    return [r for r in requirements if r.marker is None or r.marker.evaluate()]


@pytest.mark.smoke
@pytest.mark.parametrize(("lock", "extras"), [("production", ("s3",)), ("test", ("s3", "test"))])
def test_each_lock_satisfies_every_requirement_of_pyproject(lock, extras):
    pins = locked(lock)
    unsatisfied = {
        str(requirement): pins.get(canonicalize_name(requirement.name), "missing")
        for requirement in declared(*extras)
        if pins.get(canonicalize_name(requirement.name)) not in requirement.specifier
    }
    assert unsatisfied == {}, "run the uv pip compile commands in the README"


@pytest.mark.smoke
def test_the_test_lock_pins_production_packages_at_the_production_versions():
    production, test = locked("production"), locked("test")
    assert {name: test.get(name) for name in production} == production


@pytest.mark.smoke
def test_this_environment_runs_the_locked_versions():
    installed = {}
    for name in locked("test"):
        try:
            installed[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed[name] = "missing"
    assert installed == locked("test")
