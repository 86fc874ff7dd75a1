"""The fast path's shortcuts around spaCy give the pipeline's own lemmas, and a CSV file
streamed through worker processes, batch after batch, gets exactly one process's rows."""

from __future__ import annotations

import csv

import analysis.csvthemes
from analysis.codebook import default_codebook
from analysis.csvthemes import tag_csv
from analysis.nlp import full_pipeline, lemma_pipeline, lemmas, pipe_parts_of_speech
from analysis.normalize import clean_words
from analysis.parallel import TaggerPool
from tests.analysis.test_lemma_shortcut import TEXTS


def test_parts_of_speech_then_rule_lemmas_give_the_full_pipelines_lemmas(tagger):
    """The model path runs only the token vectors and the morphologizer, then lemmatises the
    words it needs itself: the lemmas are those of the whole pipeline, word for word."""
    word_lists = [words for text in TEXTS if (words := clean_words(text))]
    word_lists += [["paris", "est", "belle"], ["les", "rues", "de", "paris", "sont", "sales"]]
    parts = pipe_parts_of_speech(lemma_pipeline(), word_lists)
    for words, pos_list in zip(word_lists, parts, strict=True):
        fast = [tagger.shortcut.lemma(word, pos) for word, pos in zip(words, pos_list, strict=True)]
        assert fast == lemmas(full_pipeline(), words), words


def test_a_file_streamed_through_workers_gets_one_process_rows(tagger, tmp_path, monkeypatch):
    monkeypatch.setattr(analysis.csvthemes, "BATCH_SIZE", 4)  # several batches in flight
    texts = TEXTS[:23]
    source = tmp_path / "reponses.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "texte"])
        writer.writerows([i, text] for i, text in enumerate(texts))
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    tag_csv(tagger, source, one, "texte", "id", progress=False)
    with TaggerPool(default_codebook(), 2) as pool:
        tag_csv(pool, source, two, "texte", "id", progress=False)
        assert pool.lookups == len(texts)
    expected = [
        [str(i), ";".join(tags.themes), tags.evidence_text()]
        for i, tags in enumerate(tagger.tag_many(texts))
    ]
    for output in (one, two):
        with open(output, encoding="utf-8", newline="") as handle:
            assert list(csv.reader(handle))[1:] == expected
