"""The type stubs and docstrings that editors and help() show match what the
package really has."""

import ast
import inspect
from pathlib import Path

import storyline
from storyline import _native

PACKAGE = Path(storyline.__file__).parent


def stub_names():
    tree = ast.parse((PACKAGE / "_native.pyi").read_text(encoding="utf-8"))
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    return funcs, classes


def test_stubs_and_marker_are_installed_with_the_package():
    assert (PACKAGE / "_native.pyi").is_file()
    assert (PACKAGE / "py.typed").is_file()


def test_native_stubs_name_every_function_with_its_parameters():
    funcs, classes = stub_names()
    public = {n for n in dir(_native) if not n.startswith("_")} - {"SCHEMA"}
    assert public == set(funcs) | set(classes)
    for name, node in funcs.items():
        stub_params = [a.arg for a in node.args.args]
        real = list(inspect.signature(getattr(_native, name)).parameters)
        assert stub_params == real, name
    methods = {
        n.name: [a.arg for a in n.args.args][1:]
        for n in classes["Store"].body
        if isinstance(n, ast.FunctionDef) and not n.name.startswith("__")
        and not n.decorator_list
    }
    for name, params in methods.items():
        real = list(inspect.signature(getattr(_native.Store, name)).parameters)[1:]  # self
        assert params == real, name


def test_the_api_has_the_signatures_and_help_the_issue_asks_for():
    params = inspect.signature(storyline.digest).parameters
    assert list(params)[:4] == ["articles", "words", "lang", "stream"]
    assert params["words"].default == 100 and params["lang"].default == "auto"
    assert params["stream"].default is False
    assert list(inspect.signature(storyline.extract).parameters)[:2] == ["text", "published"]
    for name in storyline.__all__:
        obj = getattr(storyline, name)
        if callable(obj):
            assert obj.__doc__ and len(obj.__doc__) > 40, name
    for method in ("stories_frame", "copies_frame", "quotes_frame"):
        assert "pandas" in getattr(storyline.Report, method).__doc__
    assert "diagnostics" in storyline.digest.__doc__
    assert storyline.__doc__ and "json-schema" in storyline.__doc__
