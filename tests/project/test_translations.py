"""The zh_Hans catalogue is complete, has no fuzzy entry, and uses the glossary's terms."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["manage.py", "starrating", "orgs", "scoring", "evaluations", "templates", "locale"]
CATALOGUE = Path("locale/zh_Hans/LC_MESSAGES/django.po")


@pytest.fixture(scope="module")
def regenerated_catalogue(tmp_path_factory) -> Path:
    """Run makemessages on a copy of the sources, so every marked string is in the catalogue checked."""
    if not shutil.which("msgattrib"):
        pytest.fail("gettext is not installed: apt-get install gettext (.ci/run does it)")
    copy = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return copy / CATALOGUE


def _entries(po: Path, flag: str) -> str:
    result = subprocess.run(["msgattrib", flag, "--no-wrap", str(po)], check=True, capture_output=True, text=True)
    return "\n".join(line for line in result.stdout.splitlines() if line.startswith("msgid"))


def test_every_marked_string_is_translated(regenerated_catalogue):
    untranslated = _entries(regenerated_catalogue, "--untranslated")
    # The header entry (msgid "") is always listed; anything else is a missing translation.
    missing = [line for line in untranslated.splitlines() if line != 'msgid ""']
    assert not missing, "Untranslated messages:\n" + "\n".join(missing)


def test_no_message_is_fuzzy(regenerated_catalogue):
    fuzzy = [line for line in _entries(regenerated_catalogue, "--only-fuzzy").splitlines() if line != 'msgid ""']
    assert not fuzzy, "Fuzzy messages:\n" + "\n".join(fuzzy)


def test_the_committed_catalogue_compiles_cleanly():
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(ROOT / CATALOGUE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


GLOSSARY = {
    "Party member": "党员",
    "Secretary": "书记",
    "secretary": "书记",
    "one-shoulder": "一肩挑",
    "Full member": "正式党员",
    "Probationary member": "预备党员",
    "Floating members": "流动党员",
    "Village": "农村",
    "Urban community": "城市社区",
    "Agencies, enterprises and institutions": "机关企事业单位",
    "New economic and social organizations": "两新组织",
    "District committee": "区委",
    "Street (township) party committee": "街道(乡镇)党(工)委",
    "Community or village party organization": "社区/村党组织",
    "Residential (grid) party branch": "小区(网格)党支部",
    "Building party group": "楼栋党小组",
    "committee term": "任期",
    "In-service registration community": "双报到社区",
    "Street office staff": "街道党工委工作人员",
    "District department reviewer": "区级部门审核人",
    "party organization": "党组织",
}


@pytest.mark.parametrize(("source", "term"), GLOSSARY.items())
def test_glossary_terms_are_used(source, term):
    with translation.override("zh-hans"):
        assert gettext(source) == term


def test_the_committed_compiled_catalogue_is_up_to_date(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(ROOT / CATALOGUE)], check=True)
    committed = ROOT / CATALOGUE.with_suffix(".mo")
    assert committed.read_bytes() == compiled.read_bytes(), "run `make messages` and commit django.mo"
