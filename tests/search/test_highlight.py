from search.highlight import _cut, matched_spans, same_language_snippet, snippet


def test_matches_in_chinese_and_english_are_marked():
    html = snippet(["退款未到账 refund not arrived"], {"退款", "refund"})
    assert html == "<mark>退款</mark>未到账 <mark>refund</mark> not arrived"


def test_best_passage_is_the_one_with_most_distinct_matches():
    html = snippet(["only refund here", "gift card refund balance"], {"refund", "balanc"})
    assert html.startswith("gift card <mark>refund</mark> <mark>balance</mark>")


def test_everything_but_marks_is_escaped():
    html = snippet(['<script>alert("x")</script> refund'], {"refund"})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>refund</mark>" in html


def test_long_passages_are_cut_around_the_first_match():
    text = "前言" * 200 + "退款未到账" + "后记" * 200
    html = snippet([text], {"退款"}, length=40)
    assert html.startswith("…")
    assert html.endswith("…")
    assert "<mark>退款</mark>" in html


def test_no_match_gives_the_first_passage_unmarked():
    assert snippet(["first", "second"], {"zzz"}) == "first"


def test_adjacent_matches_count_as_separate_words_when_choosing_the_passage():
    html = snippet(["包裹丢失", "查看物流信息,询问包裹状态"], {"包裹", "丢失", "物流"})
    assert html == "<mark>包裹丢失</mark>"


def test_a_cut_window_starts_at_a_word_not_at_the_end_of_a_sentence():
    # The window starts a fifth of its length (9) before the match: on the full stop.
    text = "x" * 50 + ". If the stuck parcel has not moved for days, ask the carrier." * 2
    match = text.index("stuck")
    assert text[match - 9] == "."
    html = _cut(text, [(match, match + 5)], 45)
    assert html.startswith("…If the <mark>stuck</mark>")
    chinese = "这是第一句话的结尾。" * 6 + "如果物流一直不更新，请联系客服。" * 3
    assert not snippet([chinese], {"物流"}, length=30).startswith("…。")


def test_a_word_inside_an_address_is_not_marked():
    text = (
        "或者直接访问 https://www.amazon.com/gp/help/customer/display.html。联系 customer service"
    )
    html = snippet([text], {"custom", "servic"})
    assert "/help/customer/display" in html and "<mark>customer</mark> <mark>service</mark>" in html
    assert html.count("<mark>") == 2


def test_a_list_item_s_marker_is_not_shown():
    assert (
        snippet(["- 电话（Phone）：适用于紧急问题"], {"电话"})
        == "<mark>电话</mark>（Phone）：适用于紧急问题"
    )
    assert snippet(["2. Click Chat with us"], {"chat"}) == "Click <mark>Chat</mark> with us"
    html = _cut("- " + "x " * 60 + "refund", [(122, 128)], 40)
    assert html.startswith("…") and "<mark>refund</mark>" in html
    assert snippet(["-5 degrees"], {"degre"}).startswith("-5")  # no marker: a minus


def test_a_compound_and_its_sub_word_are_one_concept_of_the_query():
    concepts = {"客服代表": 0, "客服": 0, "电话": 1}
    assert matched_spans("与客服代表交流", concepts)[1] == 1
    assert matched_spans("与客服代表交流", set(concepts))[1] == 2  # as terms, two
    html = snippet(["与客服代表交流", "拨打电话联系客服"], concepts)
    assert "拨打" in html  # two of the query's concepts, not one counted twice


def test_the_page_languages_line_matching_every_concept_is_shown_and_no_later_line_analysed(
    monkeypatch,
):
    from search import highlight

    pairs = [
        ("Refund only", "仅退款"),
        ("Refund to your gift card", "退款到礼品卡"),
        ("Gift card refund rules", "礼品卡退款规则"),
    ]
    concepts = {"refund": 0, "退款": 0, "gift": 1, "card": 1, "礼品卡": 1}
    analysed = []
    spans = highlight.matched_spans
    monkeypatch.setattr(
        highlight, "matched_spans", lambda text, terms: analysed.append(text) or spans(text, terms)
    )
    html = same_language_snippet(pairs, concepts)
    assert html.startswith("<mark>Refund</mark> to your <mark>gift</mark> <mark>card</mark>")
    assert "Gift card refund rules" not in analysed and "礼品卡退款规则" not in analysed
