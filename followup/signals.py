"""Keeps ``LatestStatus`` in step with the entries, whoever saves one (service, fixture, admin)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from followup.models import FollowUp


@receiver(post_save, sender=FollowUp, dispatch_uid="followup_latest_status")
def follow_up_saved(sender, instance: FollowUp, **kwargs) -> None:
    from followup.services import refresh_latest_statuses

    refresh_latest_statuses([instance.activity_id])
