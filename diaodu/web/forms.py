"""The work lists' forms. They only parse and check the input's shape (a date is a date);
the rules of each step are the services', whose Chinese refusals the page shows as is."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from diaodu.accounts.models import Unit
from diaodu.appeals.models import Appeal
from diaodu.enterprises.models import LiaisonNote
from diaodu.projects.models import PIPELINE, Stage
from diaodu.regions.models import Region
from diaodu.targets.models import Target


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


# --- warnings ------------------------------------------------------------------------------


class WarningSendForm(Form):
    text = _text("发送说明（不填则写责任方）", required=False, rows=2)


class WarningAcknowledgeForm(Form):
    reply = _text("反馈内容（原因分析及已采取、将采取的措施）", rows=4)


class WarningCloseForm(Form):
    text = _text("关闭说明", required=False, rows=2)


# --- targets -------------------------------------------------------------------------------

# Offered in the indicator box's list; any other name of an official indicator may be typed.
INDICATORS = ["规上工业总产值", "营业收入", "规上工业增加值", "工业投资", "技改投资", "工业用电量"]


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.code}）"


class TargetForm(Form):
    region = RegionChoiceField(label="地区", queryset=Region.objects.none(), empty_label=None)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    indicator = forms.CharField(
        label="指标",
        max_length=64,
        initial=INDICATORS[0],
        widget=forms.TextInput(attrs={"list": "indicator-names"}),
    )
    kind = forms.ChoiceField(label="类型", choices=Target.Kind.choices)
    tier = forms.ChoiceField(
        label="档次", choices=Target.Tier.choices, initial=Target.Tier.EXPECTED
    )
    # Text, not a number field: "7.5" or "7.5%", read below and said in Chinese when wrong.
    value = forms.CharField(label="目标值（增速目标填百分数，如 7.5）", max_length=24)
    unit = forms.CharField(
        label="单位（总量目标填写，如 亿元、户；增速目标不填）", max_length=16, required=False
    )
    handed_down_by = forms.CharField(
        label="下达单位（上级下达时填写）", max_length=64, required=False
    )
    handed_down_on = forms.DateField(label="下达日期", required=False, widget=DateInput())
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions

    def clean_value(self) -> Decimal:
        text = self.cleaned_data["value"].replace("%", "").replace("，", "").replace(",", "")
        try:
            return Decimal(text.strip())
        except ArithmeticError:
            raise forms.ValidationError("目标值应为数字，如 7.5") from None


class HandDownForm(Form):
    method = forms.ChoiceField(
        label="分解方式",
        choices=[
            (Target.Method.UNIFORM, "按同一增速下达"),
            (Target.Method.SHARE, "按上年基数占比下达"),
        ],
        widget=forms.HiddenInput,
    )


def _number(text: str) -> Decimal:
    """ "7.5", "7.5%", "1,200.5" or "1，200.5" as a Decimal; ArithmeticError when it is none."""
    cleaned = text.replace("%", "").replace("，", "").replace(",", "").strip()
    value = Decimal(cleaned)
    if not value.is_finite():
        raise ArithmeticError(text)
    return value


class ManualHandDownForm(Form):
    """逐一填报: one box per sub-region, named by the sub-region, for a target's parts. The
    sums are the service's to check (hand_down, manual); this only reads each number."""

    def __init__(self, *args: Any, target: Target, children: list[Region], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"manual-{target.pk}")
        super().__init__(*args, **kwargs)
        self.target = target
        self.children = children
        unit = "%" if target.kind == Target.Kind.GROWTH else target.unit
        for child in children:
            self.fields[child.code] = forms.CharField(
                label=f"{child.name}（{unit}）",
                max_length=24,
                error_messages={"required": f"请填写{child.name}的目标值"},
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off", "data-part": ""}
                ),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for child in self.children:
            text = cleaned.get(child.code)
            if text is None:
                continue
            try:
                cleaned[child.code] = _number(str(text))
            except ArithmeticError:
                self.add_error(child.code, f"{child.name}的目标值应为数字，如 7.5")
        return cleaned

    def values(self) -> dict[Region, Decimal]:
        return {child: self.cleaned_data[child.code] for child in self.children}

    def typed_sum(self) -> str:
        """The parts typed so far added up, as the page shows it beside the target (an
        absolute target's parts must add up to at least it); "" while a box is not a number."""
        total = Decimal(0)
        for child in self.children:
            text = self[child.code].value()
            try:
                total += _number(str(text if text is not None else ""))
            except ArithmeticError:
                return ""
        return f"{total.normalize():f}"


class TargetsFileForm(Form):
    file = forms.FileField(label="目标文件（按模板填写的 .xlsx）")


# --- liaison notes (走访/联系记录) --------------------------------------------------------------


class LiaisonNoteForm(Form):
    on = forms.DateField(
        label="日期",
        initial=timezone.localdate,
        widget=DateInput(),
        error_messages={"required": "请填写日期", "invalid": "日期格式不正确，如 2026-10-08"},
    )
    kind = forms.ChoiceField(
        label="方式",
        choices=LiaisonNote.Kind.choices,
        error_messages={"required": "请选择方式", "invalid_choice": "请选择走访、电话、座谈或其他"},
    )
    content = forms.CharField(
        label="内容（企业反映的情况、问题及答复）",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "请填写走访或联系的内容",
            "max_length": "内容不能超过2000字",
        },
    )
    follow_up = forms.BooleanField(label="需要跟进", required=False)


# --- what-if (M22) -------------------------------------------------------------------------


class WhatIfForm(Form):
    uscc = forms.CharField(
        label="企业统一社会信用代码",
        min_length=18,
        max_length=18,
        widget=forms.TextInput(attrs={"size": 22, "autocomplete": "off"}),
    )
    year = forms.IntegerField(label="测算年度", min_value=2000, max_value=2100)
    months = forms.TypedMultipleChoiceField(
        label="停产或减产的月份",
        choices=[(month, f"{month}月") for month in range(1, 13)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    reduction = forms.DecimalField(
        label="减产比例（%，停产检修填100）",
        initial=100,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )

    def clean_uscc(self) -> str:
        return str(self.cleaned_data["uscc"]).strip().upper()
