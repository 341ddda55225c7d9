"""One exception tree: every error `etl` raises on purpose is a `CoopError`, declared in
`etl.errors`, so the edges (CLI, dashboard) turn each into words the same way."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import etl
from etl import errors


def test_every_exception_class_of_the_package_is_in_the_tree() -> None:
    found = {}
    for info in pkgutil.walk_packages(etl.__path__, "etl."):
        if info.name == "etl.__main__":
            continue  # runs the command line
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            is_error = inspect.isclass(value) and issubclass(value, BaseException)
            if is_error and value.__module__.startswith("etl"):
                found[value.__qualname__] = value
    assert "UserError" in found  # etl.users raises it
    for name, cls in found.items():
        assert issubclass(cls, errors.CoopError), name
        assert cls.__module__ == "etl.errors", f"{name} is declared in {cls.__module__}"
