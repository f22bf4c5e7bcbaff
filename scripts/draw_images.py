"""Draw the two figures that the bundled notes reference.

The notes embed two slide screenshots by file name:

* ``images/スクリーンショット 2025-02-10 15.23.47.png``: the three layers of the AWS
  machine-learning stack (note "3つの階層").
* ``images/スクリーンショット 2025-02-10 15.55.42.png``: the S3 encryption options
  SSE-S3, SSE-KMS, SSE-C, CSE-KMS and CSE-C (note "AWS KMS キー").

This script redraws both as clean 1200x700 slides under the same names.

Requirements:

* Pillow: ``pip install .[images]``
* A Japanese font, Noto Sans CJK. On Debian/Ubuntu: ``apt-get install fonts-noto-cjk``.
  The font is looked up with ``fc-match`` and then in the usual install folders.

Usage (from the repository root)::

    python scripts/draw_images.py            # writes into ./images
    python scripts/draw_images.py --out DIR  # writes into DIR
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO_ROOT = Path(__file__).resolve().parent.parent
LAYERS_NAME = "スクリーンショット 2025-02-10 15.23.47.png"
KMS_NAME = "スクリーンショット 2025-02-10 15.55.42.png"

WIDTH, HEIGHT = 1200, 700
SCALE = 2  # draw at twice the size, then downsample for smooth edges

Color = tuple[int, int, int]
Box = tuple[int, int, int, int]

BG: Color = (250, 250, 252)
INK: Color = (35, 47, 62)  # dark navy
MUTED: Color = (100, 110, 125)
WHITE: Color = (255, 255, 255)
LINE: Color = (215, 220, 228)
ORANGE: Color = (255, 153, 0)

FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-{style}.ttc", 0),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-{style}.ttc", 0),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-{style}.ttc", 0),
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-{style}.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKjp-{style}.otf", 0),
    ("/Library/Fonts/NotoSansCJKjp-{style}.otf", 0),
)


class FontNotFoundError(RuntimeError):
    """No Japanese (CJK) font could be found."""


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int


def _fc_match(style: str) -> FontFile | None:
    """Ask fontconfig for Noto Sans CJK JP; None unless it answers with a CJK font."""
    if shutil.which("fc-match") is None:
        return None
    try:
        result = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", f"Noto Sans CJK JP:style={style}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    parts = result.stdout.split("\n")
    if len(parts) < 3 or "CJK" not in parts[2]:
        return None  # fontconfig fell back to a font without Japanese glyphs
    path = Path(parts[0])
    index = int(parts[1]) if parts[1].isdigit() else 0
    return FontFile(path, index) if path.is_file() else None


def find_font(style: str) -> FontFile:
    """The Noto Sans CJK file for `style` ("Regular" or "Bold")."""
    found = _fc_match(style)
    if found is not None:
        return found
    for pattern, index in FONT_CANDIDATES:
        path = Path(pattern.format(style=style))
        if path.is_file():
            return FontFile(path, index)
    raise FontNotFoundError(
        f"No Japanese font found (Noto Sans CJK JP {style}). "
        "Install it first, e.g. on Debian/Ubuntu: apt-get install fonts-noto-cjk"
    )


class Fonts:
    """Loaded font faces, cached by (style, size)."""

    def __init__(self) -> None:
        self._files = {style: find_font(style) for style in ("Regular", "Bold")}
        self._cache: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}

    def get(self, size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
        style = "Bold" if bold else "Regular"
        key = (style, size)
        if key not in self._cache:
            font_file = self._files[style]
            self._cache[key] = ImageFont.truetype(
                str(font_file.path), size * SCALE, index=font_file.index
            )
        return self._cache[key]


class Slide:
    """A canvas addressed in 1200x700 slide coordinates, rendered at SCALE."""

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), BG)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _s(box: Box) -> Box:
        return (box[0] * SCALE, box[1] * SCALE, box[2] * SCALE, box[3] * SCALE)

    def rect(
        self,
        box: Box,
        fill: Color,
        *,
        radius: int = 10,
        outline: Color | None = None,
        width: int = 1,
    ) -> None:
        self.draw.rounded_rectangle(
            self._s(box), radius=radius * SCALE, fill=fill, outline=outline, width=width * SCALE
        )

    def line(self, start: tuple[int, int], end: tuple[int, int], fill: Color, width: int) -> None:
        self.draw.line(
            (start[0] * SCALE, start[1] * SCALE, end[0] * SCALE, end[1] * SCALE),
            fill=fill,
            width=width * SCALE,
        )

    def text_size(self, text: str, size: int, *, bold: bool = False) -> tuple[int, int]:
        left, top, right, bottom = self.draw.textbbox(
            (0, 0), text, font=self.fonts.get(size, bold=bold)
        )
        return int(right - left) // SCALE, int(bottom - top) // SCALE

    def text(
        self,
        xy: tuple[int, int],
        text: str,
        size: int,
        fill: Color = INK,
        *,
        bold: bool = False,
        anchor: str = "la",
    ) -> None:
        self.draw.text(
            (xy[0] * SCALE, xy[1] * SCALE),
            text,
            font=self.fonts.get(size, bold=bold),
            fill=fill,
            anchor=anchor,
        )

    def chip(self, x: int, y: int, text: str, fill: Color, ink: Color, size: int = 17) -> int:
        """A rounded label at (x, y); returns its width."""
        width, _ = self.text_size(text, size)
        chip_width = width + 26
        self.rect((x, y, x + chip_width, y + 36), fill, radius=18)
        self.text((x + chip_width // 2, y + 18), text, size, ink, anchor="mm")
        return chip_width

    def header(self, title: str, subtitle: str) -> None:
        self.rect((0, 0, WIDTH, 86), INK, radius=0)
        self.rect((0, 86, WIDTH, 92), ORANGE, radius=0)
        self.text((48, 43), title, 32, WHITE, bold=True, anchor="lm")
        self.text((WIDTH - 48, 43), subtitle, 18, (200, 208, 220), anchor="rm")

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        final = self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        final.save(path, format="PNG", optimize=True)


@dataclass(frozen=True)
class Layer:
    title: str
    english: str
    caption: str
    rows: tuple[tuple[str, ...], ...]
    fill: Color
    accent: Color


LAYERS: tuple[Layer, ...] = (
    Layer(
        "AI サービス",
        "AI services",
        "学習済みモデルを API で使う",
        (
            ("Comprehend", "Lex", "Polly", "Transcribe", "Personalize"),
            ("Rekognition", "Translate", "Textract", "Forecast"),
        ),
        (232, 244, 253),
        (0, 115, 187),
    ),
    Layer(
        "ML サービス",
        "ML services",
        "モデルを作り、学習・デプロイする",
        (
            ("Amazon SageMaker",),
            ("ノートブック", "組み込みアルゴリズム", "トレーニング", "エンドポイント"),
        ),
        (232, 247, 240),
        (29, 131, 72),
    ),
    Layer(
        "ML フレームワークと\nインフラストラクチャ",
        "ML frameworks and infrastructure",
        "フレームワークとハードウェアを直接扱う",
        (
            ("TensorFlow", "PyTorch", "MXNet", "DL AMI", "DL コンテナ"),
            ("EC2 GPU (P2 / P3)", "EC2 CPU", "Inferentia", "FPGA (F1)", "Elastic Inference"),
        ),
        (255, 243, 224),
        (204, 102, 0),
    ),
)


def draw_layers(fonts: Fonts, path: Path) -> None:
    """The three layers of the AWS ML stack, top (easiest) to bottom (most control)."""
    slide = Slide(fonts)
    slide.header("3つの階層: AWS の機械学習スタック", "The AWS ML stack")

    top, band_height, gap = 114, 168, 18
    band_right = WIDTH - 104
    label_left, label_right = 48, 388
    for number, layer in enumerate(LAYERS):
        y = top + number * (band_height + gap)
        slide.rect((label_left, y, band_right, y + band_height), layer.fill, radius=14)
        slide.rect((label_left, y, label_right, y + band_height), layer.accent, radius=14)
        slide.rect((label_right - 20, y, label_right, y + band_height), layer.accent, radius=0)
        lines = layer.title.split("\n")
        title_y = y + 40 if len(lines) == 1 else y + 26
        for index, text in enumerate(lines):
            slide.text((label_left + 24, title_y + index * 36), text, 27, WHITE, bold=True)
        english_y = title_y + len(lines) * 36 + 8
        slide.text((label_left + 24, english_y), layer.english, 16, (235, 240, 245))
        slide.text((label_left + 24, english_y + 26), layer.caption, 15, (235, 240, 245))

        row_y = y + 40
        for row_number, row in enumerate(layer.rows):
            x = label_right + 24
            for item in row:
                strong = number == 1 and row_number == 0
                if strong:
                    width, _ = slide.text_size(item, 22, bold=True)
                    slide.rect((x, row_y - 4, x + width + 36, row_y + 40), layer.accent, radius=20)
                    slide.text((x + 18, row_y + 18), item, 22, WHITE, bold=True, anchor="lm")
                    x += width + 48
                else:
                    x += slide.chip(x, row_y, item, WHITE, INK, size=16) + 10
            row_y += 56

    # The arrow on the right: ease of use at the top, control at the bottom.
    arrow_x = WIDTH - 58
    arrow_top, arrow_bottom = top + 22, top + 3 * band_height + 2 * gap - 22
    slide.line((arrow_x, arrow_top + 20), (arrow_x, arrow_bottom - 20), MUTED, 4)
    for tip, direction in ((arrow_top, -1), (arrow_bottom, 1)):
        slide.draw.polygon(
            [
                ((arrow_x - 12) * SCALE, (tip - 22 * direction) * SCALE),
                ((arrow_x + 12) * SCALE, (tip - 22 * direction) * SCALE),
                (arrow_x * SCALE, tip * SCALE),
            ],
            fill=MUTED,
        )
    slide.text((arrow_x, arrow_top - 14), "手軽", 15, MUTED, bold=True, anchor="md")
    slide.text((arrow_x, arrow_bottom + 10), "自由度", 15, MUTED, bold=True, anchor="ma")
    slide.save(path)


@dataclass(frozen=True)
class Option:
    name: str
    english: str
    client_side: bool
    key_holder: str


KEY_COLORS: dict[str, tuple[Color, Color]] = {
    "S3": ((232, 244, 253), (0, 95, 160)),
    "AWS KMS": ((255, 240, 214), (170, 85, 0)),
    "顧客 (customer)": ((234, 246, 236), (29, 120, 66)),
}

OPTIONS: tuple[Option, ...] = (
    Option("SSE-S3", "Server-Side Encryption with S3", False, "S3"),
    Option("SSE-KMS", "Server-Side Encryption with KMS", False, "AWS KMS"),
    Option("SSE-C", "Server-Side Encryption with Customer-Provided Keys", False, "顧客 (customer)"),
    Option("CSE-KMS", "Client-Side Encryption with KMS", True, "AWS KMS"),
    Option("CSE-C", "Client-Side Encryption with Customer-Provided Keys", True, "顧客 (customer)"),
)


def draw_padlock(slide: Slide, cx: int, cy: int, color: Color) -> None:
    """A small padlock centred on (cx, cy)."""
    s = SCALE
    slide.draw.arc(
        ((cx - 10) * s, (cy - 20) * s, (cx + 10) * s, (cy + 2) * s),
        start=180,
        end=360,
        fill=color,
        width=4 * s,
    )
    slide.line((cx - 10, cy - 9), (cx - 10, cy - 2), color, 4)
    slide.line((cx + 10, cy - 9), (cx + 10, cy - 2), color, 4)
    slide.rect((cx - 16, cy - 3, cx + 16, cy + 20), color, radius=4)
    slide.draw.ellipse(((cx - 3) * s, (cy + 4) * s, (cx + 3) * s, (cy + 10) * s), fill=WHITE)


def draw_kms(fonts: Fonts, path: Path) -> None:
    """Who encrypts where, and who holds the key, for the five S3 encryption options."""
    slide = Slide(fonts)
    slide.header("S3 の暗号化オプションと AWS KMS", "Encryption options")

    columns = (48, 470, 700, 930, WIDTH - 48)  # option | client | server | key holder
    head_top, head_bottom = 112, 166
    slide.rect((columns[0], head_top, columns[-1], head_bottom), (228, 232, 238), radius=10)
    headings = (
        ("方式 (Option)", ""),
        ("クライアント側で暗号化", "Client-side"),
        ("サーバー側 (S3) で暗号化", "Server-side"),
        ("鍵を管理・保持", "Key held by"),
    )
    for index, (japanese, english) in enumerate(headings):
        if index == 0:
            slide.text((columns[0] + 20, 139), japanese, 18, INK, bold=True, anchor="lm")
            continue
        centre = (columns[index] + columns[index + 1]) // 2
        slide.text((centre, 129), japanese, 17, INK, bold=True, anchor="mm")
        slide.text((centre, 153), english, 14, MUTED, anchor="mm")

    row_top, row_height = 178, 82
    for number, option in enumerate(OPTIONS):
        y = row_top + number * row_height
        fill = WHITE if number % 2 == 0 else (244, 246, 249)
        slide.rect((columns[0], y, columns[-1], y + row_height - 8), fill, radius=10, outline=LINE)
        middle = y + (row_height - 8) // 2
        slide.text((columns[0] + 20, middle - 12), option.name, 24, INK, bold=True, anchor="lm")
        slide.text((columns[0] + 20, middle + 17), option.english, 13, MUTED, anchor="lm")

        lock_column = 1 if option.client_side else 2
        for column in (1, 2):
            centre = (columns[column] + columns[column + 1]) // 2
            if column == lock_column:
                draw_padlock(slide, centre - 34, middle - 6, ORANGE)
                slide.text((centre - 8, middle), "暗号化", 17, INK, bold=True, anchor="lm")
            else:
                slide.text((centre, middle), "—", 20, LINE, anchor="mm")

        badge_fill, badge_ink = KEY_COLORS[option.key_holder]
        centre = (columns[3] + columns[4]) // 2
        width, _ = slide.text_size(option.key_holder, 18, bold=True)
        slide.rect(
            (centre - width // 2 - 18, middle - 19, centre + width // 2 + 18, middle + 19),
            badge_fill,
            radius=19,
        )
        slide.text((centre, middle), option.key_holder, 18, badge_ink, bold=True, anchor="mm")

    # The dividing line between where the data is encrypted: client vs server.
    divider_x = columns[2]
    slide.line((divider_x, head_top + 8), (divider_x, row_top + 5 * row_height - 16), LINE, 2)

    notes_y = row_top + 5 * row_height + 8
    slide.text(
        (columns[0], notes_y),
        "SSE: S3 が保存時に暗号化する。"
        "CSE: アップロード前にクライアントが暗号化し、S3 には暗号文だけが届く。",
        15,
        MUTED,
    )
    slide.text(
        (columns[0], notes_y + 26),
        "SSE-C: 顧客がリクエストごとに鍵を渡し、S3 は鍵を保存しない。"
        "KMS キーの利用は CloudTrail に記録される。",
        15,
        MUTED,
    )
    slide.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO_ROOT / "images",
        help="folder to write the PNG files into (default: images/ of the repository)",
    )
    args = parser.parse_args(argv)
    try:
        fonts = Fonts()
    except FontNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    out: Path = args.out
    draw_layers(fonts, out / LAYERS_NAME)
    draw_kms(fonts, out / KMS_NAME)
    for name in (LAYERS_NAME, KMS_NAME):
        print(out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
