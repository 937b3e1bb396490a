"""Type sniffing and header building, on their own."""

from __future__ import annotations

import pytest

from den.files.content import clean_filename, content_disposition, sniff_content_type


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n....", "x.txt", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "x", "image/jpeg"),
        (b"GIF89a....", "", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "", "image/webp"),
        (b"%PDF-1.4\n", "", "application/pdf"),
        (b"PK\x03\x04\x14\x00", "a.zip", "application/zip"),
        (
            b"PK\x03\x04\x14\x00",
            "a.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (b"\x1f\x8b\x08\x00", "", "application/gzip"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", "", "video/mp4"),
        (b"ID3\x04\x00\x00", "", "audio/mpeg"),
        (b"\xff\xfb\x90\x00", "", "audio/mpeg"),
        (b'{"a": [1, 2]}', "data.bin", "application/json"),
        (b'{"a": [1, 2', "data.bin", "text/plain"),
        (b"  <!DOCTYPE html><p>hi", "x.png", "text/html"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.png", "image/svg+xml"),
        (b"name,age\nann,3\n", "people.csv", "text/csv"),
        (b"caf\xc3\xa9 au lait", "", "text/plain"),
        (b"\x00\x01\x02\x03binary", "x.txt", "application/octet-stream"),
    ],
)
def test_sniffing(head: bytes, name: str, expected: str) -> None:
    assert sniff_content_type(head, name, complete=True) == expected


def test_cleaning_names() -> None:
    assert clean_filename("C:\\Users\\me\\report.pdf") == "report.pdf"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("..") == "file"
    assert clean_filename("a\x00b\x1fc.txt") == "abc.txt"
    long = clean_filename("x" * 300 + ".tar.gz")
    assert len(long) == 255 and long.endswith(".gz")


def test_content_disposition_is_ascii_and_carries_the_exact_name() -> None:
    header = content_disposition('naïve "quote"; x=1 ✓.txt', "inline")
    assert header.isascii()
    assert header.startswith('inline; filename="naive _quote__ x=1 _.txt";')
    assert header.endswith("filename*=UTF-8''na%C3%AFve%20%22quote%22%3B%20x%3D1%20%E2%9C%93.txt")
