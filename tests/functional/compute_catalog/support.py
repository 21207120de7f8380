"""Helpers the compute catalog tests share; raw HTTP and fault checks are in
tests/support/compute_http.py."""
from __future__ import annotations

import uuid

from tests.support.compute_http import Compute, fault  # noqa: F401  (re-exported)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
