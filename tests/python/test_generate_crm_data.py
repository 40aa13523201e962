"""scripts/generate_crm_data.py: a deterministic, consistent, realistic demo CRM."""

import csv
import json
import re
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate_crm_data.py"
sys.path.insert(0, str(ROOT / "scripts"))

import crm_shapes  # noqa: E402
import crm_sources  # noqa: E402
import generate_crm_data as gen  # noqa: E402
from crm_contract import ENUMS, KEYS, TABLES, column_names  # noqa: E402

LAST = datetime(2026, 10, 31, 23, 59, 59)
TS = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")
ENUM_COLUMNS = {"segment", "origin", "status", "opportunity_type", "stage",
                "activity_type", "outcome", "cost_category"}
ID_PATTERNS = {
    ("reps", "rep_id"): r"R\d{4}", ("accounts", "account_id"): r"A\d{6}",
    ("products", "product_id"): r"P\d{3}", ("campaigns", "campaign_id"): r"C\d{4}",
    ("leads", "lead_id"): r"L\d{7}", ("opportunities", "opportunity_id"): r"O\d{6}",
    ("activities", "activity_id"): r"ACT\d{8}", ("invoices", "invoice_id"): r"INV\d{7}",
    ("subscriptions", "subscription_id"): r"S\d{6}",
    ("nps_responses", "response_id"): r"NPS\d{6}",
    ("employee_surveys", "response_id"): r"ES\d{6}",
}


def run(out, *args):
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out), *args],
                   check=True, capture_output=True, text=True)


def read_rows(directory, table):
    with open(Path(directory) / f"{table}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def load(directory):
    """{table: [dict]} of a generated directory (all values strings)."""
    tables = {}
    for table in TABLES:
        header, rows = read_rows(directory, table)
        tables[table] = [dict(zip(header, row)) for row in rows]
    return tables


def ts(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def d(text):
    return date.fromisoformat(text)


def key_of(table, row):
    return "|".join(row[c] for c in KEYS[table])


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    gen.generate(out, scale=0.1)
    return out


@pytest.fixture(scope="module")
def small(small_dir):
    return load(small_dir)


@pytest.fixture(scope="module")
def full_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("full")
    gen.generate(out, scale=1)
    return out


@pytest.fixture(scope="module")
def full(full_dir):
    return load(full_dir)


@pytest.fixture(scope="module")
def faulted_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("faulted")
    gen.generate(out, scale=0.1, inject=True)
    return out


# ---------------------------------------------------------------------------
# determinism and files
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("faults", [False, True])
def test_same_arguments_give_byte_identical_files(tmp_path, fmt, faults):
    args = ["--scale", "0.05", "--format", fmt] + (["--inject-faults"] if faults else [])
    run(tmp_path / "a", *args)
    run(tmp_path / "b", *args)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    expected = sorted([f"{t}.{fmt}" for t in TABLES] + (["injected_faults.json"] if faults else []))
    assert names == expected
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_another_seed_gives_other_data(tmp_path):
    run(tmp_path / "a", "--scale", "0.05")
    run(tmp_path / "b", "--scale", "0.05", "--seed", "7")
    assert (tmp_path / "a" / "leads.csv").read_bytes() != (tmp_path / "b" / "leads.csv").read_bytes()


def test_rejects_a_scale_that_is_not_positive(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path), "--scale", "0"],
                            capture_output=True, text=True)
    assert result.returncode != 0


def test_headers_are_the_contract_columns(small_dir, faulted_dir):
    for directory in (small_dir, faulted_dir):
        for table in TABLES:
            header, _ = read_rows(directory, table)
            assert header == column_names(table), table


def test_csv_is_utf8_with_unix_newlines(small_dir):
    for table in TABLES:
        raw = (small_dir / f"{table}.csv").read_bytes()
        raw.decode("utf-8")
        assert b"\r" not in raw, table
        assert raw.endswith(b"\n")


def test_clean_parquet_is_typed_by_the_contract(tmp_path, small_dir):
    gen.generate(tmp_path, fmt="parquet", scale=0.1)
    con = duckdb.connect()
    expected_types = {"timestamp": "TIMESTAMP", "date": "DATE", "amount": "DECIMAL(18,2)",
                      "integer": "BIGINT"}
    for table in TABLES:
        described = con.execute(f"describe select * from '{tmp_path / (table + '.parquet')}'").fetchall()
        assert [row[0] for row in described] == column_names(table)
        for column, row in zip(TABLES[table], described):
            want = expected_types.get(column.kind, "VARCHAR")
            if table == "fx_rates" and column.name == "rate_to_reporting":
                want = "DECIMAL(18,6)"
            assert row[1] == want, (table, column.name)
        count = con.execute(f"select count(*) from '{tmp_path / (table + '.parquet')}'").fetchone()[0]
        assert count == len(read_rows(small_dir, table)[1])
    # the same values as the csv, NULL where the csv is empty
    closed = con.execute(f"select count(closed_at), count(*) from '{tmp_path / 'opportunities.parquet'}'").fetchone()
    _, rows = read_rows(small_dir, "opportunities")
    assert closed == (sum(1 for r in rows if r[10]), len(rows))


def test_faulted_parquet_is_all_text_and_keeps_raw_values(tmp_path):
    gen.generate(tmp_path / "p", fmt="parquet", scale=0.1, inject=True)
    gen.generate(tmp_path / "c", fmt="csv", scale=0.1, inject=True)
    con = duckdb.connect()
    for table in ("opportunities", "leads", "activities"):
        described = con.execute(f"describe select * from '{tmp_path / 'p' / (table + '.parquet')}'").fetchall()
        assert {row[1] for row in described} == {"VARCHAR"}
        values = con.execute(f"select * from '{tmp_path / 'p' / (table + '.parquet')}'").fetchall()
        _, rows = read_rows(tmp_path / "c", table)
        assert [[v if v is not None else "" for v in row] for row in values] == rows


# ---------------------------------------------------------------------------
# clean data: formats, keys, references
# ---------------------------------------------------------------------------

def check_formats(tables):
    problems = []
    for table, rows in tables.items():
        for column in TABLES[table]:
            pattern = ID_PATTERNS.get((table, column.name))
            for row in rows:
                value = row[column.name]
                if value == "":
                    if column.required:
                        problems.append((table, column.name, "empty"))
                    continue
                ok = True
                if column.kind == "timestamp":
                    ok = bool(TS.match(value))
                elif column.kind == "date":
                    ok = bool(DATE.match(value))
                elif column.kind == "amount" and not (table == "fx_rates"):
                    ok = bool(AMOUNT.match(value))
                elif column.kind == "integer":
                    ok = bool(re.match(r"^-?\d+$", value))
                elif column.name in ENUM_COLUMNS:
                    ok = value in ENUMS[column.name]
                elif column.name == "currency":
                    ok = bool(re.match(r"^[A-Z]{3}$", value))
                if pattern and ok:
                    ok = bool(re.fullmatch(pattern, value))
                if not ok:
                    problems.append((table, column.name, value))
                    break
    return problems


def test_values_are_in_canonical_formats(small):
    assert check_formats(small) == []


def test_keys_are_unique(small, full):
    for tables in (small, full):
        for table, rows in tables.items():
            keys = Counter(key_of(table, row) for row in rows)
            assert [k for k, n in keys.items() if n > 1] == [], table


def check_references(t):
    """Every foreign key resolves, apart from the documented dangling ones."""
    ids = {
        "reps": {r["rep_id"] for r in t["reps"]},
        "accounts": {r["account_id"] for r in t["accounts"]},
        "products": {r["product_id"] for r in t["products"]},
        "campaigns": {r["campaign_id"] for r in t["campaigns"]},
        "leads": {r["lead_id"] for r in t["leads"]},
        "opportunities": {r["opportunity_id"] for r in t["opportunities"]},
    }
    refs = [
        ("reps", "manager_id", "reps"), ("accounts", "owner_rep_id", "reps"),
        ("leads", "campaign_id", "campaigns"), ("leads", "owner_rep_id", "reps"),
        ("leads", "account_id", "accounts"), ("leads", "opportunity_id", "opportunities"),
        ("opportunities", "account_id", "accounts"), ("opportunities", "lead_id", "leads"),
        ("opportunities", "owner_rep_id", "reps"), ("opportunities", "product_id", "products"),
        ("opportunity_stage_history", "opportunity_id", "opportunities"),
        ("activities", "rep_id", "reps"), ("activities", "lead_id", "leads"),
        ("activities", "opportunity_id", "opportunities"), ("activities", "account_id", "accounts"),
        ("quotas", "rep_id", "reps"), ("forecasts", "rep_id", "reps"),
        ("invoices", "account_id", "accounts"), ("invoices", "opportunity_id", "opportunities"),
        ("subscriptions", "account_id", "accounts"), ("subscriptions", "product_id", "products"),
        ("subscriptions", "opportunity_id", "opportunities"),
        ("nps_responses", "account_id", "accounts"), ("nps_responses", "opportunity_id", "opportunities"),
        ("employee_surveys", "rep_id", "reps"),
    ]
    dangling = defaultdict(set)
    for table, column, target in refs:
        for row in t[table]:
            value = row[column]
            if value and value not in ids[target]:
                dangling[(table, column)].add(value)
    return dict(dangling)


@pytest.mark.parametrize("which", ["small", "full"])
def test_foreign_keys_resolve_except_the_documented_dangling_ones(which, request):
    tables = request.getfixturevalue(which)
    found = check_references(tables)
    assert found == {k: set(v) for k, v in gen.DANGLING.items()}
    # the dangling account owner is on exactly one account
    assert sum(1 for a in tables["accounts"] if a["owner_rep_id"] == "R9999") == 1


def rep_active(rep, day):
    return d(rep["hired_at"]) <= day and (not rep["left_at"] or day < d(rep["left_at"]))


def check_consistency(t):
    problems = []
    reps = {r["rep_id"]: r for r in t["reps"]}
    accounts = {a["account_id"]: a for a in t["accounts"]}
    leads = {lead["lead_id"]: lead for lead in t["leads"]}
    opps = {o["opportunity_id"]: o for o in t["opportunities"]}
    currency = {"SE": "SEK", "NO": "NOK", "DK": "DKK", "FI": "EUR"}
    for o in t["opportunities"]:
        account = accounts[o["account_id"]]
        if o["currency"] not in (currency[account["country"]], "USD"):
            problems.append(("deal currency", o["opportunity_id"]))
        if o["lead_id"]:
            lead = leads[o["lead_id"]]
            if lead["opportunity_id"] != o["opportunity_id"] or lead["account_id"] != o["account_id"]:
                problems.append(("lead link", o["opportunity_id"]))
            if lead["converted_at"] != o["created_at"] or lead["status"] != "converted":
                problems.append(("converted_at", o["opportunity_id"]))
        if account["created_at"] > o["created_at"]:
            problems.append(("account created after deal", o["opportunity_id"]))
        if o["stage"] in ("closed_won", "closed_lost"):
            if not o["closed_at"] or o["closed_at"] < o["created_at"]:
                problems.append(("closed_at", o["opportunity_id"]))
            if not o["amount"]:
                problems.append(("closed without amount", o["opportunity_id"]))
        elif o["closed_at"]:
            problems.append(("open with closed_at", o["opportunity_id"]))
        if bool(o["loss_reason"]) != (o["stage"] == "closed_lost"):
            problems.append(("loss_reason", o["opportunity_id"]))
        if not o["expected_close_date"] or o["expected_close_date"] < o["created_at"][:10]:
            problems.append(("expected_close_date", o["opportunity_id"]))
        if not rep_active(reps[o["owner_rep_id"]], ts(o["closed_at"] or o["created_at"]).date()) \
                and not rep_active(reps[o["owner_rep_id"]], LAST.date()):
            problems.append(("deal owner not employed", o["opportunity_id"]))
    for lead in t["leads"]:
        if lead["opportunity_id"] and opps[lead["opportunity_id"]]["lead_id"] != lead["lead_id"]:
            problems.append(("lead back link", lead["lead_id"]))
        if lead["first_response_at"] and lead["first_response_at"] < lead["created_at"]:
            problems.append(("response before lead", lead["lead_id"]))
        if lead["campaign_id"] and lead["source_channel"] not in {c["channel"] for c in t["campaigns"]
                                                                   if c["campaign_id"] == lead["campaign_id"]}:
            problems.append(("campaign channel", lead["lead_id"]))
        if bool(lead["converted_at"]) != (lead["status"] == "converted"):
            problems.append(("status", lead["lead_id"]))
        if lead["account_id"] and accounts[lead["account_id"]]["created_at"] > lead["created_at"]:
            problems.append(("account created after lead", lead["lead_id"]))
    for a in t["activities"]:
        rep = reps[a["rep_id"]]
        when = ts(a["occurred_at"])
        if not rep_active(rep, when.date()):
            problems.append(("activity by a rep not employed", a["activity_id"]))
        if a["opportunity_id"]:
            o = opps[a["opportunity_id"]]
            end = o["closed_at"] or "9999"
            if not (o["created_at"] <= a["occurred_at"] <= end):
                problems.append(("activity outside the deal", a["activity_id"]))
            if a["account_id"] != o["account_id"]:
                problems.append(("activity account", a["activity_id"]))
        if a["lead_id"] in leads:
            lead = leads[a["lead_id"]]
            if a["occurred_at"] < lead["created_at"] or a["account_id"] != lead["account_id"]:
                problems.append(("activity on lead", a["activity_id"]))
    for s in t["subscriptions"]:
        if s["ended_at"] and s["ended_at"] <= s["started_at"]:
            problems.append(("subscription ends before start", s["subscription_id"]))
        if s["opportunity_id"]:
            o = opps[s["opportunity_id"]]
            if o["stage"] != "closed_won" or s["account_id"] != o["account_id"] \
                    or s["started_at"] < o["closed_at"][:10] or s["currency"] != o["currency"]:
                problems.append(("subscription deal", s["subscription_id"]))
            if abs(float(s["mrr"]) * 12 - float(o["amount"])) > 1:
                problems.append(("mrr", s["subscription_id"]))
    for i in t["invoices"]:
        if i["opportunity_id"] and opps[i["opportunity_id"]]["account_id"] != i["account_id"]:
            problems.append(("invoice account", i["invoice_id"]))
    for q in t["quotas"]:
        rep = reps[q["rep_id"]]
        if q["currency"] != currency[rep["region"]] or q["month"][8:] != "01":
            problems.append(("quota", key_of("quotas", q)))
    quota_keys = {(q["rep_id"], q["month"]) for q in t["quotas"]}
    for f in t["forecasts"]:
        if (f["rep_id"], f["month"]) not in quota_keys:
            problems.append(("forecast without quota", key_of("forecasts", f)))
    # every active rep has a quota every month
    months = [date(2024 + (10 + k) // 12, (10 + k) % 12 + 1, 1) for k in range(24)]
    for rep in t["reps"]:
        for m in months:
            nxt = date(m.year + m.month // 12, m.month % 12 + 1, 1)
            employed = d(rep["hired_at"]) < nxt and (not rep["left_at"] or d(rep["left_at"]) > m)
            if employed != ((rep["rep_id"], m.isoformat()) in quota_keys):
                problems.append(("quota coverage", rep["rep_id"], m))
    # updated_at is set and not before the record was created
    created = {"accounts": "created_at", "leads": "created_at", "opportunities": "created_at",
               "activities": "occurred_at"}
    for table, column in created.items():
        for row in t[table]:
            if not row["updated_at"] or row["updated_at"] < row[column]:
                problems.append(("updated_at", table, key_of(table, row)))
    created_on = {"reps": "hired_at", "campaigns": "started_at", "invoices": "invoiced_at",
                  "subscriptions": "started_at", "products": None}
    for table, column in created_on.items():
        for row in t[table]:
            if not row["updated_at"] or (column and row["updated_at"] < row[column]):
                problems.append(("updated_at", table, key_of(table, row)))
    # expansion deals only on customers, new business only on non-customers
    spells = defaultdict(list)
    for s in t["subscriptions"]:
        spells[s["account_id"]].append((s["started_at"], s["ended_at"] or "9999-12-31"))
    for o in t["opportunities"]:
        day = o["created_at"][:10]
        customer = any(start <= day < end for start, end in spells[o["account_id"]])
        if customer != (o["opportunity_type"] != "new_business"):
            problems.append(("opportunity_type vs customer", o["opportunity_id"]))
    # nothing happens after 2026-10-31
    for table, rows in t.items():
        for column in TABLES[table]:
            if column.kind not in ("timestamp", "date"):
                continue
            if (table, column.name) in (("opportunities", "expected_close_date"), ("subscriptions", "ended_at")):
                continue
            late = [r[column.name] for r in rows if r[column.name] > "2026-10-31 23:59:59"]
            if late:
                problems.append(("after the period", table, column.name, late[0]))
    return problems


@pytest.mark.parametrize("which", ["small", "full"])
def test_clean_data_is_consistent(which, request):
    assert check_consistency(request.getfixturevalue(which)) == []


def check_stage_history(t):
    problems = []
    order = {s: i for i, s in enumerate(ENUMS["stage"][:5])}
    history = defaultdict(list)
    for h in t["opportunity_stage_history"]:
        history[h["opportunity_id"]].append((ts(h["entered_at"]), h["stage"]))
    for o in t["opportunities"]:
        rows = sorted(history[o["opportunity_id"]])
        if not rows:
            problems.append(("no history", o["opportunity_id"]))
            continue
        if rows[0][0] != ts(o["created_at"]):
            problems.append(("first row not at created_at", o["opportunity_id"]))
        if rows[-1][1] != o["stage"]:
            problems.append(("last row not the current stage", o["opportunity_id"]))
        if o["closed_at"] and rows[-1][0] != ts(o["closed_at"]):
            problems.append(("close row not at closed_at", o["opportunity_id"]))
        if rows[-1][0] > LAST:
            problems.append(("history after the period", o["opportunity_id"]))
        # forward through the open stages, except after a reopening
        for (_, a), (_, b) in zip(rows, rows[1:]):
            if a in order and b in order and order[b] <= order[a]:
                problems.append(("backwards", o["opportunity_id"]))
            if a == "closed_won":
                problems.append(("row after won", o["opportunity_id"]))
    return problems


@pytest.mark.parametrize("which", ["small", "full"])
def test_stage_history_matches_the_opportunities(which, request):
    assert check_stage_history(request.getfixturevalue(which)) == []


# ---------------------------------------------------------------------------
# --inject-faults
# ---------------------------------------------------------------------------

REASONS = re.compile(r"^(missing \w+|unparseable \w+|invalid (stage|activity_type|cost_category)|"
                     r"unknown currency|negative \w+|closed_at before created_at|score out of range)$")


@pytest.fixture(scope="module")
def faults(faulted_dir, small_dir):
    manifest = json.loads((faulted_dir / "injected_faults.json").read_text())
    faulted = {t: read_rows(faulted_dir, t)[1] for t in TABLES}
    clean = {t: read_rows(small_dir, t)[1] for t in TABLES}
    return manifest, faulted, clean


def raw_key(table, row):
    names = column_names(table)
    return "|".join(row[names.index(c)] for c in KEYS[table])


def test_manifest_entries_are_well_formed(faults):
    manifest, _, _ = faults
    kinds = Counter(entry["kind"] for entry in manifest)
    assert set(kinds) == {"bad_row", "stale_duplicate", "cosmetic"}
    for entry in manifest:
        assert entry["table"] in TABLES
        if entry["kind"] == "bad_row":
            assert set(entry) == {"table", "kind", "record_key", "expected_reason"}
            assert REASONS.match(entry["expected_reason"]), entry
            reason = entry["expected_reason"]
            for prefix in ("missing ", "unparseable ", "negative "):
                if reason.startswith(prefix):
                    assert reason[len(prefix):] in column_names(entry["table"]), entry
        else:
            assert set(entry) == {"table", "kind", "record_key"}
    bad = [(e["table"], e["expected_reason"]) for e in manifest if e["kind"] == "bad_row"]
    for table in ("opportunities", "leads", "activities", "opportunity_stage_history", "invoices",
                  "subscriptions", "nps_responses", "fx_rates"):
        assert any(t == table for t, _ in bad), table
    assert any(t in ("quotas", "forecasts") for t, _ in bad)
    reasons = {r for _, r in bad}
    for reason in ("missing created_at", "invalid stage", "invalid activity_type",
                   "invalid cost_category", "unknown currency", "negative amount",
                   "closed_at before created_at", "missing closed_at", "score out of range",
                   "missing entered_at", "missing owner_rep_id"):
        assert reason in reasons, reason
    assert any(r.startswith("unparseable ") for r in reasons)


def test_faulted_files_are_clean_rows_plus_listed_extras(faults):
    manifest, faulted, clean = faults
    for table in TABLES:
        extras = [e for e in manifest if e["table"] == table and e["kind"] != "cosmetic"]
        assert len(faulted[table]) == len(clean[table]) + len(extras), table
        appended = faulted[table][len(clean[table]):]
        assert [raw_key(table, row) for row in appended] == [e["record_key"] for e in extras]


def test_bad_rows_have_new_keys_nobody_references(faults):
    manifest, faulted, clean = faults
    for entry in (e for e in manifest if e["kind"] == "bad_row"):
        table = entry["table"]
        clean_keys = {raw_key(table, row) for row in clean[table]}
        assert entry["record_key"] not in clean_keys, entry
        own_id = entry["record_key"]
        if len(KEYS[table]) == 1 and own_id:
            for other, rows in faulted.items():
                if other == table:
                    continue
                names = column_names(other)
                for column in names:
                    if column == KEYS[table][0]:
                        i = names.index(column)
                        assert all(row[i] != own_id for row in rows), (entry, other)
    keys = [(e["table"], e["record_key"]) for e in manifest if e["kind"] == "bad_row"]
    assert len(keys) == len(set(keys))


def parses(kind, value):
    try:
        if kind == "timestamp":
            ts(value)
        elif kind == "date":
            d(value)
        else:
            float(value)
        return True
    except ValueError:
        return False


def test_bad_rows_carry_exactly_their_one_fault(faults):
    manifest, faulted, clean = faults
    bad = {(e["table"], e["record_key"]): e["expected_reason"] for e in manifest if e["kind"] == "bad_row"}
    for table in TABLES:
        for row in faulted[table][len(clean[table]):]:
            reason = bad.get((table, raw_key(table, row)))
            if reason is None:
                continue
            names = column_names(table)
            values = dict(zip(names, row))
            for column in TABLES[table]:
                value = values[column.name]
                if reason == f"missing {column.name}":
                    assert value == ""
                elif reason == f"unparseable {column.name}":
                    assert value and not parses(column.kind, value), (table, value)
                elif reason == f"negative {column.name}":
                    assert value.startswith("-")
                elif column.name == "currency" and reason == "unknown currency":
                    assert value == "XYZ"
                elif column.required and column.name != "stage" and "score" not in reason:
                    assert value != "", (table, reason, column.name)
            if reason == "closed_at before created_at":
                assert values["closed_at"] < values["created_at"]
            if reason == "missing closed_at":
                assert values["stage"] == "closed_won"
            if reason == "score out of range":
                score = int(values["score"])
                assert not (0 <= score <= 10) if table == "nps_responses" else not (1 <= score <= 5)


def test_stale_duplicates_are_older_copies(faults):
    manifest, faulted, clean = faults
    for table in TABLES:
        names = column_names(table)
        latest = {raw_key(table, row): row for row in clean[table]}
        stale = [e for e in manifest if e["table"] == table and e["kind"] == "stale_duplicate"]
        rows = {raw_key(table, row): row for row in faulted[table][len(clean[table]):]}
        for entry in stale:
            original = latest[entry["record_key"]]
            copy = rows[entry["record_key"]]
            if "updated_at" in names:
                u = names.index("updated_at")
                assert ts(copy[u]) < ts(original[u]), entry
                assert ts(original[u]) - ts(copy[u]) <= timedelta(days=31)
                assert copy != original
            else:
                assert copy == original
    tables = {e["table"] for e in manifest if e["kind"] == "stale_duplicate"}
    assert len(tables) >= 14


def normalise(column, value):
    value = value.strip()
    if column.kind == "timestamp":
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
        return parsed.strftime("%Y-%m-%d %H:%M:%S")
    if column.name == "currency":
        return value.upper()
    if column.name in ("channel", "source_channel"):
        return value.lower()
    if column.name in ENUM_COLUMNS:
        return value.lower().replace(" ", "_").replace("-", "_")
    return value


def test_cosmetic_rewrites_normalise_back_to_the_clean_values(faults):
    manifest, faulted, clean = faults
    listed = {(e["table"], e["record_key"]) for e in manifest if e["kind"] == "cosmetic"}
    changed = set()
    for table in TABLES:
        for before, after in zip(clean[table], faulted[table]):
            if before == after:
                continue
            changed.add((table, raw_key(table, after)))
            for column, a, b in zip(TABLES[table], before, after):
                if a != b:
                    assert normalise(column, b) == a, (table, column.name, b)
    assert changed == listed
    values = {v for table in TABLES for before, after in zip(clean[table], faulted[table])
              for a, v in zip(before, after) if a != v}
    for expected in ("Closed Won", " closed-won ", "CLOSED_WON", "Negotiation", "SEK ", "sek",
                     "Call", " EMAIL", "Mid-Market", "Positive", "Website ", "PAID_SEARCH"):
        assert expected in values, expected
    assert any(v.endswith("+02:00") for v in values)
    assert any(v.endswith("Z") for v in values)


# ---------------------------------------------------------------------------
# realism (scale 1)
# ---------------------------------------------------------------------------

def test_volumes_at_scale_1(full, full_dir):
    counts = {table: len(rows) for table, rows in full.items()}
    assert 22 <= counts["reps"] <= 28
    assert 2000 <= counts["accounts"] <= 5000
    assert 8 <= counts["products"] <= 12
    assert 20 <= counts["campaigns"] <= 60
    assert 15000 <= counts["leads"] <= 25000
    assert 3000 <= counts["opportunities"] <= 4000
    assert 30000 <= counts["activities"] <= 50000
    assert counts["fx_rates"] == 4 * 25
    size = sum((full_dir / f"{t}.csv").stat().st_size for t in TABLES)
    assert size <= 10_500_000


def test_deals_look_like_a_b2b_saas_pipeline(full):
    opps = full["opportunities"]
    closed = [o for o in opps if o["closed_at"]]
    won = [o for o in closed if o["stage"] == "closed_won"]
    assert 0.15 <= len(won) / len(closed) <= 0.35
    cycles = [(ts(o["closed_at"]) - ts(o["created_at"])).total_seconds() / 86400 for o in closed]
    assert 20 <= statistics.median(cycles) <= 120
    no_lead = sum(1 for o in opps if not o["lead_id"]) / len(opps)
    assert 0.25 <= no_lead <= 0.35
    types = Counter(o["opportunity_type"] for o in opps)
    assert types.most_common(1)[0][0] == "new_business"
    assert set(types) == set(ENUMS["opportunity_type"])
    open_stages = {o["stage"] for o in opps if not o["closed_at"]}
    assert open_stages == set(ENUMS["stage"][:5])
    assert any(not o["amount"] for o in opps if not o["closed_at"])
    # win rates differ by rep
    by_rep = defaultdict(list)
    for o in closed:
        by_rep[o["owner_rep_id"]].append(o["stage"] == "closed_won")
    rates = [sum(v) / len(v) for v in by_rep.values() if len(v) >= 30]
    assert max(rates) - min(rates) > 0.1


def test_edge_cases_in_the_stage_history(full):
    history = defaultdict(list)
    for h in full["opportunity_stage_history"]:
        history[h["opportunity_id"]].append(h["stage"])
    reopened = [o for o, stages in history.items() if "closed_lost" in stages[:-1]]
    assert 2 <= len(reopened) <= 10
    opps = full["opportunities"]
    assert sum(1 for o in opps if o["closed_at"].endswith("-01 00:00:00")) >= 3
    assert sum(1 for o in opps if o["created_at"].endswith("-01 00:00:00")) >= 3
    order = {s: i for i, s in enumerate(ENUMS["stage"][:5] + ["closed_won"])}
    skipped = 0
    for stages in history.values():
        pairs = zip(stages, stages[1:])
        if any(a in order and b in order and order[b] - order[a] > 1 for a, b in pairs):
            skipped += 1
    assert 0.08 <= skipped / len(opps) <= 0.17


def test_leads_and_activities(full):
    leads = full["leads"]
    converted = sum(1 for lead in leads if lead["opportunity_id"]) / len(leads)
    assert 0.05 <= converted <= 0.15
    unanswered = sum(1 for lead in leads if not lead["first_response_at"]) / len(leads)
    assert 0.05 <= unanswered <= 0.15
    channels = Counter(lead["source_channel"] for lead in leads)
    default = set(gen.DEFAULT_CHANNELS)
    free_text = sum(n for c, n in channels.items() if c and c not in default) / len(leads)
    assert 0.02 <= free_text <= 0.12
    assert channels[""] > 0
    activities = full["activities"]
    assert {a["activity_type"] for a in activities} == set(ENUMS["activity_type"])
    assert {a["outcome"] for a in activities} == set(ENUMS["outcome"])
    deal_owners = {o["owner_rep_id"] for o in full["opportunities"]}
    assert {a["rep_id"] for a in activities} - deal_owners  # a rep with activities but no deals
    assert any(not a["lead_id"] and not a["opportunity_id"] for a in activities)


def test_customers_churn_and_come_back(full):
    subs = full["subscriptions"]
    months = [date(2025 + k // 12, k % 12 + 1, 1) for k in range(22)]  # 2025-01 .. 2026-10

    def customers(day):
        return {s["account_id"] for s in subs
                if d(s["started_at"]) <= day and (not s["ended_at"] or day < d(s["ended_at"]))}

    rates = []
    for m in months:
        before = customers(m - timedelta(days=1))
        after = customers(date(m.year + m.month // 12, m.month % 12 + 1, 1) - timedelta(days=1))
        rates.append(len(before - after) / len(before))
    assert 0.005 <= statistics.mean(rates) <= 0.025
    assert any(s["ended_at"].endswith("-01") for s in subs)
    per_account = defaultdict(list)
    for s in subs:
        per_account[s["account_id"]].append(s)
    came_back = [a for a, ss in per_account.items()
                 if any(x["ended_at"] and any(y["started_at"] > x["ended_at"] for y in ss) for x in ss)]
    assert came_back
    overlapping = [a for a, ss in per_account.items() if len(ss) >= 2]
    assert overlapping


def test_quotas_forecasts_and_surveys(full):
    quotas = full["quotas"]
    assert {q["currency"] for q in quotas} == {"SEK", "NOK", "DKK", "EUR"}
    forecasts = full["forecasts"]
    per_month = defaultdict(list)
    for f in forecasts:
        per_month[(f["rep_id"], f["month"])].append(f["submitted_at"] < f["month"])
    assert any(len(v) >= 3 for v in per_month.values())
    assert any(not any(v) for v in per_month.values())  # only submissions during the month
    assert len(per_month) < len(quotas)  # and rep-months without any
    scores = Counter(int(r["score"]) for r in full["nps_responses"])
    total = sum(scores.values())
    assert 0.3 <= (scores[9] + scores[10]) / total <= 0.5
    assert 0.12 <= sum(scores[s] for s in range(7)) / total <= 0.28
    assert scores[7] and scores[9]
    assert {int(r["score"]) for r in full["employee_surveys"]} <= {1, 2, 3, 4, 5}


def test_fx_rates_are_monthly_and_realistic(full):
    rates = defaultdict(list)
    for r in full["fx_rates"]:
        rates[r["currency"]].append((r["rate_date"], float(r["rate_to_reporting"])))
    assert set(rates) == {"SEK", "NOK", "DKK", "USD"}
    expected = {"SEK": 0.087, "NOK": 0.085, "DKK": 0.134, "USD": 0.92}
    for currency, series in rates.items():
        assert series[0][0] == "2024-10-01" and series[-1][0] == "2026-10-01"
        assert all(day.endswith("-01") for day, _ in series)
        assert all(abs(rate / expected[currency] - 1) < 0.1 for _, rate in series)


# --- --shape salesforce|hubspot ------------------------------------------------


@pytest.fixture(scope="module")
def shaped(tmp_path_factory):
    """{shape: directory} of the small world as Salesforce and HubSpot objects."""
    dirs = {}
    for shape in crm_shapes.SHAPES:
        dirs[shape] = tmp_path_factory.mktemp(shape)
        run(dirs[shape], "--scale", "0.1", "--shape", shape)
    return dirs


def read_objects(directory):
    """{object: [dict]} of the csv files in a directory."""
    objects = {}
    for path in sorted(Path(directory).glob("*.csv")):
        header, rows = read_rows(directory, path.stem)
        objects[path.stem] = [dict(zip(header, row)) for row in rows]
    return objects


@pytest.mark.parametrize("shape", ["salesforce", "hubspot"])
def test_a_shape_writes_every_object_its_mapping_reads_with_the_declared_columns(shaped, shape):
    declared = crm_sources.read_source(shape)
    assert sorted(p.stem for p in shaped[shape].glob("*.csv")) == sorted(declared)
    for name, table in declared.items():
        header, _ = read_rows(shaped[shape], name)
        assert header == [column.name for column in table.columns], name


@pytest.mark.parametrize("shape", ["salesforce", "hubspot"])
def test_a_shapes_supplement_is_the_contract_tables_the_crm_lacks(shaped, shape, small):
    supplement = shaped[shape] / gen.SUPPLEMENT
    tables = sorted(p.stem for p in supplement.glob("*.csv"))
    mapped = {path.stem.split("__")[1] for path in (ROOT / "models/staging" / shape).glob("*.sql")
              if "crm_supplement(" in path.read_text()}
    # Salesforce's own rates cover the world's currencies: it needs no fx_rates.
    assert tables == sorted(mapped - ({"fx_rates"} if shape == "salesforce" else set()))
    for table in tables:
        header, rows = read_rows(supplement, table)
        assert header == column_names(table)
        assert len(rows) == len(small[table]), table


def test_salesforce_holds_the_same_records_behind_prefixed_ids(shaped, small):
    sf = read_objects(shaped["salesforce"])
    key = crm_shapes.salesforce_key
    deals = {d["opportunity_id"]: d for d in small["opportunities"]}
    assert {key(o["id"]): (key(o["account_id"]), key(o["owner_id"]), o["amount"], o["currency_iso_code"],
                           o["created_date"])
            for o in sf["opportunity"]} == {
        i: (d["account_id"], d["owner_rep_id"], d["amount"], d["currency"], d["created_at"])
        for i, d in deals.items()}
    assert all(o["id"].startswith("006") and o["owner_id"].startswith("005") for o in sf["opportunity"])
    assert sorted((key(h["opportunity_id"]), h["stage_name"].lower().replace(" ", "_"), h["created_date"])
                  for h in sf["opportunity_history"]) == sorted(
        (h["opportunity_id"], h["stage"], h["entered_at"]) for h in small["opportunity_stage_history"])
    assert len(sf["task"]) + len(sf["event"]) == len(small["activities"])
    assert {key(t["id"]) for t in sf["task"] + sf["event"]} == {a["activity_id"] for a in small["activities"]}
    assert len(sf["lead"]) == len(small["leads"])
    assert len(sf["user"]) == len(small["reps"]) and len(sf["account"]) == len(small["accounts"])
    rep_ids = {key(q["rep_id"]) for q in read_objects(shaped["salesforce"] / gen.SUPPLEMENT)["quotas"]}
    assert rep_ids == {q["rep_id"] for q in small["quotas"]}


def test_salesforce_rates_are_units_per_euro_and_invert_to_the_contract_rates(shaped, small):
    sf = read_objects(shaped["salesforce"])
    dated = {(r["iso_code"], r["start_date"]): Decimal(r["conversion_rate"])
             for r in sf["dated_conversion_rate"]}
    assert {(k, (1 / v).quantize(Decimal("1e-6"))) for k, v in dated.items()} == {
        ((r["currency"], r["rate_date"]), Decimal(r["rate_to_reporting"])) for r in small["fx_rates"]}
    assert {(r["iso_code"], r["conversion_rate"]) for r in sf["currency_type"]} >= {("EUR", "1")}


def test_hubspot_amounts_are_in_euro_at_the_close_dates_rate(shaped, small):
    hs = read_objects(shaped["hubspot"])
    deals = {d["opportunity_id"]: d for d in small["opportunities"]}
    rates = {(r["currency"], r["rate_date"]): Decimal(r["rate_to_reporting"]) for r in small["fx_rates"]}
    assert len(hs["deal"]) == len(deals)
    for deal in hs["deal"]:
        d = deals[deal["deal_id"]]
        assert deal["property_amount"] == d["amount"]
        if d["amount"] and d["currency"] != "EUR":
            # the month's rate; the first and last also cover the months before and after
            on = min(max((d["closed_at"] or d["expected_close_date"])[:8] + "01", "2024-10-01"),
                     "2026-10-01")
            rate = rates[(d["currency"], on)]
            expected = (Decimal(d["amount"]) * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
            assert Decimal(deal["property_amount_in_home_currency"]) == expected, deal["deal_id"]
        else:
            assert deal["property_amount_in_home_currency"] == d["amount"]
    engagements = sum(len(hs[f"engagement_{kind}"]) for kind in ("call", "email", "meeting"))
    assert engagements == len(small["activities"])
    assert len(hs["contact"]) == len(small["leads"]) and len(hs["deal_stage"]) == len(
        small["opportunity_stage_history"])


def test_hubspot_deals_with_a_product_have_it_as_their_one_line_item(shaped, small):
    hs = read_objects(shaped["hubspot"])
    items = {item["id"]: item for item in hs["line_item"]}
    assert len(items) == len(hs["line_item"]) == len(hs["line_item_deal"])
    assert {link["deal_id"]: (items[link["line_item_id"]]["property_hs_product_id"],
                              items[link["line_item_id"]]["property_amount"])
            for link in hs["line_item_deal"]} == {
        d["opportunity_id"]: (d["product_id"], d["amount"])
        for d in small["opportunities"] if d["product_id"]}
    # The products are the supplement's, under the keys the line items name
    # (the world's few dangling product_ids stay dangling).
    products = read_objects(shaped["hubspot"] / gen.SUPPLEMENT)["products"]
    assert {p["product_id"] for p in products} == {p["product_id"] for p in small["products"]}


def test_faults_are_refused_in_another_shape(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path), "--shape",
                             "salesforce", "--inject-faults"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "--inject-faults writes the contract shape only" in result.stderr
    assert not any(tmp_path.iterdir())
