"""`diaodu bulletin`, `diaodu workbook` and the download endpoints."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from docx import Document

pytestmark = pytest.mark.django_db


def test_the_bulletin_command_writes_the_docx(city, tmp_path, capsys):
    out = tmp_path / "通报.docx"
    call_command("bulletin", region="610900", period="2026-08", out=str(out))
    assert Document(str(out)).paragraphs[0].text == "安康市2026年8月工业经济运行情况通报"
    assert "已生成" in capsys.readouterr().out


def test_the_workbook_command_writes_the_xlsx(city, tmp_path):
    out = tmp_path / "通报数据表.xlsx"
    call_command("workbook", region="610900", period="2026-08", out=str(out))
    assert "县区" in openpyxl.load_workbook(out).sheetnames


@pytest.mark.parametrize(
    ("region", "period", "message"),
    [
        ("999999", "2026-08", "地区代码999999不存在"),
        ("610900", "2026-13", "月份应在1到12之间"),
        ("610900", "2026-09", "没有规上工业企业月报数据"),
    ],
)
def test_the_commands_refuse_a_bad_region_period_or_month_without_data(
    city, tmp_path, region, period, message
):
    for command, name in (("bulletin", "a.docx"), ("workbook", "a.xlsx")):
        with pytest.raises(CommandError, match=message):
            call_command(command, region=region, period=period, out=str(tmp_path / name))
        assert not (tmp_path / name).exists()


def test_a_missing_output_folder_is_refused_in_chinese(city, tmp_path):
    with pytest.raises(CommandError, match="输出目录"):
        call_command("bulletin", region="610900", period="2026-08", out=str(tmp_path / "无/a.docx"))


def test_the_api_serves_the_city_bulletin_as_a_docx(client, city_analyst, city):
    client.force_login(city_analyst)
    response = client.get("/api/v1/regions/610900/bulletin.docx?period=2026-08")
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "安康市2026年8月工业经济运行情况通报"


def test_the_api_serves_the_workbook(client, city_analyst, city):
    client.force_login(city_analyst)
    response = client.get("/api/v1/regions/610900/workbook.xlsx?period=2026-08")
    assert response.status_code == 200
    assert "县区" in openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames


def test_a_county_user_gets_404_for_another_county_and_the_city(client, county_user, city):
    client.force_login(county_user)  # 汉滨区
    assert client.get("/api/v1/regions/610921/bulletin.docx?period=2026-08").status_code == 404
    assert client.get("/api/v1/regions/610900/bulletin.docx?period=2026-08").status_code == 404
    assert client.get("/api/v1/regions/610921/workbook.xlsx?period=2026-08").status_code == 404
    assert client.get("/api/v1/regions/610902/bulletin.docx?period=2026-08").status_code == 200


def test_a_month_without_data_is_a_404_and_a_bad_period_a_400(client, city_analyst, city):
    client.force_login(city_analyst)
    missing = client.get("/api/v1/regions/610900/bulletin.docx?period=2026-09")
    assert missing.status_code == 404 and "没有规上工业企业月报数据" in missing.json()["detail"]
    assert client.get("/api/v1/regions/610900/bulletin.docx?period=2026-13").status_code == 400
