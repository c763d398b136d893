"""`manage.py import_roster`: Chinese errors per row and a non-zero exit, or a summary; big files as a task."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from orgs.models import ImportJob, ImportStatus, Member
from starrating.exports import write_table
from tests.factories import make_id_card

HEADERS = ["姓名", "公民身份号码", "民族", "入党时间", "人员类别", "所在党支部", "联系电话"]


def roster(tmp_path, phone="13900000061", name="members.xlsx"):
    rows = [
        ["王五", make_id_card(61, date(1975, 3, 9)), "汉族", "2001-07-01", "正式党员", "B010101", phone],
        ["赵六", make_id_card(62, date(1990, 12, 1)), "回族", "2019-06-30", "预备党员", "B010101", ""],
    ]
    return write_table(tmp_path / name, HEADERS, rows)


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_roster", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_and_prints_a_summary_with_columns(district, tmp_path):
    out, _err = run(roster(tmp_path), kind="members")

    assert "新增 2 条，更新 0 条，未变 0 条。" in out
    assert "已使用的列：姓名、公民身份号码、入党时间、人员类别、所在党支部、联系电话" in out
    assert "已忽略的列：民族" in out
    assert Member.objects.count() == 4


def test_the_same_file_twice_reports_everything_unchanged(district, tmp_path):
    path = roster(tmp_path)
    run(path, kind="members")

    out, _err = run(path, kind="members")

    assert "新增 0 条，更新 0 条，未变 2 条。" in out


def test_a_bad_row_is_printed_in_chinese_and_the_command_fails(district, tmp_path):
    with pytest.raises(CommandError) as refused:
        run(roster(tmp_path, phone="12345", name="bad.csv"), kind="members")

    assert refused.value.returncode == 1
    assert str(refused.value) == "发现 1 处问题，未写入任何数据。"
    assert Member.objects.count() == 2


def test_the_row_errors_go_to_stderr(district, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_roster", str(roster(tmp_path, phone="12345")), kind="members", stderr=err)

    assert "第 2 行，“联系电话”列：联系电话应为 11 位手机号码或带区号的固定电话。" in err.getvalue()


def test_a_dry_run_writes_nothing(district, tmp_path):
    out, _err = run(roster(tmp_path), kind="members", dry_run=True)

    assert "试运行，未写入数据：将新增 2 条，更新 0 条，未变 0 条。" in out
    assert Member.objects.count() == 2


def test_an_unreadable_file_fails_with_a_reason(district, tmp_path):
    path = tmp_path / "members.xlsx"
    path.write_text("not a workbook")

    with pytest.raises(CommandError, match="文件：文件已损坏"):
        run(path, kind="members")


@pytest.mark.parametrize("options", [{"run_async": True}, {}])
def test_a_large_file_or_async_runs_as_a_task_with_progress(district, tmp_path, settings, options):
    settings.MEDIA_ROOT = tmp_path / "media"
    if not options:
        settings.ROSTER_ASYNC_ROWS = 1

    out, _err = run(roster(tmp_path), kind="members", **options)

    job = ImportJob.objects.get()
    assert f"导入任务 {job.pk} 已转入后台（Celery）执行。" in out
    assert "新增 2 条，更新 0 条，未变 0 条。" in out
    assert job.status == ImportStatus.SUCCEEDED
    assert (job.processed_rows, job.total_rows) == (2, 2)
