"""A CRM's raw objects as a source mapping reads them, as data.

A source mapping (crm_source salesforce, hubspot, ...) declares the tables
and columns it reads once, in models/staging/<source>/_<source>__sources.yml
(the dbt source named <source>); the loader reads the same file. Per column,
`config: {meta: {kind: ..., optional: true}}`: the kind (id, text, flag,
integer, amount, date, timestamp: the loader's locale options convert dates,
timestamps and amounts) and whether the mapping can do without it (a column
not optional is required). Per table, `config: {meta: {other_shape_marker:
COLUMN, other_shape: TEXT}}`: a table that has COLUMN and lacks a required
column is another object of a similar name, described by TEXT.

Names are Fivetran's: snake_case API names (StageName -> stage_name,
OpportunityHistory -> opportunity_history, Product2 -> product_2,
Custom__c -> custom_c); snake_case() turns an export's names into them.
"""

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from crm_contract import Column

MODELS = Path(__file__).resolve().parents[1] / "models" / "staging"


@dataclass(frozen=True)
class SourceTable:
    name: str
    columns: tuple  # crm_contract.Column, in declared order
    other_shape_marker: str = None
    other_shape: str = None

    def required(self):
        return [column.name for column in self.columns if column.required]


def sources_file(source):
    return MODELS / source / f"_{source}__sources.yml"


def available():
    """The sources that declare their tables (models/staging/*/_*__sources.yml),
    the contract's own crm source aside."""
    return sorted(path.parent.name for path in MODELS.glob("*/_*__sources.yml")
                  if path.name == f"_{path.parent.name}__sources.yml" and path.parent.name != "crm")


def _meta(node):
    return {**(node.get("meta") or {}), **((node.get("config") or {}).get("meta") or {})}


@functools.lru_cache(maxsize=None)
def read_source(source):
    """{table: SourceTable} of the dbt source SOURCE in its sources file."""
    document = yaml.safe_load(sources_file(source).read_text())
    declared = next(s for s in document["sources"] if s["name"] == source)
    tables = {}
    for table in declared["tables"]:
        meta = _meta(table)
        columns = tuple(
            Column(column["name"], _meta(column).get("kind", "text"),
                   not _meta(column).get("optional", False))
            for column in table.get("columns", []))
        tables[table["name"]] = SourceTable(table["name"], columns,
                                            meta.get("other_shape_marker"),
                                            " ".join(str(meta.get("other_shape", "")).split()))
    return tables


def snake_case(name):
    """An API or export name in Fivetran's snake_case: words split where a
    lower-case letter meets an upper-case one and where letters meet digits;
    spaces, dots, hyphens and runs of underscores become one underscore.
    StageName -> stage_name, Opportunity History -> opportunity_history,
    Pricebook2Id -> pricebook_2_id, DeliveryStatus__c -> delivery_status_c,
    OppID -> opp_id, Account.Name -> account_name; a leading underscore
    stays (_fivetran_deleted)."""
    text = re.sub(r"[\s.\-]+", "_", name.strip().lstrip("\ufeff"))
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", text)
    text = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", "_", text)
    words = re.sub(r"_+", "_", text).strip("_").lower()
    return f"_{words}" if text.startswith("_") else words
