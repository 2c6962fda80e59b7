"""The interface language follows the locale (zh_TW/zh_HK Traditional, zh_CN/zh_SG Simplified)."""

from __future__ import annotations

import pytest

from reader.ui import i18n


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("zh_TW.UTF-8", i18n.TRADITIONAL),
        ("zh_HK", i18n.TRADITIONAL),
        ("zh-Hant-MO", i18n.TRADITIONAL),
        ("zh_CN.UTF-8", i18n.SIMPLIFIED),
        ("zh_SG", i18n.SIMPLIFIED),
        ("zh", i18n.SIMPLIFIED),
        ("en_GB.UTF-8", i18n.ENGLISH),
        ("C", i18n.ENGLISH),
        ("", i18n.ENGLISH),
    ],
)
def test_language_for_locale(name: str, expected: str) -> None:
    assert i18n.language_for_locale(name) == expected


def test_system_language_reads_the_environment() -> None:
    assert i18n.system_language({"LANGUAGE": "zh_TW", "LANG": "zh_TW.UTF-8"}) == i18n.TRADITIONAL
    assert i18n.system_language({"LANG": "zh_CN.UTF-8"}) == i18n.SIMPLIFIED
    assert i18n.system_language({"LC_ALL": "zh_HK.UTF-8", "LANG": "en_US.UTF-8"}) == i18n.TRADITIONAL
    # gettext ignores LANGUAGE under the C locale, and so do we.
    assert i18n.system_language({"LANGUAGE": "zh_TW", "LANG": "C"}) == i18n.ENGLISH


def test_a_saved_choice_wins_only_when_shipped() -> None:
    assert i18n.resolve_language("zh_CN") == i18n.SIMPLIFIED
    assert i18n.resolve_language("klingon") in i18n.LANGUAGES
