"""The work lists' forms. They only parse and check the input's shape (a date is a date);
the rules of each step are the services', whose Chinese refusals the page shows as is."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from diaodu.accounts.models import Unit
from diaodu.appeals.models import Appeal
from diaodu.projects.models import PIPELINE, Stage


class Form(forms.Form):
    """Labels end in the full-width colon of Chinese text, whatever the label's last word."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _today_field(label: str = "日期") -> forms.DateField:
    return forms.DateField(label=label, initial=timezone.localdate, widget=DateInput())


def _text(label: str, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows})
    )


class AssignForm(Form):
    lead_unit = forms.ModelChoiceField(label="牵头单位", queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label="协办单位（可多选）", queryset=Unit.objects.none(), required=False
    )
    on = _today_field("交办日期")
    reason = _text("改派原因（改派时必填）", required=False, rows=2)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["lead_unit"]
        co = self.fields["co_units"]
        assert isinstance(lead, forms.ModelChoiceField)
        assert isinstance(co, forms.ModelMultipleChoiceField)
        lead.queryset = co.queryset = units


class ExplainForm(Form):
    text = _text("书面说明（超期原因及下一步办理安排）", rows=4)
    on = _today_field()


class ReplyForm(Form):
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=[
            (Appeal.Outcome.RESOLVED, Appeal.Outcome.RESOLVED.label),
            (Appeal.Outcome.EXPLAINED, Appeal.Outcome.EXPLAINED.label),
        ],
    )
    text = _text("处理回复", rows=4)
    on = _today_field("答复日期")


class NoteForm(Form):
    text = _text("办理进展")
    on = _today_field()


class SuperviseForm(Form):
    on = _today_field("督办日期")
    due_on = forms.DateField(
        label="督办期限（不填则按10个工作日计）", required=False, widget=DateInput()
    )
    text = _text("督办意见", required=False, rows=2)


class CloseForm(Form):
    satisfaction = forms.ChoiceField(label="企业满意度", choices=Appeal.Satisfaction.choices)
    on = _today_field("销号日期")
    text = _text("备注", required=False, rows=2)


class ReopenForm(Form):
    reason = _text("重新办理原因")
    on = _today_field()


class StageForm(Form):
    to_stage = forms.ChoiceField(
        label="变更为",
        choices=[
            ("", "请选择"),
            *((s, Stage(s).label) for s in (*PIPELINE, Stage.SUSPENDED, Stage.TERMINATED)),
        ],
    )
    on = _today_field("变更日期")
    evidence = _text("佐证材料（如开工报告、竣工验收文件）", required=False, rows=2)
    reason = _text("原因（停建、终止时必填）", required=False, rows=2)


class InvestmentForm(Form):
    # Text, not a number field: the service reads "1,200.5" and says in Chinese what is wrong.
    period = forms.CharField(label="月份（如 2026-10）", max_length=10)
    amount_wan = forms.CharField(label="当月完成投资（万元）", max_length=20)
