"""Shared test set-up: Hypothesis profiles, and every test gets its own cache and data folders."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tui.i18n import set_language

# Hypothesis profiles, chosen with HYPOTHESIS_PROFILE (CI sets `ci`, see .ci/run; "dev" is the
# default elsewhere). Neither has a deadline nor the too_slow health check: both are measured
# on the clock, which a busy machine stretches, and timings are the benchmark's (bench/).
_UNTIMED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci",
    _UNTIMED,
    # The same examples on every run (derived from each test), and no example database: a
    # failure in CI is one anybody can reproduce with HYPOTHESIS_PROFILE=ci.
    derandomize=True,
    database=None,
    print_blob=True,
)
settings.register_profile(
    "dev",
    _UNTIMED,
    # New random examples on every run; failures are kept in .hypothesis/ and tried first.
    print_blob=True,
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Keep the index cache, bookmarks, history and config file of tests from the user's own."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.delenv("KUMONOTE_CONFIG", raising=False)
    monkeypatch.setenv("KUMONOTE_DATA_DIR", str(base / "data" / "kumonote"))
    yield


@pytest.fixture(autouse=True)
def _interface_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests speak Japanese (the app's first language) unless they choose: in this process
    through `set_language`, in the programs they start through `KUMONOTE_LANG`."""
    monkeypatch.setenv("KUMONOTE_LANG", "ja")
    set_language("ja")
    yield
    set_language("ja")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English instead, here and in the programs a test starts (the command line's tests)."""
    monkeypatch.setenv("KUMONOTE_LANG", "en")
    set_language("en")
    yield
    set_language("ja")


@pytest.fixture
def repo_root() -> Path:
    """The top of the source tree."""
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder of a reference of sagemaker-runtime and sqs (skipped without botocore)."""
    pytest.importorskip("botocore")
    from tui.docsets.build import build_aws

    data = tmp_path_factory.mktemp("reference-data")
    build_aws(["sagemaker-runtime", "sqs"], root=data / "docsets")
    return data


@pytest.fixture
def reference_data(
    built_reference: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A copy of the reference in this test's data folder (KUMONOTE_DATA_DIR)."""
    data = tmp_path / "data"
    shutil.copytree(built_reference, data)
    monkeypatch.setenv("KUMONOTE_DATA_DIR", str(data))
    yield data
