"""A deterministic generator of realistic Japanese study notes for benchmarks.

Each note has front matter (title, aliases, tags), a `#` title, `##`/`###` sections with
bullets mixing kanji, kana and English service names, now and then a table or a code block,
and is about 2 KB of UTF-8. One extra note is about 50 KB. The same seed always gives the
same notes, so benchmark runs are comparable.

    python -m bench.corpus OUT_DIR 1000     # write 1,000 notes as Markdown files
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

from tui.notes.model import Category, Library, Note, Section

SEED = 20250210

SERVICES = [
    "SageMaker",
    "Comprehend",
    "Comprehend Medical",
    "Rekognition",
    "Textract",
    "Translate",
    "Transcribe",
    "Polly",
    "Lex",
    "Kendra",
    "Personalize",
    "Forecast",
    "Fraud Detector",
    "Lambda",
    "Step Functions",
    "SQS",
    "SNS",
    "EventBridge",
    "Kinesis",
    "Glue",
    "Athena",
    "EMR",
    "Redshift",
    "S3",
    "EBS",
    "EFS",
    "EC2",
    "ECS",
    "EKS",
    "ECR",
    "Fargate",
    "Batch",
    "CloudWatch",
    "CloudTrail",
    "IAM",
    "KMS",
    "Secrets Manager",
    "VPC",
    "Direct Connect",
    "Greengrass",
    "IoT Core",
    "Inferentia",
    "Trainium",
    "Elastic Inference",
    "DynamoDB",
    "Aurora",
    "RDS",
    "Neptune",
    "OpenSearch",
    "QuickSight",
    "Data Wrangler",
    "Feature Store",
    "Ground Truth",
    "Clarify",
    "Debugger",
    "Model Monitor",
    "Pipelines",
    "Autopilot",
    "JumpStart",
    "Canvas",
    "Bedrock",
    "CodeBuild",
    "CodeCommit",
    "CodePipeline",
    "CDK",
]
NOUNS = [
    "機械学習",
    "推論",
    "学習",
    "訓練",
    "暗号化",
    "復号",
    "鍵管理",
    "可用性",
    "耐障害性",
    "冗長化",
    "監視",
    "ログ",
    "監査",
    "権限",
    "認証",
    "認可",
    "料金",
    "費用",
    "性能",
    "拡張性",
    "遅延",
    "帯域",
    "容量",
    "保存",
    "転送",
    "分析",
    "可視化",
    "前処理",
    "特徴量",
    "正規化",
    "欠損値",
    "外れ値",
    "過学習",
    "汎化",
    "精度",
    "再現率",
    "適合率",
    "損失関数",
    "勾配",
    "最適化",
    "分散学習",
    "並列処理",
    "自然言語処理",
    "画像認識",
    "音声認識",
    "音声合成",
    "翻訳",
    "要約",
    "分類",
    "回帰",
    "異常検知",
    "需要予測",
    "推薦",
    "時系列",
    "埋め込み",
    "転移学習",
    "強化学習",
    "評価指標",
    "混同行列",
    "閾値",
    "標本",
    "母集団",
    "仮想化",
    "障害",
    "復旧",
    "災害対策",
    "地域",
    "可用性ゾーン",
    "暗号鍵",
    "署名",
    "証明書",
    "網羅性",
    "整合性",
    "一貫性",
    "冪等性",
    "同期",
    "非同期",
    "待ち行列",
    "通知",
    "発行",
    "購読",
    "配信",
    "変換",
    "抽出",
    "読み込み",
    "書き込み",
    "削除",
    "更新",
    "検索",
    "索引",
]
KATAKANA = [
    "エンドポイント",
    "インスタンス",
    "コンテナ",
    "イメージ",
    "モデル",
    "データ",
    "パイプライン",
    "ワークフロー",
    "ジョブ",
    "バッチ",
    "ストリーム",
    "キュー",
    "トピック",
    "メッセージ",
    "イベント",
    "トリガー",
    "レイヤー",
    "ランタイム",
    "メモリ",
    "ストレージ",
    "バケット",
    "オブジェクト",
    "クエリ",
    "テーブル",
    "スキーマ",
    "パーティション",
    "クラスター",
    "ノード",
    "ネットワーク",
    "サブネット",
    "セキュリティグループ",
    "ロール",
    "ポリシー",
    "アカウント",
    "リージョン",
    "アベイラビリティーゾーン",
    "スケーリング",
    "デプロイ",
    "バリアント",
    "トレーニング",
    "チューニング",
    "ハイパーパラメータ",
    "アルゴリズム",
    "フレームワーク",
    "ノートブック",
    "ダッシュボード",
    "メトリクス",
    "アラーム",
    "ログストリーム",
    "レコメンド",
    "チャットボット",
    "インテント",
    "スロット",
    "ラベル",
    "アノテーション",
    "センチメント",
]
VERBS = [
    ("作成", "する"),
    ("管理", "する"),
    ("実行", "する"),
    ("監視", "する"),
    ("保存", "する"),
    ("暗号化", "する"),
    ("分析", "する"),
    ("変換", "する"),
    ("配信", "する"),
    ("検出", "する"),
    ("予測", "する"),
    ("学習", "する"),
    ("推論", "する"),
    ("削減", "する"),
    ("自動化", "する"),
    ("構築", "する"),
    ("統合", "する"),
    ("公開", "する"),
    ("制御", "する"),
    ("記録", "する"),
]
EXTRA_KANJI = "安全運用設計開発試験本番環境構成設定変更確認要件制限上限下限既定値手順"
TEMPLATES = [
    "{svc}は、{noun}を{verb}ためのフルマネージドサービスです。",
    "{svc}を使用することで、{kata}の{noun}を簡単に{verb}ことができます。",
    "{noun}と{noun2}の違いは、{kata}を{verb}かどうかです。",
    "{svc}と{svc2}を組み合わせると、{noun}の{kata}を{verb}ことができる。",
    "{kata}は{noun}に応じて自動的に{verb}。",
    "試験では「{noun}」と「{kata}」の組み合わせがよく問われる。",
    "{svc}の{kata}は、{noun}や{noun2}などの{kata2}に対応しています。",
    "注意: {svc}では{noun}の上限が{num}件です。",
    "{noun}を高速化するには、{svc}の{kata}を{num}個まで増やす。",
    "{svc} ({en}) は {kata} と {kata2} を提供する。",
]
ENGLISH = [
    "Server-Side Encryption",
    "High Availability",
    "Batch Transform",
    "Real-Time Inference",
    "Multi-Model Endpoint",
    "Automatic Model Tuning",
    "Data Parallelism",
    "Model Parallelism",
    "Managed Spot Training",
    "Asynchronous Inference",
    "Serverless Inference",
    "Shadow Testing",
    "Feature Engineering",
    "Hyperparameter Optimization",
    "Cross Validation",
    "Early Stopping",
]
CODE = [
    'import boto3\nclient = boto3.client("{lower}")\n'
    'response = client.describe_job(JobName="job-{num}")\n'
    'print(response["FailureReason"])',
    "aws {lower} list-jobs --max-results {num} --region ap-northeast-1",
    '{{\n  "Effect": "Allow",\n  "Action": "{lower}:*",\n'
    '  "Resource": "arn:aws:{lower}:*:*:job/{num}"\n}}',
]


class _Gen:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def noun(self) -> str:
        if self.rng.random() < 0.15:
            return "".join(self.rng.sample(EXTRA_KANJI, 2))
        return self.pick(NOUNS)

    def sentence(self) -> str:
        stem, suffix = self.rng.choice(VERBS)
        fields = {
            "svc": self.pick(SERVICES),
            "svc2": self.pick(SERVICES),
            "noun": self.noun(),
            "noun2": self.noun(),
            "kata": self.pick(KATAKANA),
            "kata2": self.pick(KATAKANA),
            "verb": stem + suffix,
            "num": str(self.rng.randint(2, 9999)),
            "en": self.pick(ENGLISH),
        }
        return self.pick(TEMPLATES).format(**fields)

    def table(self) -> list[str]:
        rows = ["| 項目 (Item) | 説明 (Description) | 上限 |", "| --- | --- | --- |"]
        for _ in range(self.rng.randint(3, 5)):
            rows.append(
                f"| {self.pick(KATAKANA)} | {self.noun()}の{self.pick(KATAKANA)} | "
                f"{self.rng.randint(1, 500)} |"
            )
        return rows

    def code(self, service: str) -> list[str]:
        lower = service.lower().replace(" ", "-")
        text = self.pick(CODE).format(lower=lower, num=self.rng.randint(1, 999))
        return ["```", *text.split("\n"), "```"]


@dataclass(frozen=True)
class Meta:
    """The front matter of a generated note."""

    title: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    order: int


def note_text(index: int, rng: random.Random, size: int = 2048) -> tuple[Meta, str]:
    """Front matter fields and the Markdown body of generated note `index`."""
    gen = _Gen(rng)
    service = gen.pick(SERVICES)
    topic = gen.noun()
    title = f"{service} の{topic} ({index:05d})"
    aliases = [service, f"{topic}", gen.pick(KATAKANA)]
    tags = [service.lower().replace(" ", "-"), "generated"]
    lines = [f"# {title}", f"- {gen.sentence()}", f"- {gen.sentence()}", ""]
    section = 0
    while sum(len(line.encode()) + 1 for line in lines) < size:
        section += 1
        level = "##" if rng.random() < 0.7 else "###"
        lines.append(f"{level} {gen.pick(KATAKANA)}と{gen.noun()} ({gen.pick(ENGLISH)})")
        for _ in range(rng.randint(2, 5)):
            lines.append(f"- {gen.sentence()}")
            if rng.random() < 0.3:
                lines.append(f"  - {gen.sentence()}")
        roll = rng.random()
        if roll < 0.12:
            lines.extend(["", *gen.table()])
        elif roll < 0.2:
            lines.extend(["", *gen.code(service)])
        lines.append("")
    body = "\n".join(lines).rstrip("\n") + "\n"
    return Meta(title, tuple(aliases), tuple(tags), index), body


def _sections(body: str) -> tuple[Section, ...]:
    out = []
    for number, line in enumerate(body.split("\n")):
        for level in (3, 2):
            marker = "#" * level + " "
            if line.startswith(marker):
                title = line[len(marker) :]
                out.append(Section(level, title, f"s{number}", number))
                break
    return tuple(out)


def generate(count: int, *, seed: int = SEED, big_note: bool = True) -> list[Note]:
    """`count` generated notes (plus one ~50 KB note when `big_note`), always the same."""
    rng = random.Random(seed)
    notes = []
    for index in range(count):
        meta, body = note_text(index, rng)
        category = SERVICES[index % 12]
        notes.append(
            Note(
                id=f"gen/{index:05d}",
                title=meta.title,
                category=category,
                body=body,
                path=Path(f"gen/{index:05d}.md"),
                aliases=meta.aliases,
                tags=meta.tags,
                order=index,
                sections=_sections(body),
            )
        )
    if big_note:
        meta, body = note_text(count, rng, size=50 * 1024)
        notes.append(
            Note(
                id="gen/big",
                title="大きなノート (Big note)",
                category=SERVICES[0],
                body=body,
                path=Path("gen/big.md"),
                aliases=("big",),
                sections=_sections(body),
            )
        )
    return notes


def library(count: int, *, seed: int = SEED, big_note: bool = True) -> Library:
    """A Library of `count` generated notes in 12 categories."""
    categories: dict[str, Category] = {}
    for note in generate(count, seed=seed, big_note=big_note):
        category = categories.setdefault(note.category, Category(note.category, note.category))
        category.notes.append(note)
    return Library(root=Path(f"/generated/{seed}/{count}"), categories=list(categories.values()))


def write(directory: Path, count: int, *, seed: int = SEED, big_note: bool = True) -> None:
    """Write the generated notes (the same as `generate`) as Markdown files with front
    matter under `directory`."""
    for note in generate(count, seed=seed, big_note=big_note):
        folder = directory / note.category.lower().replace(" ", "-")
        folder.mkdir(parents=True, exist_ok=True)
        aliases = ", ".join(note.aliases)
        tags = ", ".join(note.tags)
        front = f'---\ntitle: "{note.title}"\naliases: [{aliases}]\ntags: [{tags}]\n'
        front += f"order: {note.order}\n---\n"
        name = note.id.rsplit("/", 1)[-1]
        (folder / f"{name}.md").write_text(front + note.body, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
