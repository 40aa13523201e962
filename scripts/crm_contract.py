"""The raw CRM input contract (../shared/raw_crm_schema.md), read from the one
place it is declared: the YAML document in macros/crm_contract.sql, which dbt
reads too (its header explains every key).

TABLES: {table: [Column]} in contract order (name, kind, required); KEYS:
{table: [column]}, the columns that identify a record (quarantine writes their
raw values joined by "|" as the record key); ENUMS: {column: [value]}, the
closed vocabularies (after trimming, lower-casing and turning spaces and
hyphens into underscores), stages from seeds/reference/pipeline_stages.csv.
The generator, the loader and the tests read these.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_FILE = ROOT / "macros" / "crm_contract.sql"
STAGES_FILE = ROOT / "seeds" / "reference" / "pipeline_stages.csv"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id | text | code | currency | channel | enum | date | timestamp | amount | rate | integer
    required: bool = True


def read_contract(path=CONTRACT_FILE):
    """The contract's YAML document: {table: {record_key, columns}}."""
    match = re.search(r"\{%- set contract -%\}\n(.*?)\{%- endset -%\}", path.read_text(), re.S)
    return yaml.safe_load(match.group(1))


def _stages():
    with open(STAGES_FILE, newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: int(row["stage_order"]))
    return [row["stage"] for row in rows]


_CONTRACT = read_contract()

TABLES = {
    table: [Column(column["name"], column["kind"], not column.get("optional", False))
            for column in declared["columns"]]
    for table, declared in _CONTRACT.items()
}

KEYS = {table: declared["record_key"] for table, declared in _CONTRACT.items()}

ENUMS = {
    column["name"]: column["values"]
    for declared in _CONTRACT.values() for column in declared["columns"] if "values" in column
}
ENUMS["stage"] = _stages()


def column_names(table):
    return [column.name for column in TABLES[table]]
