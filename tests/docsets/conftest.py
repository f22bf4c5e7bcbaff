"""Real botocore models for the docset tests (skipped where botocore is not installed)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from tui.docsets.model import ServiceModel


@cache
def _load(name: str) -> Any:
    loaders = pytest.importorskip("botocore.loaders")
    return loaders.Loader().load_service_model(name, "service-2")


@pytest.fixture
def service() -> Callable[[str], ServiceModel]:
    """A service's model as botocore ships it (`service("kms")`)."""

    def make(name: str) -> ServiceModel:
        return ServiceModel(name, _load(name))

    return make
