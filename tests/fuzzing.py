"""Mutations of real and generated inputs, and the outcome of parsing one of them.

Used by tests/test_fuzz.py (a short run in CI) and scripts/fuzz.py (≥ 10,000 inputs).
Every outcome must be a Report or a documented ReportError code; anything else is a crash.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

from lib.errors import ReportError
from lib.pipeline import parse_bytes

Mutator = Callable[[bytes, random.Random], bytes]

HOSTILE = [
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "**粗体** [链接](javascript:alert(1))",
    "{{7*7}}", "'; DROP TABLE reports; --", "\u202e\u200b\ufeff", "合计\t\t\t\t", "201 06 01", "XXX", "—",
]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(0, max(len(data), 1))]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def drop_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    return b"\n".join(lines[:start] + lines[start + rng.randint(1, 60):])


def shuffle_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    chunk = lines[start : start + rng.randint(2, 80)]
    rng.shuffle(chunk)
    return b"\n".join(lines[:start] + chunk + lines[start + len(chunk):])


def inject_text(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 10)):
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(HOSTILE).encode())
    return b"\n".join(lines)


def duplicate_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(max(len(data), 1))
    return data[:start] + data[start : start + rng.randint(1, 5000)] * 2 + data[start:]


def pdf_drop_or_shuffle_pages(data: bytes, rng: random.Random) -> bytes:
    from pypdf import PdfReader, PdfWriter

    try:  # pypdf itself may refuse a damaged input: then the input stays as it was
        pages = list(PdfReader(io.BytesIO(data)).pages)
        rng.shuffle(pages)
        writer = PdfWriter()
        for page in pages[: rng.randint(0, len(pages))]:
            writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
        return buffer.getvalue()
    except Exception:
        return data


TEXT_MUTATORS: list[Mutator] = [truncate, flip_bytes, drop_lines, shuffle_lines, inject_text, duplicate_chunk]
PDF_MUTATORS: list[Mutator] = [truncate, flip_bytes, duplicate_chunk, pdf_drop_or_shuffle_pages]


def mutate(data: bytes, name: str, rng: random.Random) -> tuple[bytes, str]:
    """One random mutation (sometimes two) and its name."""
    mutators = PDF_MUTATORS if name.endswith(".pdf") else TEXT_MUTATORS
    chosen = [rng.choice(mutators) for _ in range(rng.choice((1, 1, 2)))]
    for mutator in chosen:
        data = mutator(data, rng)
    return data, "+".join(m.__name__ for m in chosen)


def outcome(data: bytes, name: str, *, time_limit: float = 60.0) -> str:
    """'report' or the ReportError code, after the readers, recogniser and check engine;
    a crash comes back as 'crash:<Type>: <message>', also a rule family that raised (which
    run_checks turns into a not_checked finding rather than raising)."""
    from lib.checks import crashed, run_checks

    try:
        report = parse_bytes(data, name, allow_template=True, time_limit=time_limit, max_pages=400)
        broken = crashed(run_checks(report))
        if broken:
            return f"crash:rule: {broken[0].message[:200]}"
    except ReportError as exc:
        return exc.code
    except Exception as exc:  # what the fuzzer is looking for
        return f"crash:{type(exc).__name__}: {str(exc)[:200]}"
    return "report"
