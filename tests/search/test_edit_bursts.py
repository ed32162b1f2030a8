"""Edits don't starve searches (issue 17): a burst of edits lands in one commit, a search
never waits for a busy writer beyond its bound, and what the next snapshot carries over
from the previous one is exactly what a cold computation gives.

No assertion here measures time: each waits for a condition, within generous bounds.
"""

import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from faq.models import Channel, ChannelStep, Issue, Tip
from search import consistency, indexing, snapshot
from search.scoring import field_lengths
from search.services import faq_search
from search.snapshot import EditorView, SearchSnapshot, current_snapshot, live_build
from search.spelling import Speller
from tests.conftest import SHIPPED_FIXTURES

pytestmark = pytest.mark.django_db

TIMEOUT = 120.0  # generous: the machine may be busy
RELEVANCE = Path(__file__).with_name("relevance.tsv")


def generation() -> int:
    return indexing.latest_generation(indexing.live_path().resolve())


def found(query, lang="en"):
    return [hit.slug for hit in faq_search(query=query, lang=lang, record=False).hits]


def found_by_api(client, query, lang="en"):
    answer = client.get("/api/search/", {"q": query, "lang": lang})
    assert answer.status_code == 200
    return [result["slug"] for result in answer.json()["results"]]


def wait_for(condition, what: str):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.01)


def edit_burst(callbacks) -> list[tuple[str, str]]:
    """Save five edits, each in its own transaction as admin saves are; return (word,
    slug) pairs each edit made searchable."""
    burst = []
    for slug, word in [("account", "quokka"), ("returns", "pangolin"), ("orders", "narwhal")]:
        issue = Issue.objects.get(slug=slug)
        with callbacks(execute=True), transaction.atomic():
            issue.solution_en = f"Ask a {word} about it."
            issue.save()
        burst.append((word, slug))
    step = ChannelStep.objects.filter(channel__slug="forums").first()
    with callbacks(execute=True), transaction.atomic():
        step.body_en = "Wave a semaphore flag."
        step.save()
    burst.append(("semaphore", "forums"))
    tip = Tip.objects.get(slug="escalate")
    with callbacks(execute=True), transaction.atomic():
        tip.is_published = False
        tip.save()
    return burst


def test_a_burst_saved_while_a_writer_is_busy_lands_in_its_next_commit(
    search_index, django_capture_on_commit_callbacks
):
    before, position = generation(), indexing.read_position()
    with indexing.writer_lock():  # another writer at work for as long as the burst lasts
        burst = edit_burst(django_capture_on_commit_callbacks)
        # Every save returned without waiting for the writer, and wrote nothing.
        assert indexing.read_position() == position
        assert generation() == before
    # What that writer does when it lets go: it looks at the log again.
    applied = indexing.apply_after_edit()
    assert applied == 5
    assert generation() == before + 1  # the whole burst, in one commit
    assert indexing.read_position() == indexing.log_head()
    for word, slug in burst:
        assert found(word) == [slug]
    assert "escalate" not in found("escalate")
    assert not consistency.compare()
    call_command("check_index", verbosity=0)


def test_edits_within_the_commit_interval_wait_for_one_commit(
    search_index, django_capture_on_commit_callbacks, settings
):
    settings.SEARCH_COMMIT_INTERVAL = 3600.0  # the timer never fires by itself here
    before = generation()
    try:
        burst = edit_burst(django_capture_on_commit_callbacks)
        # The index was just built: every edit of the burst waits for the interval.
        assert indexing.deferred.pending()
        assert generation() == before
        assert found("quokka") == []  # searches answer from the previous snapshot
    finally:
        indexing.deferred.flush()  # what the timer does when the interval is up
    assert generation() == before + 1
    for word, slug in burst:
        assert found(word) == [slug]
    assert not consistency.compare()
    call_command("check_index", verbosity=0)


def test_the_commit_timer_applies_a_burst_by_itself(transactional_db, settings):
    """The timer's own thread, with committed data (its connection is its own)."""
    call_command("loaddata", *SHIPPED_FIXTURES, verbosity=0)
    call_command("rebuild_index", interactive=False, verbosity=0)
    settings.SEARCH_COMMIT_INTERVAL = 0.2
    before = generation()
    for slug, word in [("account", "quokka"), ("returns", "pangolin")]:
        issue = Issue.objects.get(slug=slug)
        issue.solution_en = f"Ask a {word} about it."
        issue.save()  # autocommit: on_commit runs at once
    wait_for(lambda: indexing.read_position() == indexing.log_head(), "the timer's commit")
    wait_for(lambda: not indexing.deferred.pending(), "the timer to finish")
    assert generation() - before <= 2  # at most the first edit at once, then the rest
    assert found("quokka") == ["account"]
    assert found("pangolin") == ["returns"]
    assert not consistency.compare()


def test_a_search_while_a_writer_holds_the_lock_answers_from_the_previous_snapshot(
    client, search_index, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_CATCH_UP_WAIT = 0.05
    assert found_by_api(client, "refund") == ["returns"]
    previous = current_snapshot()
    issue = Issue.objects.get(slug="account")
    with indexing.writer_lock():  # held until the search has answered: it cannot wait it out
        with django_capture_on_commit_callbacks(execute=True):
            issue.solution_en = "Ask a platypus."
            issue.save()
        assert indexing.read_position() < indexing.log_head()
        assert found_by_api(client, "platypus") == []  # the previous snapshot
        assert found_by_api(client, "refund") == ["returns"]
        assert current_snapshot().position == previous.position
    assert found_by_api(client, "platypus") == ["account"]  # the lock is free: caught up


def test_during_a_burst_searches_answer_from_the_previous_snapshot_and_write_nothing(
    client, search_index, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_COMMIT_INTERVAL = 3600.0
    position = indexing.read_position()
    try:
        edit_burst(django_capture_on_commit_callbacks)
        assert found_by_api(client, "quokka") == []
        assert indexing.read_position() == position  # the search wrote nothing
    finally:
        indexing.deferred.flush()
    assert found_by_api(client, "quokka") == ["account"]


# ---- Carried-over caches against a cold computation ----


def relevance_queries() -> list[tuple[str, str]]:
    pairs = []
    for line in RELEVANCE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, query, _answers = line.split("\t")
            pairs.append((lang, query))
    # Pinyin, misspellings and joined words: the lexicon's carried parts at work.
    pairs += [("zh-hans", "tuikuan"), ("zh-hans", "xiugai mima"), ("en", "refnud")]
    pairs += [("en", "giftcard"), ("en", "costumer service phone")]
    return pairs


def shown(results) -> tuple:
    hits = [
        (hit.kind, hit.slug, hit.score, hit.title, hit.snippet, hit.pinned, hit.url)
        for hit in results.hits
    ]
    return hits, results.total, results.kind_counts, results.suggestion


def cold_snapshot() -> SearchSnapshot:
    """A snapshot made from nothing, as a fresh process makes it."""
    live = current_snapshot()
    return SearchSnapshot(snapshot._open(live_build()), EditorView.load(live.editors.version))


SEGMENTS_SEEN: list[int] = []


def assert_same_as_cold(queries) -> None:
    carried, cold = current_snapshot(), cold_snapshot()
    SEGMENTS_SEEN.append(len(carried.index.searcher.reader().leaf_readers()))
    assert carried.position == cold.position
    for lang, query in queries:
        warm = faq_search(query=query, lang=lang, record=False, snapshot=carried)
        fresh = faq_search(query=query, lang=lang, record=False, snapshot=cold)
        assert shown(warm) == shown(fresh), (lang, query)
    # The parts themselves, too, and the words and field lengths they are made from.
    for name in ("text", "title", "bigrams", "spelling"):
        assert carried.index.field_lengths(name) == field_lengths(carried.index.searcher, name)
    summed, read = snapshot.words_by_segment(carried.index), carried.index.words()
    assert [list(part.items()) for part in summed] == [list(part.items()) for part in read]
    warm_lexicon, cold_lexicon = carried.lexicon, cold.lexicon
    assert warm_lexicon.speller.frequency == cold_lexicon.speller.frequency
    assert warm_lexicon.speller._by_letter == cold_lexicon.speller._by_letter
    assert warm_lexicon.pinyin.readings == cold_lexicon.pinyin.readings
    assert warm_lexicon.pinyin.longest == cold_lexicon.pinyin.longest


def save(callbacks, entry, **fields) -> None:
    with callbacks(execute=True), transaction.atomic():
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save()


def test_carried_over_caches_give_what_a_cold_computation_gives(
    search_index, django_capture_on_commit_callbacks
):
    queries = relevance_queries()
    for lang, query in queries:  # every part of the lexicon built, entries loaded
        faq_search(query=query, lang=lang, record=False)
    first = current_snapshot()
    thesaurus = first.lexicon.thesaurus
    issues = list(Issue.objects.order_by("pk")[:3])
    texts = [issue.solution_en for issue in issues]
    callbacks = django_capture_on_commit_callbacks

    # Words the index knows, moved between entries: the thesaurus is carried over.
    save(callbacks, issues[0], solution_en=texts[1])
    save(callbacks, issues[1], solution_en=texts[2])
    carried_entries = dict(current_snapshot().index._entries)  # before any search loads more
    assert carried_entries and ("faq.issue", issues[0].pk) not in carried_entries
    assert_same_as_cold(queries)
    assert current_snapshot().lexicon.thesaurus is thesaurus

    # A channel's step (its issues show it), an unpublished tip, a title, Chinese text.
    step = ChannelStep.objects.filter(channel__slug="phone").first()
    save(callbacks, step, body_en="Call the number on the back of the card.")
    save(callbacks, Tip.objects.get(slug="escalate"), is_published=False)
    save(callbacks, issues[2], title_en="Refund and delivery problems")
    save(callbacks, issues[0], solution_zh_hans="退款到账时间请联系客服。")
    assert_same_as_cold(queries)

    # A word no entry had: the thesaurus is built again, and the rest still agrees.
    save(callbacks, issues[1], solution_en="Ask a quokka.")
    assert current_snapshot().lexicon.thesaurus is not thesaurus
    assert_same_as_cold(queries)
    assert found("quokka") == [issues[1].slug]

    # A channel renamed and unpublished: issues that recommended it are loaded again.
    save(callbacks, Channel.objects.get(slug="email"), title_en="Electronic mail")
    assert_same_as_cold(queries)
    save(callbacks, Channel.objects.get(slug="email"), is_published=False)
    assert_same_as_cold(queries)
    assert max(SEGMENTS_SEEN) > 1  # the words were summed over segments at least once


def test_a_carried_speller_is_the_speller_built_afresh():
    inherited = snapshot.LexiconParts(editors=())
    inherited.speller = Speller.build({"refund": 3, "parcel": 2}, ["gift"], english_lexicon())
    carried = snapshot.carried_speller(inherited, {"refund": 5, "parcel": 1}, ["gift"])
    fresh = Speller.build({"refund": 5, "parcel": 1}, ["gift"], english_lexicon())
    assert carried.frequency == fresh.frequency and carried._by_letter == fresh._by_letter
    assert carried.corrections("refnud") == fresh.corrections("refnud")
    # Other words: nothing to carry.
    assert snapshot.carried_speller(inherited, {"refund": 5}, ["gift"]) is None


def english_lexicon():
    from search.thesaurus import english_lexicon

    return english_lexicon()
