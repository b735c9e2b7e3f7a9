"""Admin's delete confirmation in words a coordinator understands.

Django lists what a delete takes with it as "<model>: <object>", which for the hidden
table behind a many-to-many field reads "Activity-actor relation: Activity_responsible
object (39)". Here such a row says what it is ("Ansvariga för aktiviteten ”…”: KLK"),
and the counts name the links, not the table.
"""

from __future__ import annotations

from django.contrib.admin.utils import NestedObjects, quote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def _m2m_field(through):
    """The ManyToManyField an auto-created through model belongs to, with its two ends."""
    owner = through._meta.auto_created
    for f in owner._meta.many_to_many:
        if f.remote_field.through is through:
            return f, f.m2m_field_name(), f.m2m_reverse_field_name()
    return None, None, None


def describe_link(obj) -> str:
    """'Ansvariga för aktiviteten ”X”: KLK (kopplingen tas bort, aktören finns kvar)'."""
    field, source_name, target_name = _m2m_field(obj.__class__)
    if field is None:
        return str(obj)
    source, target = getattr(obj, source_name), getattr(obj, target_name)
    return _("%(field)s för %(model)s ”%(source)s”: %(target)s (bara kopplingen tas bort)") % {
        "field": capfirst(field.verbose_name),
        "model": source._meta.verbose_name,
        "source": source,
        "target": target,
    }


def readable_deleted_objects(objs, request, admin_site):
    """``ModelAdmin.get_deleted_objects`` with links described in words (same return shape:
    nested list of HTML strings, {name: count}, permissions lacking, protected)."""
    try:
        first = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed = set()

    def format_callback(obj):
        opts = obj._meta
        if opts.auto_created:
            return describe_link(obj)
        text = f"{capfirst(opts.verbose_name)}: {obj}"
        if not admin_site.is_registered(obj.__class__):
            return text
        if not admin_site.get_model_admin(obj.__class__).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(
                f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=(quote(obj.pk),),
            )
        except NoReverseMatch:
            return text
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

    to_delete = collector.nested(format_callback)
    protected = [format_callback(obj) for obj in collector.protected]
    model_count = {}
    for model, objects in collector.model_objs.items():
        if model._meta.auto_created:
            field, _source, _target = _m2m_field(model)
            name = _("kopplingar: %(field)s") % {"field": field.verbose_name if field else model}
        else:
            name = model._meta.verbose_name_plural
        model_count[name] = len(objects)
    return to_delete, model_count, perms_needed, protected


class ReadableDeletionMixin:
    """For ModelAdmins: the delete confirmation (one object or the bulk action) in words."""

    def get_deleted_objects(self, objs, request):
        return readable_deleted_objects(objs, request, self.admin_site)
