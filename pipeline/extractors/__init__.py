"""Extractors: pure functions from a document model to mention records."""

from __future__ import annotations

from pipeline.extractors.designations import extract_designations
from pipeline.extractors.events import extract_events
from pipeline.extractors.membership import extract_membership
from pipeline.extractors.model import Document, build
from pipeline.extractors.organisation import Organisation
from pipeline.text.dates import DateMatch, DocumentDate

TABLES = ("event_mentions", "designation_mentions", "membership_mentions")


def extract_document(
    source_id: str, text: str, this_year: int | None = None, org: Organisation | None = None,
    document_date: DocumentDate | None = None,
) -> dict[str, list[dict]]:
    """All candidate mention records of one document, by table name.

    Candidates, not yet rows: ``pipeline.stages.extract`` drops (and reports) those that cannot be
    published, e.g. the ones of a sentence holding an impossible date.
    """
    return extract_candidates(source_id, text, this_year, org, document_date)[0]


def extract_from(doc: Document) -> dict[str, list[dict]]:
    """Candidate records of a built document model, by table."""
    return {
        "event_mentions": extract_events(doc),
        "designation_mentions": extract_designations(doc),
        "membership_mentions": extract_membership(doc),
    }


def extract_candidates(
    source_id: str, text: str, this_year: int | None = None, org: Organisation | None = None,
    document_date: DocumentDate | None = None,
) -> tuple[dict[str, list[dict]], list[tuple[int, int, DateMatch]]]:
    """Candidate records by table, and every impossible date as (sentence start, sentence end, match).

    ``org`` is the organisation the text is coded for (default: the MEK's profile);
    ``document_date`` anchors relative dates ("on Tuesday", "last year").
    """
    doc = build(source_id, text, org, this_year=this_year, document_date=document_date)
    return extract_from(doc), impossible_dates(doc)


def impossible_dates(doc: Document) -> list[tuple[int, int, DateMatch]]:
    """Every impossible date of a built document as (sentence start, sentence end, match)."""
    return [(ds.start, ds.end, m) for ds in doc.sentences for m in ds.rejected]


def names_organisation(doc: Document) -> bool:
    """Whether the text names the organisation it is coded for: a reference by a name, abbreviation,
    wing, leader, site or member word, not only a generic one ("the group")."""
    return any(ref.kind != "generic" for ref in doc.refs)


def unnamed_warning(doc: Document, rows: int) -> str | None:
    """The warning for a text that never names the organisation it is coded for (perhaps coded for the
    wrong one), given how many rows it gave: they rest on generic references ("the group") alone. None
    when the text names it."""
    if names_organisation(doc):
        return None
    org = doc.org
    names = ", ".join((*org.short_forms[:3], *org.all_names[:1]))
    what = (f"its {rows} row{'s' * (rows != 1)} rest{'s' * (rows == 1)} on generic references (\"the group\") alone"
            if rows else "no row is coded")
    return (f"{doc.source_id}: the text never names the organisation it is coded for ({org.id}: {names}, ...), so "
            f"{what}; if it is about another organisation, give its profile (--organisation, or the manifest's "
            "organisation column)")
