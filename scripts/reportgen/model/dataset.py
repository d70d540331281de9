"""The whole of data/ as one model: a Dataset with one attribute per file, the file each
collection lives in, and the JSON Schemas published in data/schema/ (editors autocomplete and
flag errors as one types)."""

from __future__ import annotations

import copy
import functools

from pydantic import BaseModel, ConfigDict, Field, create_model

from reportgen.model.editions import Edition
from reportgen.model.schema import (
    City,
    Discrepancy,
    Entity,
    Figure,
    Finding,
    Indicator,
    Meeting,
    Source,
    Strict,
    StructuredList,
    Table,
    Term,
)
from reportgen.model.site import Site


class Dataset(Strict):
    """Everything in data/, after loading; one attribute per file."""

    site: Site
    sources: list[Source]
    cities: list[City]
    meetings: list[Meeting]
    indicators: list[Indicator]
    entities: list[Entity]
    lists: list[StructuredList]
    discrepancies: list[Discrepancy]
    glossary: list[Term]
    figures: list[Figure]
    tables: list[Table]
    findings: list[Finding]
    editions: list[Edition] = Field(default_factory=list)  # data/editions.yaml, optional (EXTRA_FILES)


# Files a report may leave out, read apart from FILES: stem -> model of one entry.
EXTRA_FILES: dict[str, type[BaseModel]] = {"editions": Edition}

# One YAML file per collection: file stem -> (top-level key, model of one entry).
# `site.yaml` holds a single mapping rather than a list.
FILES: dict[str, type[BaseModel]] = {
    "site": Site,
    "sources": Source,
    "cities": City,
    "meetings": Meeting,
    "indicators": Indicator,
    "entities": Entity,
    "lists": StructuredList,
    "discrepancies": Discrepancy,
    "glossary": Term,
    "figures": Figure,
    "tables": Table,
    "findings": Finding,
}


def json_schemas() -> dict[str, dict]:
    """JSON Schema per data file (for editors) and for the whole dataset (for downloads)."""
    return copy.deepcopy(_json_schemas())  # built once per process (pydantic takes a while); callers get their own copy


@functools.cache
def _json_schemas() -> dict[str, dict]:
    out = {}
    for stem, model in {**FILES, **EXTRA_FILES}.items():
        body = model if stem == "site" else list[model]
        wrapper = create_model(f"{stem.title()}File", __config__=ConfigDict(extra="forbid"), **{stem: (body, ...)})
        schema = wrapper.model_json_schema(by_alias=True)
        schema["title"] = f"data/{stem}.yaml"
        out[f"{stem}.schema.json"] = schema
    out["dataset.schema.json"] = Dataset.model_json_schema(by_alias=True)
    return out
