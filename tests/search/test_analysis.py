import pytest
from whoosh import query as wq
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from search import analysis
from search.analysis import BilingualAnalyzer, analyze, normalize_query, query_terms, sub_words


def terms(text, **kwargs):
    return [(t.text, t.position) for t in analyze(text, **kwargs)]


def test_chinese_is_segmented_into_words_with_sequential_positions():
    assert terms("登录您的亚马逊账户", expand=False) == [("登录", 0), ("亚马逊", 1), ("账户", 2)]


def test_negations_particles_and_question_words_are_stop_words():
    assert query_terms("退款未到账") == ["退款", "到账"]
    assert query_terms("为什么要联系客服") == ["联系", "客服"]
    assert query_terms("怎么办") == []


def test_traditional_chinese_is_read_as_simplified():
    assert query_terms("退貨被拒絕") == query_terms("退货被拒绝") == ["退货", "拒绝"]
    assert query_terms("禮品卡") == ["礼品卡"]


def test_a_query_in_taiwan_words_reads_as_the_mainland_words_of_the_content():
    assert normalize_query("帳號登入失敗") == "帐号登录失败"
    assert normalize_query("上傳影片 傳簡訊") == "上传视频 传短信"
    # Simplified and English queries pass through as they were.
    assert normalize_query("登录 账户 Gift Card") == "登录 账户 gift card"


def test_a_taiwan_word_of_two_mainland_readings_takes_the_known_one():
    known = {"查询", "截图", "登录", "视频"}.__contains__
    # tw2sp reads 查詢 and 截圖 as software's 查找 and 截屏; the plain readings are known.
    assert normalize_query("自助查詢 截圖", known) == "自助查询 截图"
    # A Taiwan word whose mainland word is known keeps it (登入 -> 登录, 影片 -> 视频).
    assert normalize_query("帳號登入 上傳影片", known) == "帐号登录 上传视频"
    assert normalize_query("自助查詢") == "自助查找"  # without `known`, as before


GLOSSARY = (("收件箱", "收件匣"), ("郵箱", "信箱"), ("質量", "品質"), ("型別", "類型"))


def test_a_taiwan_phrase_spanning_words_is_left_as_converted():
    # tw2sp reads 線上 as 在线: in 有線上, the plain reading's 上 stands where the Taiwan
    # phrase put 线. Reading 上 there made 亚马逊有在上客服吗 (bench/parity.py).
    known = {"亚马逊", "上", "客服", "在线"}.__contains__
    assert normalize_query("亞馬遜有線上客服嗎", known) == "亚马逊有在线客服吗"


def test_a_word_a_glossary_writes_reads_back_as_the_known_source_word():
    known = {"收件箱", "邮箱", "质量"}.__contains__
    # The zh-hant pages write 收件匣 for the source's 收件箱, 信箱 for 邮箱, 品質 for 质量.
    assert normalize_query("電子郵件收件匣", known, GLOSSARY) == "电子邮件收件箱"
    assert normalize_query("電子信箱 品質", known, GLOSSARY) == "电子邮箱 质量"
    # Only a source word the search knows; 類型 is 类型 read plainly anyway.
    assert normalize_query("品質", set().__contains__, GLOSSARY) == "品质"
    assert analysis.source_readings(GLOSSARY) == (
        ("收件匣", "收件箱"),
        ("信箱", "邮箱"),
        ("品質", "质量"),
    )
    assert normalize_query("收件匣", known) == "收件匣"  # no glossary, as before


def test_a_glossary_read_back_for_offsets_keeps_the_text_s_length():
    assert (
        analysis.read_back("您的收件匣", (("收件箱", "收件匣"),), same_length=True) == "您的收件箱"
    )
    assert analysis.read_back("信箱", (("電子郵箱", "信箱"),), same_length=True) == "信箱"


def test_long_words_add_their_sub_words_at_the_same_position():
    found = terms("礼品卡余额不足")
    assert ("礼品卡", 0) in found
    assert ("礼品", 0) in found
    assert ("余额", 1) in found


def test_english_is_lowercased_stemmed_and_stop_words_dropped():
    assert query_terms("The Refunds haven't ARRIVED") == ["refund", "arriv"]
    assert query_terms("shipped shipping") == ["ship"]


def test_mixed_text_is_analysed_in_one_pass():
    assert query_terms("礼品卡 balance, Amazon客服!") == ["礼品卡", "balanc", "amazon", "客服"]


def test_punctuation_and_control_characters_make_no_terms():
    assert query_terms('"()*~:\x00\x1f 。,!') == []


def test_offsets_point_at_the_original_text():
    text = "Login 登录密码"
    assert [text[t.start : t.end] for t in analyze(text, expand=False)] == ["Login", "登录", "密码"]


def test_sub_words_only_for_longer_chinese_words():
    assert sub_words("退款") == []
    assert sub_words("refunds") == []
    assert "服务" in sub_words("服务中心")


def phrase_index():
    schema = Schema(body=TEXT(analyzer=BilingualAnalyzer(), stored=True))
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        writer.add_document(body="请输入您的登录密码。Enter your login password to continue.")
        writer.add_document(body="密码和登录是两件事。Password first, then log in.")
    return index


def test_phrase_queries_work_in_both_languages():
    with phrase_index().searcher() as searcher:
        chinese = searcher.search(wq.Phrase("body", query_terms("登录密码")))
        english = searcher.search(wq.Phrase("body", query_terms("login password")))
        assert [hit["body"][:5] for hit in chinese] == ["请输入您的"]
        assert [hit["body"][:5] for hit in english] == ["请输入您的"]


def test_words_with_inner_punctuation_are_split():
    assert query_terms("24-48 小时 e-mail") == ["24", "48", "小时", "e", "mail"]


def test_the_domain_dictionary_is_loaded():
    assert query_terms("快递没收到") == ["快递", "收到"]
    assert [t.text for t in analyze("快递没收到", expand=False, keep_stop_words=True)] == [
        "快递",
        "没",
        "收到",
    ]


def test_the_dictionary_is_loaded_when_the_wsgi_application_starts(monkeypatch):
    monkeypatch.setattr(analysis, "_segmenter", None)
    import importlib

    from search import indexing

    # Start-up also builds a missing index from the database: not this test's subject (and
    # alone, the test has no database).
    started = []
    monkeypatch.setattr(indexing, "ensure_index", lambda: started.append(True))

    import config.wsgi

    importlib.reload(config.wsgi)
    assert analysis._segmenter is not None
    assert started


def reference_terms(text, expand=True, keep_stop_words=False):
    """analyze() as it was before token forms were cached: every word analysed afresh."""
    position, found = 0, []
    for token, start, _end in analysis.segmenter().tokenize(analysis.to_simplified(text)):
        for part in analysis.WORD.finditer(token):
            word, word_start = part.group(), start + part.start()
            normalized = analysis.normalize_word(word, keep_stop_words=keep_stop_words)
            if normalized is None:
                continue
            found.append((normalized, position, word_start, word_start + len(word)))
            for sub in sub_words(normalized) if expand else []:
                at = word_start + word.find(sub)
                found.append((sub, position, at, at + len(sub)))
            position += 1
    return found


@pytest.mark.parametrize("expand", [True, False])
@pytest.mark.parametrize("keep_stop_words", [True, False])
def test_cached_token_forms_analyse_as_each_word_afresh(expand, keep_stop_words):
    texts = [
        "礼品卡余额不足，礼品卡不能退款。Gift cards can't be refunded; gift-card 24-48 h.",
        "退貨被拒絕 禮品卡 帳號登入失敗 QQ钱包提现 E-Mail e-mail the 的 了 服务中心服务中心",
    ]
    with analysis.token_cache():
        for text in texts * 2:  # the second time from the cache
            found = [
                (t.text, t.position, t.start, t.end)
                for t in analyze(text, expand=expand, keep_stop_words=keep_stop_words)
            ]
            assert found == reference_terms(text, expand, keep_stop_words)
    assert analysis._token_cache is None  # let go after the rebuild
    for text in texts:  # and without a cache
        found = [
            (t.text, t.position, t.start, t.end)
            for t in analyze(text, expand=expand, keep_stop_words=keep_stop_words)
        ]
        assert found == reference_terms(text, expand, keep_stop_words)
