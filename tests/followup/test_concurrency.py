"""Two people save the same entry at the same moment: one save wins, the other is refused."""

import threading
import time

import pytest
from django.db import OperationalError, connection

from followup.models import FollowUp, Status
from followup.services import StaleFollowUpError, record_follow_up
from followup.tertial import Tertial


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_saves_one_wins_the_other_is_refused(seed_plan, make_user):
    from actors.permissions import ROLE_COORDINATOR

    users = [make_user(role=ROLE_COORDINATOR) for _ in range(2)]
    activity = seed_plan.focus_areas.get(order=1).activities.get()
    barrier = threading.Barrier(2, timeout=10)
    results: list[str] = []

    def save(user, text):
        try:
            barrier.wait()
            for _attempt in range(100):
                try:
                    record_follow_up(
                        activity=activity,
                        tertial=Tertial(2017, 1),
                        user=user,
                        status=Status.DONE,
                        comment=text,
                        expected_version=0,
                    )
                    results.append("saved")
                    return
                except StaleFollowUpError:
                    results.append("refused")
                    return
                except OperationalError as exc:
                    # SQLite's shared in-memory test database reports a lock at once
                    # instead of waiting (busy_timeout): wait and try again as it would.
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.05)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(user, f"Text {i}")) for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["refused", "saved"]
    entry = FollowUp.objects.get()
    assert entry.version == 1 and entry.history.count() == 1
