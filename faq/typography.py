"""Chinese typography: half-width punctuation in Chinese text becomes full-width."""

import re

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


def _convert(text: str) -> str:
    # Again until nothing changes: in "聊天 (Live Chat):" the ")" is Chinese punctuation
    # only once the ":" after it is.
    while (converted := PUNCTUATION.sub(_full_width, text)) != text:
        text = converted
    return text


def _full_width(match: re.Match) -> str:
    return FULL_WIDTH[match.group(1) or match.group(2)]
