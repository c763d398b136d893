"""Bench: a 26,000-member .xlsx imported end to end, then re-imported with every phone number changed, then a
26,000-row roster with problems of every kind (a repeated header, bad cells, implausible dates, repeated ID-card
numbers, unknown branches, members turned back to probationary) reported in one pass, writing nothing.
Before that, the candidate .xlsx readers (the hand-written one on expat, openpyxl's read-only mode,
python-calamine when installed) each read the same 26,000-row sheet: one line per reader.

Figures: rows per second (parsing, validation, encryption and writing, history included) against a
target of 3,000, and the process's peak resident memory (resource.getrusage ru_maxrss, an absolute
figure that includes Python and Django, so the 300 MB target is checked conservatively). The
workbooks are written in a forked child process so that building them does not count in the peak.
"""

import multiprocessing
import resource
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from orgs.models import Domain, Level, Member, Organization
from orgs.personal_data import id_card_check_digit
from orgs.services.rosters import roster_import
from orgs.services.rosters.xlsx import iter_sheet_rows
from tests.support.rosters import PARTY_SYSTEM_HEADERS

MEMBERS = 26_000
TARGET_ROWS_PER_S = 3000
TARGET_PEAK_MB = 300
STREETS, COMMUNITIES, BRANCHES = 4, 5, 5
HEADERS = [*PARTY_SYSTEM_HEADERS, "党员类别"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
REGIONS = ("431381", "431382", "430102", "440305")


def build_tree() -> list[str]:
    """A district with streets, communities and branches; returns the branch codes."""
    district = Organization.add_root(code="BD", name="冷水江市委", level=Level.DISTRICT)
    branches = []
    for s in range(STREETS):
        street = district.add_child(code=f"BS{s}", name=f"第{s + 1}街道党工委", level=Level.STREET)
        for c in range(COMMUNITIES):
            community = street.add_child(
                code=f"BC{s}{c}",
                name=f"第{s + 1}街道第{c + 1}社区党委",
                level=Level.COMMUNITY,
                domain=Domain.URBAN_COMMUNITY,
                org_type="community",
            )
            for b in range(BRANCHES):
                code = f"BB{s}{c}{b}"
                community.add_child(code=code, name=f"{community.name}第{b + 1}网格党支部", level=Level.BRANCH)
                branches.append(code)
            street.refresh_from_db()
        district.refresh_from_db()
    return branches


def member_id_card(serial: int) -> str:
    """Distinct valid ID-card numbers: region, birth date and sequence vary with the serial."""
    birth = date(1950, 1, 1) + timedelta(days=(serial // 500) * 3)
    first = f"{REGIONS[serial % len(REGIONS)]}{birth:%Y%m%d}{serial % 500 + 100:03d}"
    return first + id_card_check_digit(first)


def member_row(serial: int, branches: list[str], phone_base: int) -> list:
    id_card = member_id_card(serial)
    birth = datetime(int(id_card[6:10]), int(id_card[10:12]), int(id_card[12:14]))
    joined = birth + timedelta(days=365 * 25)
    return [
        serial + 1,
        SURNAMES[serial % len(SURNAMES)] + GIVEN[serial // 20 % len(GIVEN)] + GIVEN[serial % len(GIVEN)],
        "男" if int(id_card[16]) % 2 else "女",
        "汉族",
        birth,
        id_card,
        "本科",
        joined,
        f"{joined.year + 1}/{joined.month}/{joined.day}",
        "正式党员",
        branches[serial % len(branches)],
        f"1{phone_base + serial:010d}",
        "某单位 职员",
        "村(社区)党员",
    ]


def generate_member_roster(path: Path, *, members: int, branches: list[str], phone_base: int = 3_900_000_000) -> Path:
    """An .xlsx as Excel saves it (shared strings, date cells), one member per row."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for serial in range(members):
        sheet.append(member_row(serial, branches, phone_base))
    workbook.save(path)
    return path


# In the roster with problems, the rows whose serial ends in these two digits carry one problem each.
PROBLEM_ROWS = {"phone": 1, "joined_young": 2, "unknown_branch": 4, "turned_probationary": 5, "duplicate": 7}
EXPECTED_PROBLEMS = {
    "header": 1,
    "cell": 2 * MEMBERS // 100,
    "duplicate": MEMBERS // 100,
    "unknown_organization": MEMBERS // 100,
    "conflict": MEMBERS // 100,
}


def problem_row(serial: int, branches: list[str]) -> list:
    """A member of the roster already imported, with at most one problem (see PROBLEM_ROWS)."""
    problem = serial % 100
    if problem == PROBLEM_ROWS["duplicate"]:  # the row before (a clean one), again
        return problem_row(serial - 1, branches)
    row = member_row(serial, branches, 3_800_000_000)
    if problem == PROBLEM_ROWS["phone"]:
        row[11] = "12345"
    elif problem == PROBLEM_ROWS["joined_young"]:
        row[7] = row[4].replace(year=row[4].year + 15)
        row[8] = ""
    elif problem == PROBLEM_ROWS["unknown_branch"]:
        row[10] = "BX999"
    elif problem == PROBLEM_ROWS["turned_probationary"]:
        row[9] = "预备党员"
    return [*row, row[11]]  # the phone again, under a second phone header


def generate_problem_roster(path: Path, *, members: int, branches: list[str]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*HEADERS, "手机号"])
    for serial in range(members):
        sheet.append(problem_row(serial, branches))
    workbook.save(path)
    return path


def _generate_in_child(path: Path, branches: list[str], phone_base: int | None) -> None:
    """The roster (with problems when phone_base is None) written by a forked child."""
    problems = phone_base is None
    process = multiprocessing.get_context("fork").Process(
        target=generate_problem_roster if problems else generate_member_roster,
        args=(path,),
        kwargs={"members": MEMBERS, "branches": branches, **({} if problems else {"phone_base": phone_base})},
    )
    process.start()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError("generating the bench roster failed")


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _measure(figure: str, path: Path, expect: str) -> dict:
    started = time.perf_counter()
    result = roster_import(kind="members", path=path, name=path.name)
    elapsed = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError(f"{figure}: {result.errors[0].message}")
    counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    if counts[expect] != MEMBERS:
        raise RuntimeError(f"{figure}: expected {MEMBERS} {expect}, got {counts}")
    rate = MEMBERS / elapsed
    peak = _peak_mb()
    return {
        "figure": figure,
        "value": round(rate, 1),
        "unit": "rows/s",
        "target": TARGET_ROWS_PER_S,
        "ok": rate >= TARGET_ROWS_PER_S and peak <= TARGET_PEAK_MB,
        "rows": MEMBERS,
        "seconds": round(elapsed, 2),
        "peak_mb": round(peak, 1),
        "peak_target_mb": TARGET_PEAK_MB,
        "peak_measure": "ru_maxrss (whole process)",
        **counts,
    }


def _measure_problems(path: Path) -> dict:
    """Every problem of the file in one pass: counted per kind, the first ones listed, nothing written."""
    before = list(Member.objects.order_by("pk").values_list("pk", "status", "phone_hash"))
    started = time.perf_counter()
    result = roster_import(kind="members", path=path, name=path.name)
    elapsed = time.perf_counter() - started
    unchanged = before == list(Member.objects.order_by("pk").values_list("pk", "status", "phone_hash"))
    rate = MEMBERS / elapsed
    return {
        "figure": "roster_import_members_with_problems_rows_per_s",
        "value": round(rate, 1),
        "unit": "rows/s",
        "target": TARGET_ROWS_PER_S,
        "ok": rate >= TARGET_ROWS_PER_S and result.problem_counts == EXPECTED_PROBLEMS and unchanged,
        "rows": MEMBERS,
        "seconds": round(elapsed, 2),
        "problem_counts": result.problem_counts,
        "expected_problem_counts": EXPECTED_PROBLEMS,
        "problems_total": result.problems_total,
        "problems_listed": len(result.errors),
        "nothing_written": unchanged,
    }


def _read_hand_written(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return sum(1 for _row in iter_sheet_rows(archive))


def _read_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def _read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())
    finally:
        workbook.close()


READERS = {
    "hand_written_expat": _read_hand_written,
    "openpyxl_read_only": _read_openpyxl,
    "python_calamine": _read_calamine,
}


def measure_readers(path: Path, repeats: int = 3) -> list[dict]:
    """Each candidate xlsx reader on the same roster, the sheet read to its last cell (best of a few runs)."""
    figures = []
    for name, read in READERS.items():
        try:
            timings = []
            for _attempt in range(repeats):
                started = time.perf_counter()
                rows = read(path)
                timings.append(time.perf_counter() - started)
        except ImportError as missing:
            figures.append({"figure": f"roster_xlsx_read_{name}_rows_per_s", "skipped": f"not installed: {missing}"})
            continue
        best = min(timings)
        figures.append(
            {
                "figure": f"roster_xlsx_read_{name}_rows_per_s",
                "value": round(rows / best, 1),
                "unit": "rows/s",
                "rows": rows,
                "seconds": round(best, 3),
                "ok": rows == MEMBERS + 1,
            }
        )
    return figures


def run() -> list[dict]:
    branches = build_tree()
    with tempfile.TemporaryDirectory() as folder:
        first, changed = Path(folder) / "members.xlsx", Path(folder) / "members-new-phones.xlsx"
        with_problems = Path(folder) / "members-with-problems.xlsx"
        _generate_in_child(first, branches, 3_900_000_000)
        _generate_in_child(changed, branches, 3_800_000_000)
        _generate_in_child(with_problems, branches, None)
        figures = measure_readers(first)
        figures.append(_measure("roster_import_members_rows_per_s", first, "created"))
        figures.append(_measure("roster_reimport_members_changed_rows_per_s", changed, "updated"))
        figures.append(_measure("roster_reimport_members_unchanged_rows_per_s", changed, "unchanged"))
        figures.append(_measure_problems(with_problems))
    assert Member.objects.count() == MEMBERS
    return figures
