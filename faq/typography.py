"""Chinese typography: half-width punctuation in Chinese text becomes full-width, and a
full-width quote stands against the Chinese beside it (选择“帮助”, not 选择 “帮助”)."""

import re

from django.utils.translation import pgettext_lazy

# Django's own Simplified Chinese catalogue ends a shortened text with three full stops
# ("希望这篇文章能够帮助..."); this project's catalogue, read before Django's, gives it the
# ellipsis every other language gets. Named here so that makemessages keeps the string.
TRUNCATED = pgettext_lazy("String to return when truncating text", "%(truncated_text)s…")

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
# Chinese characters, and the full-width punctuation and quotes that stand among them.
CHINESE = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019]"
# Addresses keep every character as typed.
ADDRESS = re.compile(
    r"https?://[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+|www\.[\w.-]+|\S+@\S+\.\w+"
)
# A mark is Chinese punctuation when Chinese stands next to it (spaces aside): "您好,请" but
# not "1,000", "10:30" or "e.g., this".
# Only spaces within a line go: a line break is the text's structure.
PUNCTUATION = re.compile(
    rf"(?<={CHINESE})[ \t]*([,:;?!()])[ \t]*|[ \t]*([,:;?!()])[ \t]*(?={CHINESE})"
)


def full_width_punctuation(text: str) -> str:
    """Return the text with the punctuation of its Chinese sentences written full-width,
    addresses, numbers and English left as they are."""
    parts, end = [], 0
    for address in ADDRESS.finditer(text):
        parts += [_convert(text[end : address.start()]), address.group(0)]
        end = address.end()
    parts.append(_convert(text[end:]))
    return "".join(parts)


# Spaces between a Chinese character (or full-width mark) and a full-width quote: the
# quote's glyph carries its own space.
HAN = r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]"
QUOTE_SPACE = re.compile(rf"(?<={HAN})[ \t]+(?=[\u201c\u2018])|(?<=[\u201d\u2019])[ \t]+(?={HAN})")


def _convert(text: str) -> str:
    # Again until nothing changes: in "聊天 (Live Chat):" the ")" is Chinese punctuation
    # only once the ":" after it is.
    while (converted := PUNCTUATION.sub(_full_width, text)) != text:
        text = converted
    return QUOTE_SPACE.sub("", text)


def _full_width(match: re.Match) -> str:
    return FULL_WIDTH[match.group(1) or match.group(2)]
