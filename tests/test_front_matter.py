"""Front matter as `reader add` writes it: JSON's syntax, read back without PyYAML, and YAML
all the same (a flow mapping), so any YAML tool reads the file as it did."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from reader.core.corpus import front_matter_text, read_document, split_front_matter
from reader.core.errors import DataFileError

PATH = Path("t.md")
# Every character a title or an author can hold, with those JSON and YAML treat differently.
_TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)),
                          st.sampled_from("\x00\t\n\r\x7f\x85\x9f\u2028\u2029\ufeff\ufffe\uffff\"\\'#:{}[],&*!|>%@`-?")))
_VALUE = st.one_of(_TEXT, st.lists(_TEXT, max_size=3), st.none(), st.integers(-10**6, 10**6), st.booleans())
_FRONT = st.dictionaries(st.text(string.ascii_lowercase + "_", min_size=1, max_size=12), _VALUE, max_size=8)


@given(_FRONT)
def test_what_is_written_reads_back_the_same_with_json_and_with_yaml(front: dict) -> None:
    text = front_matter_text(front)
    assert text.startswith("---\n{") and text.endswith("}\n---\n")
    block = text[4:-4]
    assert json.loads(block) == front
    assert yaml.load(block, Loader=yaml.SafeLoader) == front
    if hasattr(yaml, "CSafeLoader"):
        assert yaml.load(block, Loader=yaml.CSafeLoader) == front
    got, body, line = split_front_matter(text + "The body.\n", PATH)
    assert got == front and body == "The body.\n" and line == max(len(front), 1) + 3


def test_a_field_s_line_is_known_for_messages(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text(front_matter_text({"id": "t", "title": "T", "authors": [], "publisher": "", "languages": ["en"],
                                       "source": "t.txt", "removed": [], "format": "rtf"}) + "Text.\n")
    doc, problems = read_document(path, user=True)
    assert doc is None and [(p.line, p.message) for p in problems] == [(9, "field 'format' must be one of md, txt, "
                                                                           "html, epub, pdf, docx")]


def test_yaml_front_matter_still_reads_and_bad_json_is_explained_by_yaml() -> None:
    front, _body, _line = split_front_matter("---\nid: a\ntitle: 'A: b'\n---\nText\n", PATH)
    assert front == {"id": "a", "title": "A: b"}
    front, _body, _line = split_front_matter("---\n{id: a, 'title': [1, 2]}\n---\nText\n", PATH)  # YAML, not JSON
    assert front == {"id": "a", "title": [1, 2]}
    with pytest.raises(DataFileError, match="duplicate key 'id'") as err:
        split_front_matter('---\n{"id": "a",\n "id": "b"}\n---\nText\n', PATH)
    assert err.value.line == 3
    front, _body, _line = split_front_matter('---\n{"n": NaN}\n---\nText\n', PATH)  # YAML's reading: a string
    assert front == {"n": "NaN"}
