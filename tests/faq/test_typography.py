"""Full-width punctuation in Chinese text, and only there."""

import json
from pathlib import Path

import pytest

from faq.typography import full_width_punctuation

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("您好,请稍等", "您好，请稍等"),
        ("推荐的联系方式(按优先顺序)", "推荐的联系方式（按优先顺序）"),
        ("在线聊天:具体步骤", "在线聊天：具体步骤"),
        ("通常等待时间: 几分钟", "通常等待时间：几分钟"),
        ("是否收到?", "是否收到？"),
        ("打开亚马逊网站 (www.amazon.com) 并登录", "打开亚马逊网站（www.amazon.com）并登录"),
        (
            "直接访问 https://www.amazon.com/a?b=1,2 。",
            "直接访问 https://www.amazon.com/a?b=1,2 。",
        ),
        ("在24-48小时内回复,谢谢", "在24-48小时内回复，谢谢"),
        ("金额为1,000元", "金额为1,000元"),
        ("上午10:30开始", "上午10:30开始"),
        ("Sign in, then choose Help: it works.", "Sign in, then choose Help: it works."),
        ("写信给 help@example.com,我们会回复", "写信给 help@example.com，我们会回复"),
        ("方式:\n- 在线聊天 (Live Chat):最快", "方式：\n- 在线聊天（Live Chat）：最快"),
        ("选择 “帮助”。", "选择“帮助”。"),
        ("点击 “开始聊天” 按钮", "点击“开始聊天”按钮"),
        ("点击 “Start chat” 按钮", "点击“Start chat”按钮"),
        ("Click “Start chat” now", "Click “Start chat” now"),
    ],
)
def test_chinese_punctuation_is_full_width_and_the_rest_is_left_alone(text, expected):
    assert full_width_punctuation(text) == expected


def test_converting_twice_changes_nothing_more():
    once = full_width_punctuation("您好,请(稍等): 谢谢!")
    assert full_width_punctuation(once) == once == "您好，请（稍等）：谢谢！"


def test_the_guides_chinese_text_is_written_with_chinese_punctuation(all_entries):
    for entry in all_entries:
        for field in ("title", "body", "problems", "solution", "when_to_use", "intro"):
            text = getattr(entry, f"{field}_zh_hans", None) or ""
            assert full_width_punctuation(text) == text, (entry.slug, field)


@pytest.mark.parametrize("fixture", ["guide.json", "examples/questions.json"])
def test_every_chinese_text_of_the_fixtures_is_written_so(fixture):
    """Steps, notes and every other part, not only the entries' own fields."""
    rows = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    for row in rows:
        for name, value in row["fields"].items():
            if name.endswith("_zh_hans") and isinstance(value, str):
                assert full_width_punctuation(value) == value, (row["model"], row["pk"], name)
