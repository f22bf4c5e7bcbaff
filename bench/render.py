"""Time showing 2 KB, 12 KB and 50 KB notes in NoteView, next to Textual's own Markdown widget.

Run: python -m bench.render [--runs N] [--no-markdown]; or call `run()` for the numbers.

"Shown" means: from the call until the first screenful has been painted (the Pilot is idle and
the screen has been updated), in an 80×24 headless app. The notes are generated deterministically:
Japanese paragraphs, nested bullets, tables and code blocks.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import RenderableType
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Markdown

from tui.notes.model import Note
from tui.notes.structure import sections
from tui.render.blocks import Highlighter
from tui.widgets.note_view import NoteView

SIZES = {"2 KB": 2_000, "12 KB": 12_000, "50 KB": 50_000}
BUDGETS = {"12 KB": 50.0, "50 KB": 150.0}
"""Milliseconds allowed until the first screenful of a note is painted."""
LONG_SIZE = 4_000_000
"""A note near the loader's limit (`MAX_NOTE_BYTES`, 4 MiB)."""
LONG_FIRST_BUDGET, LONG_BLOCK_BUDGET = 300.0, 50.0
"""Milliseconds: the long note's first screenful, and the longest the UI thread may be busy."""
LONG_QUERIES = ("暗号", "料金")
"""The searches whose matches mark the long note (the second one arrives while it is parsed)."""

_SERVICES = [
    "Amazon SageMaker",
    "AWS Lambda",
    "Amazon SQS",
    "AWS Step Functions",
    "Amazon S3",
    "AWS KMS",
    "Amazon Comprehend",
    "Amazon Rekognition",
    "AWS Glue",
    "Amazon Kinesis",
]
_PHRASES = [
    "は、機械学習モデルを構築、トレーニング、デプロイするためのフルマネージドサービスです",
    "を使用すると、インフラストラクチャを管理せずにコードを実行できます",
    "では、メッセージの可視性タイムアウトを設定することができます",
    "は複数のアベイラビリティーゾーンにデプロイすることで高可用性を確保します",
    "のエンドポイントは、リアルタイム推論とバッチ変換の両方に対応しています",
    "を組み合わせて、ワークフローを作成することができる点が特徴です",
    "（Key Management Service）は、暗号鍵の生成、管理、保護を行うためのサービスです",
    "はデータを暗号化し、CloudTrail に操作の履歴を記録します",
]
_CODE = """import boto3

client = boto3.client("{service}")
response = client.describe_training_job(TrainingJobName="job-{n}")
print(response["TrainingJobStatus"])  # 状態を表示
"""


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(_SERVICES)}{rng.choice(_PHRASES)}。"


def make_note_text(size: int, seed: int = 7) -> str:
    """Deterministic Markdown of about `size` UTF-8 bytes."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = -1  # UTF-8 bytes of "\n".join(parts)

    def add(part: str) -> None:
        nonlocal length
        parts.append(part)
        length += len(part.encode()) + 1

    add("# ベンチマーク用ノート\n")
    n = 0
    while length < size:
        n += 1
        add(f"## {rng.choice(_SERVICES)} の概要 {n}\n")
        add(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) + "\n")
        for _ in range(rng.randint(2, 4)):
            add(f"- {sentence(rng)}")
            if rng.random() < 0.4:
                add(f"  - {sentence(rng)}")
        add("")
        if n % 2 == 0:
            add("| 項目 | 説明 | 備考 |\n|---|---|---|")
            for _ in range(3):
                add(f"| {rng.choice(_SERVICES)} | {sentence(rng)} | 料金は従量課金 |")
            add("")
        if n % 3 == 0:
            service = rng.choice(["sagemaker", "sqs", "kms"])
            add("```python\n" + _CODE.format(service=service, n=n) + "```\n")
    return "\n".join(parts)


def make_note(text: str) -> Note:
    return Note(
        id="bench/note",
        title="ベンチマーク用ノート",
        category="bench",
        body=text,
        path=Path("bench/note.md"),
        sections=sections(text),
    )


class NoteViewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteView()


class MarkdownApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Markdown()


class PaintClock:
    """Records when the app hands a screen update to its display: a screenful was painted.

    (Headless apps skip writing the terminal codes; the widgets' lines are all rendered.)
    """

    def __init__(self, app: App[None]) -> None:
        self.paints: list[float] = []
        display = app._display

        def timed_display(screen: Screen[object], renderable: RenderableType | None) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.paints.append(time.perf_counter())

        app._display = timed_display  # type: ignore[method-assign]

    def first_after(self, start: float) -> float:
        """Seconds from `start` to the first paint after it."""
        return next(t for t in self.paints if t >= start) - start


async def time_note_view(text: str, runs: int) -> tuple[list[float], list[float]]:
    """(first paint, until idle) for each run."""
    note = make_note(text)
    first: list[float] = []
    idle: list[float] = []
    app = NoteViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        clock = PaintClock(app)
        view = app.query_one(NoteView)
        await pilot.pause()
        for _ in range(runs):
            view.show(None)
            await pilot.pause()
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            view.show(note)
            await pilot.pause()
            idle.append(time.perf_counter() - start)
            first.append(clock.first_after(start))
            await app.workers.wait_for_complete()
    return first, idle


async def time_markdown(text: str, runs: int) -> tuple[list[float], list[float]]:
    first: list[float] = []
    idle: list[float] = []
    app = MarkdownApp()
    async with app.run_test(size=(80, 24)) as pilot:
        clock = PaintClock(app)
        markdown = app.query_one(Markdown)
        await pilot.pause()
        for _ in range(runs):
            await markdown.update("")
            await pilot.pause()
            start = time.perf_counter()
            await markdown.update(text)
            await pilot.pause()
            idle.append(time.perf_counter() - start)
            first.append(clock.first_after(start))
    return first, idle


def ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


class LagProbe:
    """How long the app's event loop (the UI thread) went without running: a task that sleeps
    a millisecond at a time, and keeps the longest overshoot."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._running = False
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while self._running:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            self.longest = max(self.longest, time.perf_counter() - before - 0.001)

    def start(self) -> None:
        """Measure from now (forgetting what came before)."""
        self.longest = 0.0
        if not self._running:
            self._running = True
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> float:
        """Stop; the longest block seen, in seconds."""
        self._running = False
        if self._task is not None:
            await self._task
            self._task = None
        return self.longest


def search_highlighter(query: str) -> Highlighter:
    """What the search would mark for `query` (its patterns, without an index)."""
    from tui.search.highlight import Highlighter as SearchHighlighter
    from tui.search.query import parse

    return SearchHighlighter(parse(query).patterns)


@dataclass(frozen=True)
class LongNote:
    """Median times for the long note, in milliseconds."""

    size: int
    first: float
    """Until its first screenful is painted, with a search's matches marked."""
    whole: float
    """Until the whole note is shown (parsed, wrapped and marked off the UI thread)."""
    block: float
    """The longest the UI thread was busy (largest of all runs), from showing the note until
    it and everything asked meanwhile were done, and another note was shown."""
    rewrap: float
    """The same, for a new search's marks and a narrower window on the whole note."""
    matches: int
    """Matches of the second search in the whole note."""

    @property
    def within_budget(self) -> bool:
        blocks = (self.block,) if math.isnan(self.rewrap) else (self.block, self.rewrap)
        return self.first <= LONG_FIRST_BUDGET and max(blocks) <= LONG_BLOCK_BUDGET


async def time_long_note(text: str, runs: int, *, rewrap: bool = True) -> LongNote:
    """Show the long note with a search's matches, then, while its rest is parsed, what a
    reader does: a new search, the next match, a page down; once it is whole, the end of the
    note and the next match; then another note. The UI thread's longest block covers all of
    it. Apart from that: a new search and a narrower window on the whole note."""
    note = make_note(text)
    short = make_note(make_note_text(SIZES["2 KB"]))
    first_marks, second_marks = (search_highlighter(query) for query in LONG_QUERIES)
    first: list[float] = []
    whole: list[float] = []
    blocks: list[float] = []
    rewraps: list[float] = []
    matches = 0
    app = NoteViewApp()
    async with app.run_test(size=(100, 30)) as pilot:
        clock = PaintClock(app)
        view = app.query_one(NoteView)
        probe = LagProbe()

        async def settle() -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

        for _ in range(runs):
            view.show(None)
            view.highlight(None)
            await pilot.resize_terminal(100, 30)
            await settle()
            probe.start()
            start = time.perf_counter()
            view.show_marked(note, first_marks)
            await pilot.pause()
            first.append(clock.first_after(start))
            view.highlight(second_marks)
            view.next_match()
            view.action_page_down()
            while view.partial:
                await asyncio.sleep(0.005)
            whole.append(time.perf_counter() - start)
            await settle()
            view.action_bottom()
            view.next_match()
            matches = view.match_count
            await settle()
            view.show(short)
            await settle()
            await asyncio.sleep(0.3)  # the long note is freed meanwhile
            blocks.append(await probe.stop())
            if not rewrap:
                continue
            view.show_marked(note, first_marks)
            while view.partial:
                await asyncio.sleep(0.005)
            await settle()
            probe.start()
            view.highlight(second_marks)
            await settle()
            await pilot.resize_terminal(90, 30)
            while view.partial:
                await asyncio.sleep(0.005)
            await settle()
            rewraps.append(await probe.stop())
    rewrap_ms = max(rewraps) * 1000 if rewraps else float("nan")
    return LongNote(
        len(text.encode()), ms(first), ms(whole), max(blocks) * 1000, rewrap_ms, matches
    )


def run_long(runs: int = 3, size: int = LONG_SIZE, *, rewrap: bool = True) -> LongNote:
    """`time_long_note` on a note of `size` bytes, for callers without an event loop."""
    return asyncio.run(time_long_note(make_note_text(size), runs, rewrap=rewrap))


@dataclass(frozen=True)
class Measurement:
    """Median times for one note size, in milliseconds."""

    label: str
    size: int
    """UTF-8 bytes of the generated note."""
    first: float
    """NoteView: until the first screenful is painted."""
    idle: float
    """NoteView: until the app is idle again (the rest of a long note parsed too)."""
    markdown_first: float | None = None
    """Textual's Markdown widget: until the first paint after `update()`."""
    markdown_idle: float | None = None
    budget: float | None = None
    """The budget for `first`, when the size has one."""

    @property
    def within_budget(self) -> bool:
        return self.budget is None or self.first <= self.budget


async def measure(runs: int, compare: bool = True) -> list[Measurement]:
    """Time every size in `SIZES`; Textual's Markdown too when `compare`."""
    results = []
    for label, size in SIZES.items():
        text = make_note_text(size)
        first, idle = await time_note_view(text, runs)
        theirs: tuple[float | None, float | None] = (None, None)
        if compare:
            their_first, their_idle = await time_markdown(text, max(1, runs // 3))
            theirs = (ms(their_first), ms(their_idle))
        results.append(
            Measurement(label, len(text.encode()), ms(first), ms(idle), *theirs, BUDGETS.get(label))
        )
    return results


def run(runs: int = 9, compare: bool = True) -> list[Measurement]:
    """`measure`, for callers without an event loop."""
    return asyncio.run(measure(runs, compare))


def main(runs: int, compare: bool) -> None:
    print(f"median ms over {runs} runs; first = first screenful painted, idle = all work done")
    print(
        f"{'size':>6} {'bytes':>7} {'ours first':>11} {'budget':>7} {'ours idle':>10}"
        f" {'Markdown first':>15} {'Markdown idle':>14} {'ratio':>6}"
    )
    for result in run(runs, compare):
        budget = f"{result.budget:.0f}" if result.budget is not None else "-"
        line = (
            f"{result.label:>6} {result.size:>7} {result.first:>11.1f} {budget:>7}"
            f" {result.idle:>10.1f}"
        )
        if result.markdown_first is not None and result.markdown_idle is not None:
            ratio = result.markdown_first / result.first
            line += f" {result.markdown_first:>15.1f} {result.markdown_idle:>14.1f} {ratio:>5.0f}x"
        print(line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per size (median is shown)")
    parser.add_argument("--no-markdown", action="store_true", help="skip Textual's Markdown")
    parser.add_argument("--long", action="store_true", help="the 4 MB note only")
    args = parser.parse_args()
    if args.long:
        result = run_long(args.runs)
        print(
            f"{result.size} bytes: first screenful {result.first:.0f} ms, whole note "
            f"{result.whole:.0f} ms, longest UI block {result.block:.0f} ms "
            f"(new search and resize on the whole note: {result.rewrap:.0f} ms), "
            f"{result.matches} matches"
        )
    else:
        main(args.runs, not args.no_markdown)
