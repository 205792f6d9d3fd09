"""Extractors: pure functions from a document's text to mention records."""

from __future__ import annotations

from pipeline.dates import DateMatch, DocumentDate
from pipeline.extractors.context import dated_sentences
from pipeline.extractors.designations import extract_designations
from pipeline.extractors.events import extract_events
from pipeline.extractors.membership import extract_membership

TABLES = ("event_mentions", "designation_mentions", "membership_mentions")


def extract_document(
    source_id: str, text: str, this_year: int | None = None, document_date: DocumentDate | None = None
) -> dict[str, list[dict]]:
    """All candidate mention records of one document, by table name.

    Candidates, not yet rows: ``pipeline.extract`` drops (and reports) those that cannot be
    published, e.g. the ones of a sentence holding an impossible date.
    """
    return extract_candidates(source_id, text, this_year, document_date)[0]


def extract_candidates(
    source_id: str, text: str, this_year: int | None = None, document_date: DocumentDate | None = None
) -> tuple[dict[str, list[dict]], list[tuple[int, int, DateMatch]]]:
    """Candidate records by table, and every impossible date as (sentence start, sentence end, match)."""
    sentences = dated_sentences(text, this_year=this_year, document_date=document_date)
    tables = {
        "event_mentions": extract_events(source_id, text, sentences),
        "designation_mentions": extract_designations(source_id, text, sentences),
        "membership_mentions": extract_membership(source_id, text, sentences),
    }
    impossible = [(ds.start, ds.end, m) for ds in sentences for m in ds.rejected]
    return tables, impossible
