"""One way to show a form field and its error, on every form page.

`{% field form.wage %}` renders the label, the input (Bootstrap's classes; `is-invalid` and
`aria-invalid` when refused), the help text and the error beside the field (`invalid-feedback`),
both linked to the input by `aria-describedby`, so a screen reader reads the error with the
field. `{% form_summary form %}` is the short summary at the top: what is wrong with the form
as a whole, and a link to each refused field. `{% confirm_box %}` is the required "I am sure"
box of an irreversible step (`paritrana.web.confirm`).
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import format_html

from paritrana.web.confirm import CONFIRM_FIELD

register = template.Library()


def widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def field_ids(bound: forms.BoundField) -> tuple[str, str]:
    """The ids of the field's help text and error message (Django's own for the help text)."""
    base = bound.auto_id or bound.html_name
    return f"{base}_helptext", f"{base}_error"


@register.inclusion_tag("web/forms/_field.html")
def field(bound: forms.BoundField, **options: Any) -> dict[str, Any]:
    """A field with its label, help text and error. Options: `label` (False hides it, for a
    field whose label is elsewhere), `inline` (label and input on one line)."""
    widget = bound.field.widget
    help_id, error_id = field_ids(bound)
    described = [help_id] if bound.help_text else []
    if bound.errors:
        described.append(error_id)
    classes = [widget.attrs.get("class", ""), widget_class(widget)]
    if bound.errors:
        classes.append("is-invalid")
    attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    check = isinstance(widget, forms.CheckboxInput)
    choices = isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
    return {
        "field": bound,
        "widget": bound.as_widget(attrs=attrs),
        "hidden": bound.is_hidden,
        "check": check,
        "choices": choices,
        "help_id": help_id,
        "error_id": error_id,
        "show_label": options.get("label", True),
        "inline": options.get("inline", False),
    }


@register.inclusion_tag("web/forms/_summary.html")
def form_summary(*forms_: forms.Form | None, message: str = "") -> dict[str, Any]:
    """The short summary above a form: errors of the form as a whole (and `message`, a refusal
    from the domain), with one link per refused field to the field itself."""
    general = [str(message)] if message else []
    fields = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        general += [str(e) for e in form.non_field_errors()]
        for bound in form:
            if bound.errors:
                target = bound.auto_id or bound.html_name
                fields.append({"label": bound.label, "target": target})
    return {"general": general, "fields": fields}


@register.inclusion_tag("web/forms/_confirm.html")
def confirm_box(
    label: str = "", error: str = "", suffix: str = "", describes: str = ""
) -> dict[str, Any]:
    """The required "I am sure" box of an irreversible step; `suffix` keeps its id unique when
    a page has several, `label` says what is being confirmed, `error` is the server's refusal
    of a submission without it."""
    box_id = f"{CONFIRM_FIELD}-{suffix}" if suffix else CONFIRM_FIELD
    return {
        "name": CONFIRM_FIELD,
        "id": box_id,
        "error_id": f"{box_id}-error",
        "label": label,
        "error": error,
        "describes": describes,
    }


def _error_id(parts: tuple[object, ...]) -> str:
    return "-".join(str(part) for part in parts) + "-error"


@register.simple_tag
def error_attrs(message: str | None, *parts: object) -> str:
    """For an input written by hand in a table row: when `message` refuses it, the attributes
    that mark it (`is-invalid`, `aria-invalid`) and link it to its message, whose id is made
    of `parts` ("category", 12, "name" -> category-12-name-error)."""
    if not message:
        return ""
    return format_html(
        ' class="form-control form-control-sm is-invalid" aria-invalid="true" '
        'aria-describedby="{}"',
        _error_id(parts),
    )


@register.simple_tag
def field_error(message: str | None, *parts: object) -> str:
    """The message beside a hand-written input, with the id `error_attrs` points to; the last
    part names the field (`data-field`)."""
    if not message:
        return ""
    return format_html(
        '<span class="field-error invalid-feedback d-block" id="{}" data-field="{}">{}</span>',
        _error_id(parts),
        parts[-1],
        message,
    )
