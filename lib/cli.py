"""`juesuan` command line: parse / summary / facts / check / ingest over one pipeline.

Exit codes: 0 ok, 2 the file was refused (message on stderr, in Chinese), 3 internal error;
the library's own states (lib.libstate): 4 locked, 5 corrupt, 6 read-only, 7 missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lib.errors import LibraryError, ReportError

# Imports below are inside the commands: `--help` and a refused file load no pandas
# (python3 -X importtime -m lib --help).


def parse_path(path: str, **options: Any) -> Any:
    from lib.pipeline import parse_path as parse

    return parse(path, **options)

EXIT_REFUSED = 2
EXIT_INTERNAL = 3


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _progress(done: int, total: int, seconds_left: float) -> None:
    from lib.readers.ocr import progress_text

    print(progress_text(done, total, seconds_left), file=sys.stderr, flush=True)


def _read(path: str, **options: Any) -> Any:
    """parse_path, with per-page OCR progress and time left on stderr for scanned files."""
    return parse_path(path, progress=_progress, **options)


def cmd_parse(args: argparse.Namespace) -> int:
    from lib.export import write_report
    from lib.tables.titles import TABLE_NAMES

    report = _read(args.file)
    out = Path(args.out or f"{Path(args.file).stem}_parsed")
    written = write_report(report, out)
    meta = report.meta
    print(f"部门：{meta.department or '（未识别）'}　年度：{meta.year or '（未识别）'}　单位：{meta.unit}")
    print(f"识别到 {len(report.tables_found)} 张表：" + "、".join(TABLE_NAMES[t] for t in report.tables_found))
    print(f"表套：{report.accounts_kind} {len(report.table_set)} 张表" + (
        "（本套不含：" + "、".join(TABLE_NAMES[t] for t in TABLE_NAMES if t not in report.table_set) + "）"
        if len(report.table_set) < len(TABLE_NAMES) else ""))
    if report.tables_missing:
        print("缺少：" + "、".join(TABLE_NAMES[t] for t in report.tables_missing))
    from lib.checks import confidence_line

    print(confidence_line(report.reading_confidence))
    for note in report.notes:
        print(f"注意：{note}")
    print(f"已写入 {out}/：" + "、".join(path.name for path in written))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    report = _read(args.file)  # a refused file stops here, before pandas is imported
    from lib.summary import summarize

    _print_json(summarize(report))
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    report = _read(args.file)
    from lib.narrative import facts_as_json

    _print_json(facts_as_json(report))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    report = _read(args.file, allow_template=True)
    from lib.checks import format_findings_text, run_checks

    findings = run_checks(report)
    if args.format == "json":
        _print_json([finding.to_dict() for finding in findings])
    else:
        print(format_findings_text(report, findings))
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from lib.ingest import ingest_cli

    return ingest_cli(args)


def cmd_rebuild(args: argparse.Namespace) -> int:
    """Rebuild a damaged library from the originals kept beside it (the damaged file is kept)."""
    from lib import libstate, store

    path = store.library_path(args.db)
    rebuilt = libstate.rebuild(path, force=args.force)
    if rebuilt.kept_as:
        print(f"原报告库文件已改名保留为：{rebuilt.kept_as}", file=sys.stderr)
    added = sum(result.status == "added" for result in rebuilt.results)
    print(f"已重建报告库 {path}：从 {len(rebuilt.results)} 个原件中加入 {added} 份报告。", file=sys.stderr)
    for result in rebuilt.results:
        if result.status not in ("added", "skipped"):
            print(f"未能加入\t{result.path}\t{result.message}")
    return 0 if added == len(rebuilt.results) else EXIT_REFUSED


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "parse": (cmd_parse, "解析报告，把每张表写成 CSV，并写出 report.json"),
    "summary": (cmd_summary, "以 JSON 输出报告的关键数字"),
    "facts": (cmd_facts, "以 JSON 输出情况说明中陈述的事实"),
    "check": (cmd_check, "一致性检查：找出报告自相矛盾之处"),
    "ingest": (cmd_ingest, "把文件或文件夹加入报告库"),
    "rebuild": (cmd_rebuild, "报告库损坏时，用保存的原件重建报告库（损坏的文件改名保留）"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="juesuan", description="决算透视：读取、检查、比较部门决算报告")
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的错误堆栈")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        if name == "ingest":
            command.add_argument("paths", nargs="+", help="PDF / 文本 / xlsx 文件或文件夹")
            command.add_argument("--db", help="报告库路径（默认取环境变量 JUESUAN_DB）")
            command.add_argument("--workers", type=int, default=1, help="并行进程数")
            command.add_argument("--time-limit", type=float, default=300.0, help="每个文件的解析时间上限（秒）")
            command.add_argument("--max-pages", type=int, default=1500, help="每个 PDF 的页数上限")
            command.add_argument("--replace", action="store_true",
                                 help="库中已有同一份报告（部门、年度、关键数字相同）时，用新文件替换它")
            command.add_argument("--scheduler", help="在 Dask 集群上解析：调度器地址（tcp://主机:8786）或 local（本机 --workers 个进程）；"
                                 "报告库写成 Parquet 数据集（--db 指定文件夹）")
            continue
        if name == "rebuild":
            command.add_argument("--db", help="报告库路径（默认取环境变量 JUESUAN_DB）")
            command.add_argument("--force", action="store_true", help="报告库没有损坏也重建")
            continue
        command.add_argument("file", help="PDF、文本导出或 xlsx 文件")
        if name == "parse":
            command.add_argument("--out", help="输出目录（默认：<文件名>_parsed）")
        if name == "check":
            command.add_argument("--format", choices=("json", "text"), default="text")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = COMMANDS[args.command][0]
    try:
        return handler(args)
    except ReportError as exc:
        print(f"无法处理：{exc.message}", file=sys.stderr)
        return EXIT_REFUSED
    except LibraryError as exc:  # locked / corrupt / read-only / missing: each its own exit code
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except FileNotFoundError as exc:
        print(f"找不到文件：{exc.filename}", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
    except IsADirectoryError as exc:
        print(f"这是文件夹，不是文件：{exc.filename}", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:  # the CLI never shows a traceback unless asked
        if args.debug:
            raise
        print(f"内部错误（{type(exc).__name__}: {exc}）。请用 --debug 重试并报告此问题。", file=sys.stderr)
        return EXIT_INTERNAL
