"""Deliveries against a real SMTP server (aiosmtpd, tests/smtp.py): a relay that says "try again
later" gets the message once, after retries; a mailbox that does not exist stops the retries,
flags the address, and the advisor and the coordinator see it; a change that rolls back sends
nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tandem.core import deliveries, sms
from tandem.core.mail import send_templated_email
from tandem.core.models import Delivery, WorkerBeat
from tandem.outreach.models import ContactFlag
from tests.core.test_access_matrix import shared_plan_of
from tests.smtp import Flaky, NoSuchUser, start_smtp


@pytest.fixture
def relay(settings):
    """Start a real SMTP server with the given handler and route Django's mail to it."""
    controllers = []

    def start(handler):
        controller, inbox = start_smtp(handler)
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = controller.hostname
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        return inbox

    yield start
    for controller in controllers:
        controller.stop()


def share(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return shared_plan_of(cast)


def due_now(delivery):
    """Let the retry's time come (the clock moves on)."""
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_a_busy_relay_gets_the_plan_once_after_retries(
    cast, relay, django_capture_on_commit_callbacks
):
    inbox = relay(Flaky(refusals=2))
    share(cast, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(to=cast.caregiver.email)
    assert (delivery.state, delivery.attempts) == ("retrying", 1)
    assert delivery.student == cast.student and delivery.caregiver == cast.caregiver
    assert "421" in delivery.last_error and delivery.next_attempt_at > timezone.now()
    # Not due yet: the task finds nothing to do.
    assert deliveries.attempt(delivery.pk) == "retrying"
    assert inbox.messages == []

    due_now(delivery)
    assert deliveries.attempt(delivery.pk) == "retrying"
    due_now(delivery)
    assert deliveries.attempt(delivery.pk) == "sent"
    # Run again (a task recovered after a crash): nothing more goes.
    assert deliveries.attempt(delivery.pk) == "sent"

    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["Message-ID"] == Delivery.objects.get().message_id
    assert message.get_content_type() == "multipart/mixed"  # the plan's PDF is attached
    assert Delivery.objects.get().attempts == 3
    assert not ContactFlag.objects.exists()


def test_the_wait_between_attempts_grows_with_jitter(settings):
    settings.TANDEM_DELIVERY_BACKOFF = 60
    waits = [deliveries.backoff(n).total_seconds() for n in (1, 2, 3, 4)]
    for n, wait in enumerate(waits):
        assert 60 * 2**n * 0.75 <= wait <= 60 * 2**n * 1.25
    assert deliveries.backoff(30).total_seconds() <= 6 * 3600 * 1.25


def test_a_mailbox_that_does_not_exist_is_flagged_and_staff_see_it(
    cast, relay, client, django_capture_on_commit_callbacks
):
    inbox = relay(NoSuchUser())
    share(cast, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(to=cast.caregiver.email)
    assert (delivery.state, delivery.attempts) == ("failed", 1)
    assert "550" in delivery.last_error and delivery.next_attempt_at is None
    # No more attempts, however often the task runs.
    assert deliveries.attempt(delivery.pk) == "failed"
    assert Delivery.objects.get().attempts == 1 and inbox.messages == []
    flag = ContactFlag.objects.get(caregiver=cast.caregiver)
    assert (flag.detail, flag.value) == ("email", cast.caregiver.email)

    # Alice, his advisor, sees it on Sam's page; Sam's mother does not.
    client.force_login(cast.advisor)
    page = client.get(f"/students/{cast.student.pk}/").content.decode()
    assert "was not delivered" in page and cast.caregiver.email in page
    client.force_login(cast.caregiver.user)
    assert "was not delivered" not in client.get(f"/students/{cast.student.pk}/").content.decode()
    client.force_login(cast.other_advisor)
    assert client.get("/coordinator/deliveries/").status_code == 404

    # The coordinator's list; "mark handled" takes it off the list and off Sam's page.
    client.force_login(cast.coordinator)
    listing = client.get("/coordinator/deliveries/").content.decode()
    assert cast.caregiver.email in listing and "550" in listing
    response = client.post(f"/coordinator/deliveries/{delivery.pk}/handled/", follow=True)
    assert "marked handled" in response.content.decode()
    assert Delivery.objects.get().state == "handled"
    assert cast.caregiver.email not in client.get("/coordinator/deliveries/").content.decode()
    client.force_login(cast.advisor)
    assert "was not delivered" not in client.get(f"/students/{cast.student.pk}/").content.decode()


def test_retry_now_sends_again_once_the_address_works(
    cast, relay, client, django_capture_on_commit_callbacks
):
    relay(NoSuchUser())
    share(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    inbox = relay(Flaky(refusals=0))  # the family's address was corrected; the relay accepts
    client.force_login(cast.school_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/coordinator/deliveries/{delivery.pk}/retry/")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 2)
    assert [m["Message-ID"] for m in inbox.messages] == [delivery.message_id]
    # A sent message cannot be retried or handled into a second copy.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/coordinator/deliveries/{delivery.pk}/retry/")
    assert len(inbox.messages) == 1 and Delivery.objects.get().state == "sent"


def test_a_relay_refusing_for_longer_than_the_retry_time_gives_up(
    cast, relay, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_DELIVERY_RETRY_FOR = 600
    settings.TANDEM_DELIVERY_BACKOFF = 400
    relay(Flaky(refusals=99))
    share(cast, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.state == "retrying"
    due_now(delivery)
    deliveries.attempt(delivery.pk)  # the next wait (~800 s) ends after the 600 s allowed
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", 2)
    assert not ContactFlag.objects.exists()  # the relay's trouble, not the address's


def test_a_change_that_rolls_back_writes_no_delivery_and_sends_nothing(
    cast, relay, django_capture_on_commit_callbacks
):
    inbox = relay(Flaky(refusals=0))
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_templated_email(
            to=cast.caregiver.email,
            language="en",
            template="accounts/email/signin_link",
            context={"link": "https://example.org/x", "user": cast.caregiver.user},
        )
        assert Delivery.objects.count() == 1
        raise RuntimeError("the change failed")
    assert not Delivery.objects.exists()
    assert inbox.messages == []


class BusyProvider:
    calls = 0

    def send(self, to, body):
        BusyProvider.calls += 1
        if BusyProvider.calls == 1:
            return sms.SmsResult(ok=False, error="429 Too Many Requests", temporary=True)
        return sms.SmsResult(ok=True, provider_id="p-1")


def test_a_text_the_provider_throttles_is_retried(cast, settings):
    settings.TANDEM_SMS_BACKEND = "tests.core.test_deliveries.BusyProvider"
    BusyProvider.calls = 0
    result = sms.send_text("+16175550101", "Conference tomorrow at 4:30 p.m.")
    assert not result.ok and result.temporary
    delivery = Delivery.objects.get(channel="text")
    assert delivery.state == "retrying"
    due_now(delivery)
    assert deliveries.attempt(delivery.pk) == "sent"
    assert deliveries.attempt(delivery.pk) == "sent" and BusyProvider.calls == 2


def test_recover_tasks_requeues_only_the_tasks_of_dead_workers(db, settings):
    from django_tasks_db.models import DBTaskResult

    def running(worker_id, minutes_ago):
        return DBTaskResult.objects.create(
            status="RUNNING",
            args_kwargs={"args": [], "kwargs": {"delivery_id": 1}},
            task_path="tandem.core.tasks.deliver",
            backend_name="default",
            run_after=timezone.now(),
            started_at=timezone.now() - timedelta(minutes=minutes_ago),
            worker_ids=[worker_id],
        )

    settings.TANDEM_TASK_RECOVER_AFTER = 300
    WorkerBeat.objects.create(worker_id="alive", host="h", pid=1, beat_at=timezone.now())
    WorkerBeat.objects.create(
        worker_id="dead", host="h", pid=2, beat_at=timezone.now() - timedelta(minutes=30)
    )
    orphan = running("dead", 10)
    slow = running("alive", 10)
    fresh = running("dead", 1)
    call_command("recover_tasks")
    statuses = {r.pk: r.status for r in DBTaskResult.objects.all()}
    assert statuses == {orphan.pk: "READY", slow.pk: "RUNNING", fresh.pk: "RUNNING"}
    assert list(WorkerBeat.objects.values_list("worker_id", flat=True)) == ["alive"]


def test_the_coordinator_sees_when_a_message_will_be_tried_again(
    cast, relay, client, django_capture_on_commit_callbacks
):
    relay(Flaky(refusals=5))
    share(cast, django_capture_on_commit_callbacks)
    client.force_login(cast.coordinator)
    page = client.get("/coordinator/deliveries/").content.decode()
    assert "will retry" in page and "next attempt" in page and "421" in page
