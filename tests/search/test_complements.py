"""Chinese verbs in their potential form are found however the segmenter cut them."""

import pytest

from search.analysis import is_chinese, is_stop_word
from search.complements import potential_forms, split_potential


def is_verb(word: str) -> bool:
    return is_chinese(word) and not is_stop_word(word)


@pytest.mark.parametrize(
    "words, verb, complement, negative",
    [
        (["登", "不", "上去"], "登", "上去", True),
        (["找", "不到"], "找", "到", True),
        (["充不", "进去"], "充", "进去", True),
        (["查不到"], "查", "到", True),
        (["看得懂"], "看", "懂", False),
        (["解决不了"], "解决", "了", True),
        (["说不清楚"], "说", "清楚", True),
    ],
)
def test_a_verb_and_its_complement_are_found_in_one_two_or_three_words(
    words, verb, complement, negative
):
    [form] = potential_forms(words, is_verb)
    assert (form.verb, form.complement, form.negative) == (verb, complement, negative)
    assert (form.start, form.end) == (0, len(words))


@pytest.mark.parametrize(
    "words",
    [
        ["客服", "不", "理", "我"],  # 理 is no complement
        ["会", "不会"],  # a stop word is no verb
        ["受不了"],  # "cannot stand it", an idiom
        ["对不起"],  # 起 is not of the class
        ["不到"],  # a complement without a verb
    ],
)
def test_words_that_only_look_like_the_form_are_not_it(words):
    assert potential_forms(words, is_verb) == []


def test_the_result_of_a_phase_complement_is_the_verb_itself():
    [found] = potential_forms(["退", "不了"], is_verb)
    assert found.result == "退"
    [found] = potential_forms(["找", "不到"], is_verb)
    assert found.result == "找到"
    [found] = potential_forms(["登", "不", "上去"], is_verb)
    assert found.shorter == "上"
    assert split_potential("登录") is None
