"""Configuration from the environment: typed values, clear errors, and the documented table."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from koers.env import REGISTRY, ConfigError, config, markdown_table

INSTALLATION_DOC = Path(__file__).resolve().parent.parent / "docs" / "installation.md"
START, END = "<!-- envdoc:start -->", "<!-- envdoc:end -->"


@pytest.fixture
def registry():
    """Variables declared in a test leave the registry as it was."""
    saved = dict(REGISTRY)
    yield REGISTRY
    REGISTRY.clear()
    REGISTRY.update(saved)


# Casting ---------------------------------------------------------------------------------------


def test_an_unset_variable_gives_its_default(registry, monkeypatch):
    monkeypatch.delenv("KOERS_TEST_VALUE", raising=False)
    assert config("KOERS_TEST_VALUE", 7, doc="A number.") == 7


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("on", True),
        ("ja", True),
        ("false", False),
        ("0", False),
        ("no", False),
        ("off", False),
        ("nee", False),
        ("", False),
        (" true ", True),
    ],
)
def test_booleans_are_read_in_the_usual_spellings(registry, monkeypatch, raw, expected):
    monkeypatch.setenv("KOERS_TEST_FLAG", raw)
    assert config("KOERS_TEST_FLAG", not expected, doc="A flag.") is expected


def test_integers_are_read_as_numbers(registry, monkeypatch):
    monkeypatch.setenv("KOERS_TEST_PORT", "2525")
    assert config("KOERS_TEST_PORT", 25, doc="A port.") == 2525


def test_lists_are_comma_separated_and_trimmed(registry, monkeypatch):
    monkeypatch.setenv("KOERS_TEST_HOSTS", " koers.example.nl, ,www.koers.example.nl ,")
    assert config("KOERS_TEST_HOSTS", ["localhost"], doc="Hosts.") == [
        "koers.example.nl",
        "www.koers.example.nl",
    ]


def test_paths_are_paths_with_the_home_directory_expanded(registry, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("KOERS_TEST_DIR", "~/koers-data")
    value = config("KOERS_TEST_DIR", Path("var"), doc="A directory.")
    assert value == tmp_path / "koers-data"
    assert isinstance(value, Path)


def test_text_is_kept_as_it_is(registry, monkeypatch):
    monkeypatch.setenv("KOERS_TEST_NAME", "Inloggen met Gemeente X")
    assert config("KOERS_TEST_NAME", "", doc="A label.") == "Inloggen met Gemeente X"


def test_a_variable_without_default_is_cast_as_declared(registry, monkeypatch):
    monkeypatch.setenv("KOERS_TEST_OPTIONAL", "3")
    assert config("KOERS_TEST_OPTIONAL", None, doc="Optional.", cast=int) == 3
    monkeypatch.delenv("KOERS_TEST_OPTIONAL")
    assert config("KOERS_TEST_OPTIONAL", None, doc="Optional.", cast=int) is None


@pytest.mark.parametrize(
    ("default", "raw"),
    [(False, "misschien"), (25, "vijfentwintig"), (25, "2.5"), (True, "2")],
)
def test_a_bad_value_raises_an_error_naming_the_variable(registry, monkeypatch, default, raw):
    monkeypatch.setenv("KOERS_TEST_BAD", raw)

    with pytest.raises(ConfigError, match=r"^KOERS_TEST_BAD: ") as error:
        config("KOERS_TEST_BAD", default, doc="Bad.")

    assert repr(raw) in str(error.value) or raw in str(error.value)


def test_a_config_error_is_a_value_error():
    assert issubclass(ConfigError, ValueError)


def test_an_unsupported_type_is_refused_when_declared(registry):
    with pytest.raises(TypeError, match="KOERS_TEST_FLOAT"):
        config("KOERS_TEST_FLOAT", 1.5, doc="A float.")


# The register and the table --------------------------------------------------------------------


def test_every_variable_is_registered_with_its_type_and_description(registry, monkeypatch):
    monkeypatch.delenv("KOERS_TEST_DOC", raising=False)
    config("KOERS_TEST_DOC", 14, doc="Days before something.")

    variable = REGISTRY["KOERS_TEST_DOC"]
    assert variable.type_name == "integer"
    assert variable.default == 14
    assert variable.doc == "Days before something."


def test_the_table_never_shows_a_secret(registry):
    config("KOERS_TEST_SECRET", "s3cr3t-default", doc="A secret.", secret=True)

    row = next(line for line in markdown_table().splitlines() if "KOERS_TEST_SECRET" in line)
    assert "s3cr3t-default" not in row
    assert "(not set)" in row


def test_the_table_has_a_row_per_variable_in_declaration_order(registry):
    rows = markdown_table().splitlines()
    assert rows[:2] == ["| variable | type | default | meaning |", "| --- | --- | --- | --- |"]
    names = [re.match(r"\| `([A-Z_0-9]+)` \|", row).group(1) for row in rows[2:]]
    assert names == list(REGISTRY)


def test_the_settings_declare_the_main_variables():
    for name in [
        "KOERS_SECRET_KEY",
        "KOERS_ALLOWED_HOSTS",
        "DATABASE_URL",
        "KOERS_DATA_DIR",
        "KOERS_MFA_ENFORCE",
        "KOERS_SITE_URL",
        "KOERS_EMAIL_BACKEND",
    ]:
        assert name in REGISTRY, name


def test_the_table_does_not_depend_on_the_machine_or_the_environment():
    table = markdown_table()
    assert str(Path.cwd()) not in table
    assert str(Path.home()) not in table


def test_envdoc_prints_every_registered_variable():
    out = io.StringIO()

    call_command("envdoc", stdout=out)

    printed = out.getvalue()
    assert printed == markdown_table()
    for name in REGISTRY:
        assert f"| `{name}` |" in printed


def test_the_installation_guide_carries_the_current_table():
    text = INSTALLATION_DOC.read_text(encoding="utf-8")
    assert START in text and END in text, (
        f"{INSTALLATION_DOC} needs the markers {START} and {END} around the table of "
        "environment variables; put the output of `koers envdoc` between them."
    )
    documented = text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"
    assert documented == markdown_table(), (
        "The table of environment variables in docs/installation.md is out of date. "
        "Regenerate it: replace the lines between the envdoc markers with the output of "
        "`uv run koers envdoc`."
    )
